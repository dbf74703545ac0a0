package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.Kernels;

/** y = eˣ / Σ eˣ along an axis (stable: the max is subtracted first);  dx = y ⊙ (g − Σ g ⊙ y). */
public final class Softmax extends OpNode {
  private final Saved y;
  private final int axis;

  private Softmax(Tensor x, Tensor y, int axis) {
    super("softmax", x);
    this.y = save(y);
    this.axis = axis;
  }

  public static Tensor apply(Tensor x, int axis) {
    Shape in = OpSupport.shape(x);
    int a = in.normalizeAxis(axis, "softmax");
    int[] dims = in.dims();
    Object out = OpSupport.newArray(x.dtype(), in.size());
    Kernels.softmax(
        OpSupport.data(x), OpSupport.product(dims, 0, a), dims[a], OpSupport.product(dims, a + 1, dims.length), out);
    Tensor y = OpSupport.create(in, x.dtype(), out);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(y, new Softmax(x, y, a)) : y;
    return Forward.active()
        ? Forward.attach(r, () -> y.mul(Forward.tangent(x).sub(y.mul(Forward.tangent(x)).sum(a, true))), x)
        : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    Tensor probabilities = y.get();
    Tensor dot = grad.mul(probabilities).sum(axis, true);
    return new Tensor[] {probabilities.mul(grad.sub(dot))};
  }
}
