package dev.jgrad.nn.train;

/**
 * The loss and accuracy of a model over a dataset (or over one training epoch). The loss is the
 * example-weighted mean of the batch losses — the dataset's mean loss for a MEAN-reduced loss.
 * The accuracy is NaN when the trainer has no {@link Accuracy}.
 *
 * @param loss the example-weighted mean of the batch losses; NaN with no examples
 * @param accuracy the fraction of correct predictions, in [0, 1], or NaN
 * @param examples the number of examples measured
 */

public record Evaluation(double loss, double accuracy, int examples) {
  @Override
  public String toString() {
    return Double.isNaN(accuracy)
        ? String.format("loss %.4f", loss)
        : String.format("loss %.4f, accuracy %.2f%%", loss, 100 * accuracy);
  }
}
