package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.UnaryOp;

/** y = ln x;  dy/dx = 1/x. */
public final class Log extends OpNode {
  private final Saved x;

  private Log(Tensor x) {
    super("log", x);
    this.x = save(x);
  }

  public static Tensor apply(Tensor x) {
    Tensor out = OpSupport.unary(UnaryOp.LOG, x);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(out, new Log(x)) : out;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).div(x), x) : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {grad.div(x.get())};
  }
}
