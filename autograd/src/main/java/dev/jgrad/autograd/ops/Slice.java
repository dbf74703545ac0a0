package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.kernels.Kernels;
import java.util.ArrayList;
import java.util.List;

/** y = x[start:end] along one axis;  the gradient is placed back between zeros. */
public final class Slice extends OpNode {
  private final Shape inputShape;
  private final int axis;
  private final int start;
  private final int end;

  private Slice(Tensor x, int axis, int start, int end) {
    super("slice", x);
    this.inputShape = OpSupport.shape(x);
    this.axis = axis;
    this.start = start;
    this.end = end;
  }

  public static Tensor apply(Tensor x, int axis, int start, int end) {
    Shape in = OpSupport.shape(x);
    int a = in.normalizeAxis(axis, "slice");
    int length = in.dim(a);
    if (start < 0 || end > length || start > end) {
      throw new IllegalArgumentException(
          String.format("slice: range [%d, %d) is out of bounds for axis %d of shape %s", start, end, a, in));
    }
    int[] dims = in.dims();
    int[] strides = in.strides();
    dims[a] = end - start;
    Object out = OpSupport.newArray(x.dtype(), Shape.of(dims).size());
    Kernels.copyStrided(OpSupport.data(x), start * strides[a], strides, out, dims);
    Tensor y = OpSupport.create(Shape.of(dims), x.dtype(), out);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(y, new Slice(x, a, start, end)) : y;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).slice(a, start, end), x) : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    DType dtype = grad.dtype();
    List<Tensor> parts = new ArrayList<>(3);
    int[] dims = inputShape.dims();
    if (start > 0) {
      dims[axis] = start;
      parts.add(Tensor.zeros(dtype, dims));
    }
    parts.add(grad);
    if (end < inputShape.dim(axis)) {
      dims[axis] = inputShape.dim(axis) - end;
      parts.add(Tensor.zeros(dtype, dims));
    }
    return new Tensor[] {parts.size() == 1 ? grad : Tensor.concat(parts, axis)};
  }
}
