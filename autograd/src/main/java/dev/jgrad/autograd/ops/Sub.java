package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.kernels.BinaryOp;

/** y = a − b, broadcasting;  d/da = 1, d/db = −1. */
public final class Sub extends OpNode {
  private Sub(Tensor a, Tensor b) {
    super("sub", a, b);
  }

  public static Tensor apply(Tensor a, Tensor b) {
    Tensor out = OpSupport.binary("sub", BinaryOp.SUB, a, b);
    Tensor r = OpSupport.recording(a, b) ? OpSupport.record(out, new Sub(a, b)) : out;
    return Forward.active() ? Forward.attach(r, () -> jvp(a, b), a, b) : r;
  }

  /** The tangent of a − b: ta − tb. */
  private static Tensor jvp(Tensor a, Tensor b) {
    Tensor tb = Forward.tangent(b);
    return Forward.sum(Forward.tangent(a), tb == null ? null : tb.neg());
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {needsGrad(0) ? grad : null, needsGrad(1) ? grad.neg() : null};
  }
}
