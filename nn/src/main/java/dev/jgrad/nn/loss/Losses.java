package dev.jgrad.nn.loss;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Functional;
import dev.jgrad.autograd.Reduction;
import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * The loss functions, as plain functions of tensors. Each reduces its per-element values with a
 * {@link Reduction}: MEAN (the default of the {@link Loss} objects; the loss does not grow with the
 * batch), SUM, or NONE. Predictions and targets must have the same shape: none of them broadcasts,
 * because a [N, 1] output against [N] targets would silently broadcast to [N, N].
 */
public final class Losses {
  private Losses() {}

  /**
   * How far binary cross-entropy keeps probabilities from 0 and 1: p is clamped to [ε, 1 − ε] before
   * the logs, so a saturated prediction costs at most −log ε ≈ 16.1 and its gradient is 0 rather
   * than NaN. The same value as Keras' epsilon; 1 − ε is still below 1 in float32.
   */
  public static final double BCE_EPSILON = 1e-7;

  /**
   * Mean squared error: (prediction − target)², reduced.
   *
   * @param prediction the model's output
   * @param target the expected output, of the prediction's shape and dtype
   * @param reduction how the per-element losses are combined
   * @return the loss: a scalar for MEAN and SUM, the per-element losses for NONE
   */
  public static Tensor mse(Tensor prediction, Tensor target, Reduction reduction) {
    checkSameShape("mse", prediction, target);
    Tensor diff = prediction.sub(target);
    return reduce(diff.mul(diff), reduction);
  }

  /**
   * Binary cross-entropy of probabilities p in [0, 1] against targets y in [0, 1]: −[y·log p +
   * (1 − y)·log(1 − p)], with p clamped to [{@link #BCE_EPSILON}, 1 − ε]. Feed it the output of a
   * sigmoid; from logits, {@link #binaryCrossEntropyWithLogits} is both cheaper and more accurate.
   *
   * @param probabilities the predicted probabilities, in [0, 1]
   * @param target the expected probabilities, of the prediction's shape and dtype
   * @param reduction how the per-element losses are combined
   * @return the loss: a scalar for MEAN and SUM, the per-element losses for NONE
   * @throws IllegalArgumentException if a probability lies outside [0, 1] (logits passed by mistake)
   */
  public static Tensor binaryCrossEntropy(Tensor probabilities, Tensor target, Reduction reduction) {
    checkSameShape("binaryCrossEntropy", probabilities, target);
    checkProbabilities(probabilities);
    Tensor p = probabilities.clamp(BCE_EPSILON, 1 - BCE_EPSILON);
    Tensor perElement = target.mul(p.log()).add(target.neg().add(1).mul(p.neg().add(1).log())).neg();
    return reduce(perElement, reduction);
  }

  /**
   * Binary cross-entropy of σ(z) against targets y, computed from the logits z without forming σ(z):
   * stable for any z. See {@link Functional#binaryCrossEntropyWithLogits}.
   *
   * @param logits the model's output before the sigmoid
   * @param target the expected probabilities, of the logits' shape and dtype
   * @param reduction how the per-element losses are combined
   * @return the loss: a scalar for MEAN and SUM, the per-element losses for NONE
   */
  public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction) {
    checkSameShape("binaryCrossEntropyWithLogits", logits, target);
    return Functional.binaryCrossEntropyWithLogits(logits, target, checkNotNull(reduction, "reduction is null"));
  }

  /**
   * Cross-entropy of logits [N, C] against N class labels in [0, C): −log softmax(logits)[label], one
   * fused log-softmax + negative log-likelihood. See {@link Functional#crossEntropy}.
   *
   * @param logits the model's output before the softmax, [N, C]
   * @param labels the class of each of the N examples, in [0, C)
   * @param reduction how the per-example losses are combined
   * @return the loss: a scalar for MEAN and SUM, the N per-example losses for NONE
   */

  public static Tensor crossEntropy(Tensor logits, int[] labels, Reduction reduction) {
    checkNotNull(labels, "crossEntropy: labels is null");
    if (logits.rank() != 2 || logits.dim(0) != labels.length) {
      throw new IllegalArgumentException(
          String.format(
              "crossEntropy: logits must have shape [N, C] with N = %d labels, got %s",
              labels.length, Arrays.toString(logits.shape())));
    }
    return Functional.crossEntropy(logits, labels, checkNotNull(reduction, "reduction is null"));
  }

  /** Applies a reduction to per-element losses. */
  static Tensor reduce(Tensor perElement, Reduction reduction) {
    return checkNotNull(reduction, "reduction is null").apply(perElement);
  }

  private static void checkSameShape(String op, Tensor prediction, Tensor target) {
    if (!Arrays.equals(prediction.shape(), target.shape()) || prediction.dtype() != target.dtype()) {
      throw new IllegalArgumentException(
          String.format(
              "%s: prediction %s %s and target %s %s must have the same shape and dtype (losses do not broadcast)",
              op, prediction.dtype(), Arrays.toString(prediction.shape()),
              target.dtype(), Arrays.toString(target.shape())));
    }
  }

  private static void checkProbabilities(Tensor p) {
    if (p.size() == 0) {
      return;
    }
    double low;
    double high;
    try (var g = Autograd.noGrad()) {
      low = p.min().item();
      high = p.max().item();
    }
    if (!(low >= 0 && high <= 1)) {
      throw new IllegalArgumentException(
          String.format(
              "binaryCrossEntropy: probabilities must lie in [0, 1], got values in [%s, %s] (shape %s);"
                  + " for logits use binaryCrossEntropyWithLogits",
              low, high, Arrays.toString(p.shape())));
    }
  }

  /** The class labels held in a tensor of whole numbers (e.g. a batch's targets), as ints. */
  static int[] labelsOf(Tensor target) {
    if (target.rank() != 1) {
      throw new IllegalArgumentException(
          "crossEntropy: class-label targets must have shape [N], got " + Arrays.toString(target.shape()));
    }
    double[] values = target.dtype() == DType.FLOAT64 ? target.toDoubleArray() : null;
    float[] floats = values == null ? target.toFloatArray() : null;
    int[] labels = new int[target.size()];
    for (int i = 0; i < labels.length; i++) {
      double v = values != null ? values[i] : floats[i];
      if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            String.format("crossEntropy: target %d is %s, not a class index", i, v));
      }
      labels[i] = (int) v;
    }
    return labels;
  }
}
