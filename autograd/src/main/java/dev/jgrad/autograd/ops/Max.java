package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.Kernels;

/**
 * y = max x over one axis or all;  dy/dx = 1 at the maximum. Ties share the gradient equally (the
 * subgradient PyTorch's amax uses), so the result does not depend on which tied element came first.
 */
public final class Max extends OpNode {
  private final Saved x;
  private final Saved y;
  private final Shape keptShape;
  private final Integer axis;

  private Max(Tensor x, Tensor y, Shape keptShape, Integer axis) {
    super("max", x);
    this.x = save(x);
    this.y = save(y);
    this.keptShape = keptShape;
    this.axis = axis;
  }

  /** The maximum along {@code axis}, or over all elements when axis is null. */
  public static Tensor apply(Tensor x, Integer axis, boolean keepDim) {
    Shape in = OpSupport.shape(x);
    if (in.size() == 0) {
      throw new IllegalArgumentException("max: cannot take the maximum of an empty tensor of shape " + in);
    }
    int[] dims = in.dims();
    int outer;
    int length;
    int inner;
    Shape kept;
    Shape outShape;
    if (axis == null) {
      outer = 1;
      length = in.size();
      inner = 1;
      int[] ones = new int[dims.length];
      java.util.Arrays.fill(ones, 1);
      kept = Shape.of(ones);
      outShape = keepDim ? kept : Shape.of();
    } else {
      int a = in.normalizeAxis(axis, "max");
      outer = OpSupport.product(dims, 0, a);
      length = dims[a];
      inner = OpSupport.product(dims, a + 1, dims.length);
      kept = OpSupport.reduced(in, a, true);
      outShape = OpSupport.reduced(in, a, keepDim);
    }
    Object out = OpSupport.newArray(x.dtype(), outer * inner);
    Kernels.max(OpSupport.data(x), outer, length, inner, out);
    Tensor y = OpSupport.create(outShape, x.dtype(), out);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(y, new Max(x, y, kept, axis)) : y;
    return Forward.active() ? Forward.attach(r, () -> jvp(x, y, kept, axis, outShape), x) : r;
  }

  /** The tangent shared equally among tied maxima, as the gradient is: Σ_ties t / count. */
  private static Tensor jvp(Tensor x, Tensor y, Shape kept, Integer axis, Shape outShape) {
    Tensor ties = x.eq(y.reshape(kept.dims()));
    Tensor t = Forward.tangent(x);
    int[] axes = axis == null ? allAxes(kept.rank()) : new int[] {OpSupport.shape(x).normalizeAxis(axis, "max")};
    return t.mul(ties).sum(axes, true).div(ties.sum(axes, true)).reshape(outShape.dims());
  }

  private static int[] allAxes(int rank) {
    int[] axes = new int[rank];
    for (int i = 0; i < rank; i++) {
      axes[i] = i;
    }
    return axes;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    Tensor input = x.get();
    Tensor isMax = input.eq(y.get().detach().reshape(keptShape.dims()));
    Tensor ties = axis == null ? isMax.sum() : isMax.sum(axis, true);
    return new Tensor[] {grad.reshape(keptShape.dims()).mul(isMax.div(ties))};
  }
}
