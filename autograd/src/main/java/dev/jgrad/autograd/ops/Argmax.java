package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;

/** The position of the largest element along an axis (the first of ties). Not differentiable. */
public final class Argmax {
  private Argmax() {}

  public static int[] apply(Tensor x, int axis) {
    Shape in = OpSupport.shape(x);
    int a = in.normalizeAxis(axis, "argmax");
    int[] dims = in.dims();
    if (dims[a] == 0) {
      throw new IllegalArgumentException("argmax: axis " + a + " of shape " + in + " is empty");
    }
    int outer = OpSupport.product(dims, 0, a);
    int inner = OpSupport.product(dims, a + 1, dims.length);
    int[] out = new int[outer * inner];
    dev.jgrad.autograd.kernels.Kernels.argmax(OpSupport.data(x), outer, dims[a], inner, out);
    return out;
  }
}
