package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.kernels.Kernels;
import java.util.Arrays;

/** y = Σ x over some axes;  dy/dx = 1, so backward spreads the gradient back over the summed axes. */
public final class Sum extends OpNode {
  private final Shape inputShape;
  private final Shape keptShape;

  private Sum(Tensor x, Shape keptShape) {
    super("sum", x);
    this.inputShape = OpSupport.shape(x);
    this.keptShape = keptShape;
  }

  public static Tensor apply(Tensor x, int[] axes, boolean keepDim) {
    Shape in = OpSupport.shape(x);
    boolean[] reduce = new boolean[in.rank()];
    for (int axis : axes) {
      int a = in.normalizeAxis(axis, "sum");
      if (reduce[a]) {
        throw new IllegalArgumentException(
            String.format("sum: axis %d appears twice in %s for shape %s", axis, Arrays.toString(axes), in));
      }
      reduce[a] = true;
    }
    int[] dims = in.dims();
    Object current = OpSupport.data(x);
    int[] currentDims = dims.clone();
    boolean copied = false;
    // Reduce each run of adjacent axes in one kernel call, innermost run first.
    for (int end = dims.length; end > 0; ) {
      if (!reduce[end - 1]) {
        end--;
        continue;
      }
      int start = end - 1;
      while (start > 0 && reduce[start - 1]) {
        start--;
      }
      int outer = OpSupport.product(currentDims, 0, start);
      int axisLength = OpSupport.product(currentDims, start, end);
      int inner = OpSupport.product(currentDims, end, currentDims.length);
      Object out = OpSupport.newArray(x.dtype(), outer * inner);
      Kernels.sum(current, outer, axisLength, inner, out);
      current = out;
      copied = true;
      for (int i = start; i < end; i++) {
        currentDims[i] = 1;
      }
      end = start;
    }
    if (!copied) {
      current = OpSupport.newArray(x.dtype(), in.size());
      System.arraycopy(OpSupport.data(x), 0, current, 0, in.size());
    }
    Shape kept = Shape.of(currentDims);
    Shape outShape = keepDim ? kept : dropped(dims, reduce);
    Tensor y = OpSupport.create(outShape, x.dtype(), current);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(y, new Sum(x, kept)) : y;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).sum(axes, keepDim), x) : r;
  }

  private static Shape dropped(int[] dims, boolean[] reduce) {
    int count = 0;
    for (boolean r : reduce) {
      count += r ? 0 : 1;
    }
    int[] out = new int[count];
    for (int i = 0, j = 0; i < dims.length; i++) {
      if (!reduce[i]) {
        out[j++] = dims[i];
      }
    }
    return Shape.of(out);
  }

  /** The inverse of broadcasting: sums x down to {@code target}, a shape that broadcasts to x's. */
  public static Tensor toSize(Tensor x, Shape target) {
    Shape in = OpSupport.shape(x);
    if (!target.broadcastsTo(in)) {
      throw new IllegalArgumentException(
          String.format("sumToSize: shape %s does not broadcast to %s, so %s cannot be summed to it", target, in, in));
    }
    if (target.equals(in)) {
      return x;
    }
    int offset = in.rank() - target.rank();
    int[] inDims = in.dims();
    int[] targetDims = target.dims();
    int[] axes = new int[in.rank()];
    int count = 0;
    for (int i = 0; i < in.rank(); i++) {
      if (i < offset || (targetDims[i - offset] == 1 && inDims[i] != 1)) {
        axes[count++] = i;
      }
    }
    return apply(x, Arrays.copyOf(axes, count), true).reshape(targetDims);
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {grad.reshape(keptShape.dims()).expand(inputShape.dims())};
  }
}
