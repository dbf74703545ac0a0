package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.kernels.Kernels;
import java.util.Arrays;

/** y = x with its dimensions reordered (y's dimension i is x's order[i]);  the gradient is permuted back. */
public final class Permute extends OpNode {
  private final int[] inverse;

  private Permute(Tensor x, int[] order) {
    super("permute", x);
    this.inverse = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      inverse[order[i]] = i;
    }
  }

  public static Tensor apply(Tensor x, int[] order) {
    Shape in = OpSupport.shape(x);
    int rank = in.rank();
    if (order.length != rank) {
      throw new IllegalArgumentException(
          String.format("permute: order %s has %d axes for shape %s", Arrays.toString(order), order.length, in));
    }
    int[] normalized = new int[rank];
    boolean[] seen = new boolean[rank];
    for (int i = 0; i < rank; i++) {
      int a = in.normalizeAxis(order[i], "permute");
      if (seen[a]) {
        throw new IllegalArgumentException(
            String.format("permute: order %s repeats axis %d (shape %s)", Arrays.toString(order), a, in));
      }
      seen[a] = true;
      normalized[i] = a;
    }
    int[] dims = in.dims();
    int[] strides = in.strides();
    int[] outDims = new int[rank];
    int[] readStrides = new int[rank];
    for (int i = 0; i < rank; i++) {
      outDims[i] = dims[normalized[i]];
      readStrides[i] = strides[normalized[i]];
    }
    Object out = OpSupport.newArray(x.dtype(), in.size());
    Kernels.copyStrided(OpSupport.data(x), 0, readStrides, out, outDims);
    Tensor y = OpSupport.create(Shape.of(outDims), x.dtype(), out);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(y, new Permute(x, normalized)) : y;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).permute(normalized), x) : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {grad.permute(inverse)};
  }
}
