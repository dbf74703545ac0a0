package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.Kernels;

/** y = x − log Σ eˣ along an axis (stable);  dx = g − eʸ · Σ g. */
public final class LogSoftmax extends OpNode {
  private final Saved y;
  private final int axis;

  private LogSoftmax(Tensor x, Tensor y, int axis) {
    super("logSoftmax", x);
    this.y = save(y);
    this.axis = axis;
  }

  public static Tensor apply(Tensor x, int axis) {
    Shape in = OpSupport.shape(x);
    int a = in.normalizeAxis(axis, "logSoftmax");
    int[] dims = in.dims();
    Object out = OpSupport.newArray(x.dtype(), in.size());
    Kernels.logSoftmax(
        OpSupport.data(x), OpSupport.product(dims, 0, a), dims[a], OpSupport.product(dims, a + 1, dims.length), out);
    Tensor y = OpSupport.create(in, x.dtype(), out);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(y, new LogSoftmax(x, y, a)) : y;
    return Forward.active()
        ? Forward.attach(r, () -> Forward.tangent(x).sub(y.exp().mul(Forward.tangent(x)).sum(a, true)), x)
        : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {grad.sub(y.get().exp().mul(grad.sum(axis, true)))};
  }
}
