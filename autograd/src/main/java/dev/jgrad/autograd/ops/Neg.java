package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.kernels.UnaryOp;

/** y = −x;  dy/dx = −1. */
public final class Neg extends OpNode {
  private Neg(Tensor x) {
    super("neg", x);
  }

  public static Tensor apply(Tensor x) {
    Tensor out = OpSupport.unary(UnaryOp.NEG, x);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(out, new Neg(x)) : out;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).neg(), x) : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {grad.neg()};
  }
}
