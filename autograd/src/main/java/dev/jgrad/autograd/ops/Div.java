package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.BinaryOp;

/** y = a / b, broadcasting;  d/da = 1/b, d/db = −a/b². */
public final class Div extends OpNode {
  private final Saved a;
  private final Saved b;

  private Div(Tensor a, Tensor b) {
    super("div", a, b);
    this.a = save(a);
    this.b = save(b);
  }

  public static Tensor apply(Tensor a, Tensor b) {
    Tensor out = OpSupport.binary("div", BinaryOp.DIV, a, b);
    Tensor r = OpSupport.recording(a, b) ? OpSupport.record(out, new Div(a, b)) : out;
    return Forward.active() ? Forward.attach(r, () -> jvp(a, b, out), a, b) : r;
  }

  /** The tangent of a / b: ta / b − tb·(a / b) / b. */
  private static Tensor jvp(Tensor a, Tensor b, Tensor y) {
    Tensor ta = Forward.tangent(a);
    Tensor tb = Forward.tangent(b);
    return Forward.sum(ta == null ? null : ta.div(b), tb == null ? null : tb.mul(y).div(b).neg());
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {needsGrad(0) ? grad.div(b.get()) : null, needsGrad(1) ? grad.mul(a.get()).div(b.get().mul(b.get())).neg() : null};
  }
}
