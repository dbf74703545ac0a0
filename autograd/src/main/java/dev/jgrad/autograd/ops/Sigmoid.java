package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.UnaryOp;

/** y = 1/(1 + e⁻ˣ);  dy/dx = y(1 − y). */
public final class Sigmoid extends OpNode {
  private final Saved y;

  private Sigmoid(Tensor x, Tensor y) {
    super("sigmoid", x);
    this.y = save(y);
  }

  public static Tensor apply(Tensor x) {
    Tensor out = OpSupport.unary(UnaryOp.SIGMOID, x);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(out, new Sigmoid(x, out)) : out;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).mul(out.mul(out.neg().add(1))), x) : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {grad.mul(y.get().mul(oneMinus(y.get())))};
  }

  private static Tensor oneMinus(Tensor t) {
    return t.neg().add(1);
  }
}
