package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.UnaryOp;

/** y = |x|;  dy/dx = sign(x), with the subgradient 0 at x = 0. */
public final class Abs extends OpNode {
  private final Saved x;

  private Abs(Tensor x) {
    super("abs", x);
    this.x = save(x);
  }

  public static Tensor apply(Tensor x) {
    Tensor out = OpSupport.unary(UnaryOp.ABS, x);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(out, new Abs(x)) : out;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).mul(x.sign()), x) : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {grad.mul(x.get().sign())};
  }
}
