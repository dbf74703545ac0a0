package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.UnaryOp;

/** y = tanh x;  dy/dx = 1 − y². */
public final class Tanh extends OpNode {
  private final Saved y;

  private Tanh(Tensor x, Tensor y) {
    super("tanh", x);
    this.y = save(y);
  }

  public static Tensor apply(Tensor x) {
    Tensor out = OpSupport.unary(UnaryOp.TANH, x);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(out, new Tanh(x, out)) : out;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).mul(out.mul(out).neg().add(1)), x) : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {grad.mul(oneMinus(y.get().mul(y.get())))};
  }

  private static Tensor oneMinus(Tensor t) {
    return t.neg().add(1);
  }
}
