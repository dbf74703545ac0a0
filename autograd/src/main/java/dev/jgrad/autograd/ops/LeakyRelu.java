package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.Kernels;

/** y = x for x > 0, else slope·x;  dy/dx = 1 for x > 0, else slope (the subgradient slope at x = 0). */
public final class LeakyRelu extends OpNode {
  private final Saved x;
  private final double slope;

  private LeakyRelu(Tensor x, double slope) {
    super("leakyRelu", x);
    this.x = save(x);
    this.slope = slope;
  }

  public static Tensor apply(Tensor x, double slope) {
    int n = x.size();
    Object out = OpSupport.newArray(x.dtype(), n);
    Kernels.leakyRelu(OpSupport.data(x), slope, out, n);
    Tensor y = OpSupport.create(OpSupport.shape(x), x.dtype(), out);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(y, new LeakyRelu(x, slope)) : y;
    return Forward.active()
        ? Forward.attach(r, () -> Tensor.where(x.gt(0), Forward.tangent(x), Forward.tangent(x).mul(slope)), x)
        : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    Tensor positive = x.get().gt(0);
    return new Tensor[] {grad.mul(positive.mul(1 - slope).add(slope))};
  }
}
