package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.UnaryOp;

/** y = ln(1 + x), accurate near 0;  dy/dx = 1/(1 + x). */
public final class Log1p extends OpNode {
  private final Saved x;

  private Log1p(Tensor x) {
    super("log1p", x);
    this.x = save(x);
  }

  public static Tensor apply(Tensor x) {
    Tensor out = OpSupport.unary(UnaryOp.LOG1P, x);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(out, new Log1p(x)) : out;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).div(x.add(1)), x) : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {grad.div(x.get().add(1))};
  }
}
