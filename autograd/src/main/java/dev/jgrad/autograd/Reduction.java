package dev.jgrad.autograd;

/** How a loss combines its per-element values. */
public enum Reduction {
  /** The average: the loss does not grow with the batch size. */
  MEAN,
  SUM,
  /** No reduction: one value per element (per example for cross-entropy). */
  NONE;

  /** Combines per-element loss values as this reduction says. */
  public Tensor apply(Tensor perElement) {
    return switch (this) {
      case MEAN -> perElement.mean();
      case SUM -> perElement.sum();
      case NONE -> perElement;
    };
  }
}
