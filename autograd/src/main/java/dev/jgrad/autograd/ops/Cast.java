package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.kernels.Kernels;

/** y = x in another dtype;  dy/dx = 1 (the gradient is converted back). */
public final class Cast extends OpNode {
  private final DType source;

  private Cast(Tensor x) {
    super("to", x);
    this.source = x.dtype();
  }

  public static Tensor apply(Tensor x, DType target) {
    int n = x.size();
    Object out = OpSupport.newArray(target, n);
    Kernels.convert(OpSupport.data(x), out, n);
    Tensor y = OpSupport.create(OpSupport.shape(x), target, out);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(y, new Cast(x)) : y;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).to(target), x) : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {grad.to(source)};
  }
}
