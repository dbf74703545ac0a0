package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.BinaryOp;

/** y = a · b, broadcasting;  d/da = b, d/db = a. */
public final class Mul extends OpNode {
  private final Saved a;
  private final Saved b;

  private Mul(Tensor a, Tensor b) {
    super("mul", a, b);
    this.a = save(a);
    this.b = save(b);
  }

  public static Tensor apply(Tensor a, Tensor b) {
    Tensor out = OpSupport.binary("mul", BinaryOp.MUL, a, b);
    Tensor r = OpSupport.recording(a, b) ? OpSupport.record(out, new Mul(a, b)) : out;
    return Forward.active() ? Forward.attach(r, () -> jvp(a, b), a, b) : r;
  }

  /** The tangent of a·b: ta·b + a·tb. */
  private static Tensor jvp(Tensor a, Tensor b) {
    Tensor ta = Forward.tangent(a);
    Tensor tb = Forward.tangent(b);
    return Forward.sum(ta == null ? null : ta.mul(b), tb == null ? null : tb.mul(a));
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {needsGrad(0) ? grad.mul(b.get()) : null, needsGrad(1) ? grad.mul(a.get()) : null};
  }
}
