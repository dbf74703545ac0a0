package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.Kernels;

/** y = xᵖ for a constant p;  dy/dx = p·xᵖ⁻¹. */
public final class PowScalar extends OpNode {
  private final Saved x;
  private final double p;

  private PowScalar(Tensor x, double p) {
    super("powScalar", x);
    this.x = save(x);
    this.p = p;
  }

  public static Tensor apply(Tensor x, double p) {
    int n = x.size();
    Object out = OpSupport.newArray(x.dtype(), n);
    Kernels.pow(OpSupport.data(x), p, out, n);
    Tensor y = OpSupport.create(OpSupport.shape(x), x.dtype(), out);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(y, new PowScalar(x, p)) : y;
    return Forward.active()
        ? Forward.attach(r, () -> p == 0 ? Forward.tangent(x).mul(0) : Forward.tangent(x).mul(x.pow(p - 1).mul(p)), x)
        : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    if (p == 0) {
      return new Tensor[] {grad.mul(0)};
    }
    Tensor base = x.get();
    Tensor derivative = p == 2 ? base.mul(2) : base.pow(p - 1).mul(p);
    return new Tensor[] {grad.mul(derivative)};
  }
}
