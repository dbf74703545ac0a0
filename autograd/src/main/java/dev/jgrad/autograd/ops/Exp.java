package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.UnaryOp;

/** y = eˣ;  dy/dx = y. */
public final class Exp extends OpNode {
  private final Saved y;

  private Exp(Tensor x, Tensor y) {
    super("exp", x);
    this.y = save(y);
  }

  public static Tensor apply(Tensor x) {
    Tensor out = OpSupport.unary(UnaryOp.EXP, x);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(out, new Exp(x, out)) : out;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).mul(out), x) : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {grad.mul(y.get())};
  }
}
