package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;

/**
 * y = ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^−|x|) so that it neither overflows nor loses
 * small values;  dy/dx = σ(x), exact at 0 too (the composed form has kinks there).
 */
public final class Softplus extends OpNode {
  private final Saved x;

  private Softplus(Tensor x) {
    super("softplus", x);
    this.x = save(x);
  }

  public static Tensor apply(Tensor x) {
    Tensor out;
    try (var g = Autograd.noGrad()) {
      out = x.relu().add(x.abs().neg().exp().log1p());
    }
    Tensor r = OpSupport.recording(x) ? OpSupport.record(out, new Softplus(x)) : out;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).mul(x.sigmoid()), x) : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {grad.mul(x.get().sigmoid())};
  }
}
