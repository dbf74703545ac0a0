package dev.jgrad.nn.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * Counts correct predictions in a batch, for the trainer's accuracy. The accuracy of an epoch is the
 * total count divided by the number of target elements (one per example for class labels and for
 * [N, 1] binary targets).
 */
@FunctionalInterface
public interface Accuracy {

  /**
   * The number of correct predictions of {@code output} for {@code target}.
   *
   * @param output the model's output for a batch (the trainer passes it detached)

   * @param target the batch's targets
   * @return how many target elements the output predicts correctly
   */
  int correct(Tensor output, Tensor target);

  /**
   * Multi-class: the argmax of logits or probabilities [N, C] against class indices [N].
   *
   * @return an accuracy counting the examples whose highest-scoring class is their label
   */
  static Accuracy argmax() {
    return (output, target) -> {
      checkArgument(
          output.rank() == 2 && target.rank() == 1 && output.dim(0) == target.dim(0),
          "Accuracy.argmax: needs output [N, C] and labels [N], got %s and %s",
          Arrays.toString(output.shape()), Arrays.toString(target.shape()));
      int[] predicted = output.argmax(1);
      double[] labels = target.toDoubleArray();
      int correct = 0;
      for (int i = 0; i < predicted.length; i++) {
        if (predicted[i] == labels[i]) {
          correct++;
        }
      }
      return correct;
    };
  }

  /**
   * Binary: predicts 1 where the output exceeds {@code threshold} and compares with targets of 0 or 1
   * (a target counts as 1 from 0.5 up). Use 0.5 for probabilities and 0 for logits.
   *
   * @param threshold the output value above which the prediction is 1
   * @return an accuracy comparing thresholded outputs with targets of the output's shape
   */
  static Accuracy threshold(double threshold) {
    return (output, target) -> {
      checkArgument(
          Arrays.equals(output.shape(), target.shape()),
          "Accuracy.threshold: output %s and target %s must have the same shape",
          Arrays.toString(output.shape()), Arrays.toString(target.shape()));
      double[] y = output.toDoubleArray();
      double[] t = target.toDoubleArray();
      int correct = 0;
      for (int i = 0; i < y.length; i++) {
        if ((y[i] > threshold) == (t[i] >= 0.5)) {
          correct++;
        }
      }
      return correct;
    };
  }

  /**
   * Binary, from probabilities (a sigmoid's output): threshold 0.5.
   *
   * @return {@code threshold(0.5)}
   */
  static Accuracy binaryFromProbabilities() {
    return threshold(0.5);
  }

  /**
   * Binary, from logits: threshold 0.
   *
   * @return {@code threshold(0)}
   */

  static Accuracy binaryFromLogits() {
    return threshold(0);
  }
}
