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
   *
   * @param x the input, of shape [..., in]
   * @param weight the weight W, of shape [in, out]
   * @param bias the bias b, of shape [out], or null for none
   * @return x·W + b, of shape [..., out]
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
   * max(x·W + b, 0): a dense layer and its ReLU in one op, the activation applied in place on the
   * product's output and its backward fused into the layer's (the same values and gradients as
   * {@code linear(x, weight, bias).relu()}, one array and one pass fewer).
   *
   * @param x the input, of shape [..., in]
   * @param weight the weight, of shape [in, out]
   * @param bias the bias, of shape [out]
   * @return the activation, of shape [..., out]
   */
  public static Tensor linearRelu(Tensor x, Tensor weight, Tensor bias) {
    if (bias != null && Linear.accepts(x, weight, bias)) {
      return Tensor.watch("linearRelu", Linear.apply(x, weight, bias, true), x, weight, bias);
    }
    return linear(x, weight, bias).relu();
  }

  /**
   * Cross-entropy of logits [N, C] against class labels (N indices in [0, C)): −log softmax(x)[label],
   * computed stably through log-softmax. Like PyTorch's {@code F.cross_entropy}.
   *
   * @param logits unnormalized class scores, of shape [N, C]
   * @param labels the class of each of the N examples, each in [0, C)
   * @param reduction how to combine the N losses
   * @return the mean or sum of the losses as a 0-d tensor, or the N losses with {@link
   *     Reduction#NONE}
   * @throws IllegalArgumentException if {@code logits} is not of rank 2
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
   * max(z, 0) − z·y + log(1 + e^−|z|). Its gradient in z is σ(z) − y, exact at z = 0 too. Like
   * PyTorch's {@code F.binary_cross_entropy_with_logits}.
   *
   * @param logits the logits z
   * @param targets the targets y, each in [0, 1]; broadcast against {@code logits}
   * @param reduction how to combine the per-element losses
   * @return the mean or sum of the losses as a 0-d tensor, or the per-element losses with {@link
   *     Reduction#NONE}
   */
  public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets, Reduction reduction) {
    return reduction.apply(
        Tensor.watch("binaryCrossEntropyWithLogits", SigmoidCrossEntropy.apply(logits, targets), logits, targets));
  }
}
