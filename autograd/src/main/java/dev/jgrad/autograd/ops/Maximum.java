package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.BinaryOp;

/**
 * y = max(a, b) (or min) elementwise, broadcasting, NaN if either is NaN;  the gradient goes to the
 * larger (smaller) input, and is split 0.5 / 0.5 where they tie, as PyTorch's maximum and minimum do.
 */
public final class Maximum extends OpNode {
  private final Saved a;
  private final Saved b;
  private final boolean minimum;

  private Maximum(Tensor a, Tensor b, boolean minimum) {
    super(minimum ? "minimum" : "maximum", a, b);
    this.a = save(a);
    this.b = save(b);
    this.minimum = minimum;
  }

  public static Tensor apply(Tensor a, Tensor b, boolean minimum) {
    String name = minimum ? "minimum" : "maximum";
    Tensor out = OpSupport.binary(name, minimum ? BinaryOp.MIN : BinaryOp.MAX, a, b);
    Tensor r = OpSupport.recording(a, b) ? OpSupport.record(out, new Maximum(a, b, minimum)) : out;
    return Forward.active() ? Forward.attach(r, () -> jvp(a, b, minimum), a, b) : r;
  }

  /** The tangent of the larger (smaller) input, the mean of both where they tie. */
  private static Tensor jvp(Tensor a, Tensor b, boolean minimum) {
    Tensor half = a.eq(b).mul(0.5);
    Tensor ta = Forward.tangent(a);
    Tensor tb = Forward.tangent(b);
    return Forward.sum(
        ta == null ? null : ta.mul((minimum ? a.lt(b) : a.gt(b)).add(half)),
        tb == null ? null : tb.mul((minimum ? b.lt(a) : b.gt(a)).add(half)));
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    Tensor x = a.get();
    Tensor y = b.get();
    Tensor half = x.eq(y).mul(0.5);
    Tensor toA = (minimum ? x.lt(y) : x.gt(y)).add(half);
    Tensor toB = (minimum ? y.lt(x) : y.gt(x)).add(half);
    return new Tensor[] {needsGrad(0) ? grad.mul(toA) : null, needsGrad(1) ? grad.mul(toB) : null};
  }
}
