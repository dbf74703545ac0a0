package dev.jgrad.nn.train;

/**
 * Hooks into {@link Trainer#fit}: logging, checkpoints, early stopping.
 *
 * <pre>{@code
 * Callback stopWhenPerfect = (metrics, control) -> {
 *   if (metrics.train().accuracy() == 1.0) {
 *     control.stop();
 *   }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface Callback {

  /** Lets a callback end training after the current epoch. */
  interface Control {
    /** Ends fit after this epoch's callbacks have run. */
    void stop();
  }

  /**
   * Called after each epoch, with its metrics.
   *
   * @param metrics what the epoch measured
   * @param control lets the callback stop training after this epoch
   */
  void onEpochEnd(EpochMetrics metrics, Control control);

  /**
   * Called after each optimizer step with the batch's loss; does nothing by default.
   *
   * @param epoch the epoch number, from 0, counted across calls to fit
   * @param batch the batch's position in the epoch, from 0
   * @param loss the batch's loss, before the step
   */

  default void onBatchEnd(int epoch, int batch, double loss) {}
}
