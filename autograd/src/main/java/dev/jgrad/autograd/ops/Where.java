package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.Kernels;

/**
 * y = cond ? a : b elementwise, broadcasting all three;  da = g where cond, db = g elsewhere. The
 * condition is a constant of the graph (no gradient reaches it), saved like any other tensor, so
 * that changing it in place before backward is detected.
 */
public final class Where extends OpNode {
  private final Saved condition;

  private Where(Tensor condition, Tensor a, Tensor b) {
    super("where", a, b);
    this.condition = save(condition);
  }

  public static Tensor apply(Tensor condition, Tensor a, Tensor b) {
    DType dtype = OpSupport.sameDtype("where", a, b);
    OpSupport.sameDtype("where", condition, a);
    Shape sc = OpSupport.shape(condition);
    Shape sa = OpSupport.shape(a);
    Shape sb = OpSupport.shape(b);
    Shape out = Shape.broadcast(Shape.broadcast(sc, sa, "where"), sb, "where");
    Object result = OpSupport.newArray(dtype, out.size());
    Kernels.where(
        OpSupport.data(condition), OpSupport.broadcastStrides(sc, out),
        OpSupport.data(a), OpSupport.broadcastStrides(sa, out),
        OpSupport.data(b), OpSupport.broadcastStrides(sb, out),
        result, out.dims());
    Tensor y = OpSupport.create(out, dtype, result);
    Tensor r = OpSupport.recording(a, b) ? OpSupport.record(y, new Where(condition, a, b)) : y;
    return Forward.active()
        ? Forward.attach(r, () -> Tensor.where(condition, Forward.tangentOrZeros(a), Forward.tangentOrZeros(b)), a, b)
        : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    Tensor zero = Tensor.scalar(0, grad.dtype());
    Tensor c = condition.get();
    Tensor ga = needsGrad(0) ? apply(c, grad, zero) : null;
    Tensor gb = needsGrad(1) ? apply(c, zero, grad) : null;
    return new Tensor[] {ga, gb};
  }
}
