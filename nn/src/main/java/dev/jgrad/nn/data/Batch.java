package dev.jgrad.nn.data;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * A mini-batch: features [B, ...featureShape] and targets [B, ...targetShape] — [B] for class labels.
 *
 * @param features the inputs, one example per index of the first dimension
 * @param targets the expected outputs, one example per index of the first dimension
 */
public record Batch(Tensor features, Tensor targets) {

  /**
   * The number of examples in the batch.
   *
   * @return B, the first dimension of the features
   */
  public int size() {
    return features.dim(0);
  }

  /**
   * The targets as class indices, for {@code Losses.crossEntropy}; they must be whole numbers ≥ 0.
   *
   * @return a new array with one class index per example
   * @throws IllegalStateException if the targets are not of shape [B] or a target is not a whole number ≥ 0
   */
  public int[] labels() {
    if (targets.rank() != 1) {
      throw new IllegalStateException(
          "Batch.labels: targets of shape " + Arrays.toString(targets.shape()) + " are not one label per example");
    }
    double[] values = targets.dtype() == DType.FLOAT64 ? targets.toDoubleArray() : null;
    float[] floats = values == null ? targets.toFloatArray() : null;
    int[] labels = new int[targets.size()];
    for (int i = 0; i < labels.length; i++) {
      double v = values != null ? values[i] : floats[i];
      if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE) {
        throw new IllegalStateException("Batch.labels: target " + i + " is " + v + ", not a class index");
      }
      labels[i] = (int) v;
    }
    return labels;
  }
}
