package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.GradMode;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.BinaryOp;
import dev.jgrad.autograd.kernels.UnaryOp;

/** y = max(x, 0);  dy/dx = 1 for x > 0, else 0 (the subgradient 0 at x = 0). */
public final class Relu extends OpNode {
  private final Saved x;

  private Relu(Tensor x) {
    super("relu", x);
    this.x = save(x);
  }

  public static Tensor apply(Tensor x) {
    Tensor out = OpSupport.unary(UnaryOp.RELU, x);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(out, new Relu(x)) : out;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).mul(x.gt(0)), x) : r;
  }

  /**
   * One fused pass (the gradient where x > 0) in an ordinary backward; the product with the mask,
   * which is itself differentiable, when the backward is recorded for higher derivatives.
   */
  @Override
  protected Tensor[] backward(Tensor grad) {
    if (GradMode.isEnabled()) {
      return new Tensor[] {grad.mul(x.get().gt(0))};
    }
    return new Tensor[] {OpSupport.binary("relu", BinaryOp.RELU_BACKWARD, grad, x.get())};
  }
}
