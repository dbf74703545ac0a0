package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.UnaryOp;

/** y = cos x (StrictMath's bits);  dy/dx = −sin x. */
public final class Cos extends OpNode {
  private final Saved x;

  private Cos(Tensor x) {
    super("cos", x);
    this.x = save(x);
  }

  public static Tensor apply(Tensor x) {
    Tensor out = OpSupport.unary(UnaryOp.COS, x);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(out, new Cos(x)) : out;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).mul(x.sin().neg()), x) : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {grad.mul(x.get().sin().neg())};
  }
}
