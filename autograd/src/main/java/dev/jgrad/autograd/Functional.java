package dev.jgrad.autograd;

import dev.jgrad.autograd.ops.CrossEntropy;
import dev.jgrad.autograd.ops.Linear;
import dev.jgrad.autograd.ops.SigmoidCrossEntropy;

/**
 * Compound operations that layers and losses are made of, in one call each so that they can run
 * fused: a dense layer, cross-entropy from logits, binary cross-entropy from logits. Each is
 * differentiable like any other operation (twice, too).
 */
public final class Functional {
  private Functional() {}

  /**
   * x·W + b for x of shape [..., in], W of shape [in, out] and b of shape [out] (or null): a dense
   * layer, with the weight stored so that no transpose is needed.
   */
  public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
    if (bias != null && Linear.accepts(x, weight, bias)) {
      // one fused op: the product accumulates onto the bias
      return Tensor.watch("linear", Linear.apply(x, weight, bias), x, weight, bias);
    }
    Tensor y = x.matmul(weight);
    return bias == null ? y : y.add(bias);
  }

  /**
   * Cross-entropy of logits [N, C] against class labels (N indices in [0, C)): −log softmax(x)[label],
   * computed stably through log-softmax.
   */
  public static Tensor crossEntropy(Tensor logits, int[] labels, Reduction reduction) {
    if (logits.rank() != 2) {
      throw new IllegalArgumentException(
          "crossEntropy: logits must have shape [N, C], got " + java.util.Arrays.toString(logits.shape()));
    }
    return reduction.apply(Tensor.watch("crossEntropy", CrossEntropy.apply(logits, labels), logits)); // fused log-softmax and NLL
  }

  /**
   * Binary cross-entropy of σ(z) against targets y in [0, 1], from the logits z, without forming σ(z):
   * max(z, 0) − z·y + log(1 + e^−|z|). Its gradient in z is σ(z) − y, exact at z = 0 too.
   */
  public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets, Reduction reduction) {
    return reduction.apply(
        Tensor.watch("binaryCrossEntropyWithLogits", SigmoidCrossEntropy.apply(logits, targets), logits, targets));
  }
}
