package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.BinaryOp;

/**
 * ℓ = max(z, 0) − z·y + log(1 + e^−|z|), the binary cross-entropy of σ(z) against y, elementwise and
 * broadcasting;  dℓ/dz = σ(z) − y, dℓ/dy = −z. One primitive because the composed form has kinks
 * (at z = 0) whose subgradients would not add up to σ(0) − y.
 */
public final class SigmoidCrossEntropy extends OpNode {
  private final Saved z;
  private final Saved y;

  private SigmoidCrossEntropy(Tensor z, Tensor y) {
    super("binaryCrossEntropyWithLogits", z, y);
    this.z = save(z);
    this.y = save(y);
  }

  public static Tensor apply(Tensor z, Tensor y) {
    Tensor loss = OpSupport.binary("binaryCrossEntropyWithLogits", BinaryOp.BCE_WITH_LOGITS, z, y);
    Tensor r = OpSupport.recording(z, y) ? OpSupport.record(loss, new SigmoidCrossEntropy(z, y)) : loss;
    return Forward.active() ? Forward.attach(r, () -> jvp(z, y), z, y) : r;
  }

  /** The tangent of the loss: tz·(σ(z) − y) − ty·z. */
  private static Tensor jvp(Tensor z, Tensor y) {
    Tensor tz = Forward.tangent(z);
    Tensor ty = Forward.tangent(y);
    return Forward.sum(tz == null ? null : tz.mul(z.sigmoid().sub(y)), ty == null ? null : ty.mul(z).neg());
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    Tensor logits = z.get();
    Tensor targets = y.get();
    Tensor gz = needsGrad(0) ? grad.mul(logits.sigmoid().sub(targets)) : null;
    Tensor gy = needsGrad(1) ? grad.mul(logits).neg() : null;
    return new Tensor[] {gz, gy};
  }
}
