package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.BinaryOp;

/** y = a^b, broadcasting;  d/da = b·a^(b−1), d/db = y·ln a (so b's gradient needs a > 0). */
public final class Pow extends OpNode {
  private final Saved a;
  private final Saved b;
  private final Saved y;

  private Pow(Tensor a, Tensor b, Tensor y) {
    super("pow", a, b);
    this.a = save(a);
    this.b = save(b);
    this.y = needsGrad(1) ? save(y) : null;
  }

  public static Tensor apply(Tensor a, Tensor b) {
    Tensor out = OpSupport.binary("pow", BinaryOp.POW, a, b);
    Tensor r = OpSupport.recording(a, b) ? OpSupport.record(out, new Pow(a, b, out)) : out;
    return Forward.active() ? Forward.attach(r, () -> jvp(a, b, out), a, b) : r;
  }

  /** The tangent of y = a^b: ta·b·a^(b−1) + tb·y·ln a. */
  private static Tensor jvp(Tensor a, Tensor b, Tensor y) {
    Tensor ta = Forward.tangent(a);
    Tensor tb = Forward.tangent(b);
    return Forward.sum(
        ta == null ? null : ta.mul(b).mul(a.pow(b.sub(1))), tb == null ? null : tb.mul(y).mul(a.log()));
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    Tensor base = a.get();
    Tensor exponent = b.get();
    Tensor ga = needsGrad(0) ? grad.mul(exponent).mul(base.pow(exponent.sub(1))) : null;
    Tensor gb = needsGrad(1) ? grad.mul(y.get()).mul(base.log()) : null;
    return new Tensor[] {ga, gb};
  }
}
