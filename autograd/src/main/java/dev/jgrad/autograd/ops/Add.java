package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.kernels.BinaryOp;

/** y = a + b, broadcasting;  d/da = 1, d/db = 1. */
public final class Add extends OpNode {
  private Add(Tensor a, Tensor b) {
    super("add", a, b);
  }

  public static Tensor apply(Tensor a, Tensor b) {
    Tensor out = OpSupport.binary("add", BinaryOp.ADD, a, b);
    Tensor r = OpSupport.recording(a, b) ? OpSupport.record(out, new Add(a, b)) : out;
    return Forward.active() ? Forward.attach(r, () -> Forward.sum(Forward.tangent(a), Forward.tangent(b)), a, b) : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {needsGrad(0) ? grad : null, needsGrad(1) ? grad : null};
  }
}
