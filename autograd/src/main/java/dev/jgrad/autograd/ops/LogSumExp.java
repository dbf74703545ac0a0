package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;

/**
 * y = ln Σ exp(x) along an axis, computed as m + ln Σ exp(x − m) with m the maximum (0 where the
 * maximum is infinite, so that a row of −∞ gives −∞ rather than NaN);  dy/dx = softmax(x) along the
 * axis.
 */
public final class LogSumExp extends OpNode {
  private final Saved x;
  private final int axis;
  private final Shape kept;

  private LogSumExp(Tensor x, int axis, Shape kept) {
    super("logSumExp", x);
    this.x = save(x);
    this.axis = axis;
    this.kept = kept;
  }

  public static Tensor apply(Tensor x, int axis, boolean keepDim) {
    Shape in = OpSupport.shape(x);
    int a = in.normalizeAxis(axis, "logSumExp");
    Shape kept = OpSupport.reduced(in, a, true);
    Tensor out;
    try (var g = Autograd.noGrad()) {
      Tensor m = in.dim(a) == 0 ? Tensor.zeros(x.dtype(), kept.dims()) : x.max(a, true);
      m = Tensor.where(m.abs().lt(Double.POSITIVE_INFINITY), m, Tensor.scalar(0, x.dtype()));
      out = x.sub(m).exp().sum(a, true).log().add(m);
      if (!keepDim) {
        out = out.reshape(OpSupport.reduced(in, a, false).dims());
      }
    }
    Tensor r = OpSupport.recording(x) ? OpSupport.record(out, new LogSumExp(x, a, kept)) : out;
    return Forward.active() ? Forward.attach(r, () -> x.softmax(a).mul(Forward.tangent(x)).sum(a, keepDim), x) : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {grad.reshape(kept.dims()).mul(x.get().softmax(axis))};
  }
}
