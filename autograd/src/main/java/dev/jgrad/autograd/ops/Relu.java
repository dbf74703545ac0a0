package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Node;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.UnaryOp;

/** y = max(x, 0);  dy/dx = 1 for x > 0, else 0 (the subgradient 0 at x = 0). */
public final class Relu extends Node {
  private final Saved x;

  private Relu(Tensor x) {
    super("relu", x);
    this.x = save(x);
  }

  public static Tensor apply(Tensor x) {
    Tensor out = OpSupport.unary(UnaryOp.RELU, x);
    return OpSupport.recording(x) ? OpSupport.record(out, new Relu(x)) : out;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {grad.mul(x.get().gt(0))};
  }
}
