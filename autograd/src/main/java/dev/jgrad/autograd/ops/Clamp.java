package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.Kernels;

/** y = min(max(x, low), high);  dy/dx = 1 where low ≤ x ≤ high (boundaries included, as PyTorch), else 0. */
public final class Clamp extends OpNode {
  private final Saved x;
  private final double low;
  private final double high;

  private Clamp(Tensor x, double low, double high) {
    super("clamp", x);
    this.x = save(x);
    this.low = low;
    this.high = high;
  }

  public static Tensor apply(Tensor x, double low, double high) {
    if (!(low <= high)) {
      throw new IllegalArgumentException(
          String.format("clamp: low %s must not exceed high %s (tensor of shape %s)", low, high, OpSupport.shape(x)));
    }
    int n = x.size();
    Object out = OpSupport.newArray(x.dtype(), n);
    Kernels.clamp(OpSupport.data(x), low, high, out, n);
    Tensor y = OpSupport.create(OpSupport.shape(x), x.dtype(), out);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(y, new Clamp(x, low, high)) : y;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).mul(x.ge(low).mul(x.le(high))), x) : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    Tensor input = x.get();
    return new Tensor[] {grad.mul(input.ge(low).mul(input.le(high)))};
  }
}
