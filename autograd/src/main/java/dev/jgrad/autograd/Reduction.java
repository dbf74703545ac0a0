package dev.jgrad.autograd;

/** How a loss combines its per-element values. */
public enum Reduction {
  /** The average: the loss does not grow with the batch size. */
  MEAN,
  /** The sum: the loss grows with the batch size. */
  SUM,
  /** No reduction: one value per element (per example for cross-entropy). */
  NONE;

  /**
   * Combines per-element loss values as this reduction says.
   *
   * @param perElement the loss of each element (or each example)
   * @return their mean or sum as a 0-d tensor, or {@code perElement} itself for NONE
   */
  public Tensor apply(Tensor perElement) {
    return switch (this) {
      case MEAN -> perElement.mean();
      case SUM -> perElement.sum();
      case NONE -> perElement;
    };
  }
}
