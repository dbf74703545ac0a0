package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.UnaryOp;

/** y = √x;  dy/dx = 1/(2y). */
public final class Sqrt extends OpNode {
  private final Saved y;

  private Sqrt(Tensor x, Tensor y) {
    super("sqrt", x);
    this.y = save(y);
  }

  public static Tensor apply(Tensor x) {
    Tensor out = OpSupport.unary(UnaryOp.SQRT, x);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(out, new Sqrt(x, out)) : out;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).div(out.mul(2)), x) : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {grad.div(y.get().mul(2))};
  }
}
