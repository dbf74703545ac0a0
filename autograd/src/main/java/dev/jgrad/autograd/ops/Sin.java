package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.UnaryOp;

/** y = sin x (StrictMath's bits);  dy/dx = cos x. */
public final class Sin extends OpNode {
  private final Saved x;

  private Sin(Tensor x) {
    super("sin", x);
    this.x = save(x);
  }

  public static Tensor apply(Tensor x) {
    Tensor out = OpSupport.unary(UnaryOp.SIN, x);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(out, new Sin(x)) : out;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).mul(x.cos()), x) : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {grad.mul(x.get().cos())};
  }
}
