package dev.jgrad.nn.train;

/**
 * What one epoch of {@link Trainer#fit} measured: the epoch number (from 0, counted across calls to
 * fit), the learning rate used, the training loss and accuracy (measured on the fly, batch by batch,
 * while the weights moved), and the same on the validation set after the epoch, or null without one.
 *
 * @param epoch the epoch number, from 0, counted across calls to fit
 * @param learningRate the optimizer's learning rate during the epoch
 * @param train the loss and accuracy on the training set, measured during the epoch
 * @param validation the loss and accuracy on the validation set after the epoch, or null
 */

public record EpochMetrics(int epoch, double learningRate, Evaluation train, Evaluation validation) {
  @Override
  public String toString() {
    return "epoch " + epoch + ": lr " + learningRate + ", train " + train
        + (validation == null ? "" : ", validation " + validation);
  }
}
