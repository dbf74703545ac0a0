package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import java.util.List;

/** y = [x₁, x₂, …] along one axis;  each input's gradient is its slice of the incoming one. */
public final class Concat extends OpNode {
  private final int axis;
  private final int[] offsets;

  private Concat(Tensor[] inputs, int axis, int[] offsets) {
    super("concat", inputs);
    this.axis = axis;
    this.offsets = offsets;
  }

  public static Tensor apply(List<Tensor> tensors, int axis) {
    if (tensors.isEmpty()) {
      throw new IllegalArgumentException("concat: needs at least one tensor");
    }
    Tensor first = tensors.get(0);
    Shape firstShape = OpSupport.shape(first);
    if (firstShape.rank() == 0) {
      throw new IllegalArgumentException("concat: cannot concatenate 0-d tensors; reshape them to [1] first");
    }
    int a = firstShape.normalizeAxis(axis, "concat");
    DType dtype = first.dtype();
    int[] offsets = new int[tensors.size() + 1];
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      Shape s = OpSupport.shape(t);
      OpSupport.sameDtype("concat", first, t);
      if (s.rank() != firstShape.rank() || !sameExceptAxis(s, firstShape, a)) {
        throw new IllegalArgumentException(
            String.format(
                "concat: shape %s of tensor %d does not match %s outside axis %d", s, i, firstShape, a));
      }
      offsets[i + 1] = offsets[i] + s.dim(a);
    }
    int[] dims = firstShape.dims();
    dims[a] = offsets[tensors.size()];
    Shape outShape = Shape.of(dims);
    Object out = OpSupport.newArray(dtype, outShape.size());
    // Each input fills a block of `inner·len` elements in each of `outer` rows.
    int outer = OpSupport.product(dims, 0, a);
    int inner = OpSupport.product(dims, a + 1, dims.length);
    int rowLength = dims[a] * inner;
    for (int i = 0; i < tensors.size(); i++) {
      Object src = OpSupport.data(tensors.get(i));
      int block = (offsets[i + 1] - offsets[i]) * inner;
      for (int o = 0; o < outer; o++) {
        System.arraycopy(src, o * block, out, o * rowLength + offsets[i] * inner, block);
      }
    }
    Tensor y = OpSupport.create(outShape, dtype, out);
    Tensor r = OpSupport.recording(tensors)
        ? OpSupport.record(y, new Concat(tensors.toArray(new Tensor[0]), a, offsets))
        : y;
    return Forward.active()
        ? Forward.attach(r, () -> Tensor.concat(tensors.stream().map(Forward::tangentOrZeros).toList(), a),
            tensors.toArray(new Tensor[0]))
        : r;
  }

  private static boolean sameExceptAxis(Shape s, Shape t, int axis) {
    for (int i = 0; i < s.rank(); i++) {
      if (i != axis && s.dim(i) != t.dim(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    Tensor[] grads = new Tensor[inputCount()];
    for (int i = 0; i < grads.length; i++) {
      grads[i] = needsGrad(i) ? grad.slice(axis, offsets[i], offsets[i + 1]) : null;
    }
    return grads;
  }
}
