package dev.jgrad.autograd;

import dev.jgrad.autograd.engine.GradMode;
import dev.jgrad.autograd.kernels.Kernels;

/**
 * The usual optimizers' parameter updates, in place, each one pass over a parameter, its gradient
 * and its state: no temporary tensors, and each value read and written once (a composed Adam step
 * is about ten passes and six temporaries). For optimizers: nn's {@code SGD}, {@code Adam} and
 * {@code AdamW} use them.
 *
 * <pre>{@code
 * try (var g = Autograd.noGrad()) {
 *   Updates.adam(w, w.grad(), m, v, 1e-3, 0.9, 0.999, 1e-8, 0, false, step);
 * }
 * }</pre>
 *
 * <p>All tensors of a call have one shape and dtype; a parameter that requires grad is updated only
 * under {@link Autograd#noGrad()}. Every tensor written counts as modified in place, so a saved
 * tensor changed this way makes its backward fail, as with {@link Tensor#addInPlace}.
 */
public final class Updates {
  private Updates() {}

  /**
   * One SGD step, as PyTorch's: g' = g + wd·p; with momentum μ ≠ 0 the buffer b becomes g' on the
   * first step, else μ·b + (1 − dampening)·g', and g' becomes b (or g' + μ·b with Nesterov);
   * then p −= lr·g'.
   *
   * @param param the parameter p, updated in place
   * @param grad the gradient g of the parameter
   * @param momentumBuffer the momentum state, written; null when momentum is 0
   * @param lr the learning rate
   * @param momentum the momentum factor μ; 0 for plain SGD
   * @param dampening how much of the gradient the momentum buffer leaves out; 0 in the usual setting
   * @param nesterov whether to use Nesterov momentum
   * @param weightDecay the L2 penalty wd added to the gradient; 0 for none
   * @param firstStep whether the buffer is yet to be filled (its contents are ignored)
   * @throws IllegalArgumentException if the tensors differ in shape or dtype, or momentum is not 0
   *     and {@code momentumBuffer} is null
   * @throws IllegalStateException if a tensor written requires grad and gradient mode is on
   */
  public static void sgd(
      Tensor param, Tensor grad, Tensor momentumBuffer, double lr, double momentum, double dampening,
      boolean nesterov, double weightDecay, boolean firstStep) {
    check("sgd", param, grad, momentumBuffer == null ? grad : momentumBuffer, grad);
    if (momentum != 0 && momentumBuffer == null) {
      throw new IllegalArgumentException("sgd: momentum " + momentum + " needs a momentum buffer");
    }
    Object buffer = momentum == 0 ? null : momentumBuffer.storage.array;
    Kernels.sgd(param.storage.array, grad.storage.array, buffer, param.size(), lr, momentum, dampening, nesterov,
        weightDecay, firstStep);
    param.storage.version++;
    if (buffer != null) {
      momentumBuffer.storage.version++;
    }
  }

  /**
   * One Adam (or, with {@code decoupled}, AdamW) step, as PyTorch's: with weight decay wd, p ·=
   * 1 − lr·wd (AdamW) or g += wd·p (Adam); m = β₁m + (1 − β₁)g; v = β₂v + (1 − β₂)g²; then
   * p −= lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε).
   *
   * @param param the parameter p, updated in place
   * @param grad the gradient g of the parameter
   * @param m the first-moment state, written (zeros before the first step)
   * @param v the second-moment state, written (zeros before the first step)
   * @param lr the learning rate
   * @param beta1 β₁, the decay rate of the first moment (usually 0.9)
   * @param beta2 β₂, the decay rate of the second moment (usually 0.999)
   * @param epsilon ε, added to the denominator for numerical stability
   * @param weightDecay the weight decay wd; 0 for none
   * @param decoupled true for AdamW's decoupled weight decay, false for Adam's L2 penalty
   * @param step t, the number of this step, from 1
   * @throws IllegalArgumentException if the tensors differ in shape or dtype, or {@code step} is
   *     less than 1
   * @throws IllegalStateException if a tensor written requires grad and gradient mode is on
   */
  public static void adam(
      Tensor param, Tensor grad, Tensor m, Tensor v, double lr, double beta1, double beta2, double epsilon,
      double weightDecay, boolean decoupled, int step) {
    check("adam", param, grad, m, v);
    if (step < 1) {
      throw new IllegalArgumentException("adam: step must be at least 1, got " + step);
    }
    Kernels.adam(param.storage.array, grad.storage.array, m.storage.array, v.storage.array, param.size(), lr,
        beta1, beta2, epsilon, weightDecay, decoupled, step);
    param.storage.version++;
    m.storage.version++;
    v.storage.version++;
  }

  private static void check(String op, Tensor param, Tensor grad, Tensor state1, Tensor state2) {
    for (Tensor t : new Tensor[] {grad, state1, state2}) {
      if (t.dtype != param.dtype || !t.shape.equals(param.shape)) {
        throw new IllegalArgumentException(String.format(
            "%s: every tensor must match the parameter %s %s, got %s %s", op, param.dtype, param.shape, t.dtype, t.shape));
      }
    }
    for (Tensor t : new Tensor[] {param, state1, state2}) {
      if (GradMode.isEnabled() && t.requiresGrad()) {
        throw new IllegalStateException(
            op + ": a tensor that requires grad can only be updated in place inside Autograd.noGrad()");
      }
    }
  }
}
