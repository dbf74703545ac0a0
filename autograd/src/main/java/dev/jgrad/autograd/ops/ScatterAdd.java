package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.kernels.Kernels;

/**
 * y = zeros(shape) with y[o, index[o, i], i] += src[o, i]: the adjoint of {@link Pick};  its own
 * gradient is the gather of the incoming one.
 */
public final class ScatterAdd extends OpNode {
  private final int axis;
  private final int[] index;

  private ScatterAdd(Tensor src, int axis, int[] index) {
    super("scatterAdd", src);
    this.axis = axis;
    this.index = index;
  }

  /** The index was checked by the gather this reverses. */
  static Tensor apply(Tensor src, Shape shape, int axis, int[] index) {
    int[] dims = shape.dims();
    int outer = OpSupport.product(dims, 0, axis);
    int inner = OpSupport.product(dims, axis + 1, dims.length);
    Object out = OpSupport.newArray(src.dtype(), shape.size());
    Kernels.scatterAdd(OpSupport.data(src), outer, dims[axis], inner, index, out);
    Tensor y = OpSupport.create(shape, src.dtype(), out);
    Tensor r = OpSupport.recording(src) ? OpSupport.record(y, new ScatterAdd(src, axis, index)) : y;
    return Forward.active() ? Forward.attach(r, () -> apply(Forward.tangent(src), shape, axis, index), src) : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {Pick.apply(grad, axis, index)};
  }
}
