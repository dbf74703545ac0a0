package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.kernels.Kernels;

/**
 * y[o, i] = x[o, index[o, i], i]: one element along an axis for every other position (the class
 * score of each example, for cross-entropy);  the gradient is scattered back to those elements.
 */
public final class Pick extends OpNode {
  private final Shape inputShape;
  private final int axis;
  private final int[] index;

  private Pick(Tensor x, int axis, int[] index) {
    super("pick", x);
    this.inputShape = OpSupport.shape(x);
    this.axis = axis;
    this.index = index;
  }

  public static Tensor apply(Tensor x, int axis, int[] index) {
    Shape in = OpSupport.shape(x);
    int a = in.normalizeAxis(axis, "pick");
    int[] dims = in.dims();
    int outer = OpSupport.product(dims, 0, a);
    int inner = OpSupport.product(dims, a + 1, dims.length);
    checkIndex("pick", in, a, index, outer * inner);
    int[] copy = index.clone();
    Object out = OpSupport.newArray(x.dtype(), outer * inner);
    Kernels.gather(OpSupport.data(x), outer, dims[a], inner, copy, out);
    Tensor y = OpSupport.create(OpSupport.reduced(in, a, false), x.dtype(), out);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(y, new Pick(x, a, copy)) : y;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).pick(a, copy), x) : r;
  }

  static void checkIndex(String op, Shape shape, int axis, int[] index, int expected) {
    if (index == null) {
      throw new NullPointerException(op + ": the index array is null");
    }
    if (index.length != expected) {
      throw new IllegalArgumentException(
          String.format(
              "%s: %d indices given for shape %s along axis %d, which needs one per other position (%d)",
              op, index.length, shape, axis, expected));
    }
    int length = shape.dim(axis);
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= length) {
        throw new IndexOutOfBoundsException(
            String.format(
                "%s: index %d at position %d is out of range [0, %d) for axis %d of shape %s",
                op, index[i], i, length, axis, shape));
      }
    }
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {ScatterAdd.apply(grad, inputShape, axis, index)};
  }
}
