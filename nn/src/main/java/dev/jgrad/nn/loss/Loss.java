package dev.jgrad.nn.loss;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.Reduction;
import dev.jgrad.autograd.Tensor;

/**
 * A loss as an object, for code that takes "some loss" — the trainer, for one. Targets are always a
 * tensor: for {@link #crossEntropy()} they are class indices stored as whole numbers, shape [N]
 * (what a {@code DataLoader} batch of a labelled dataset holds). The functions behind them are in
 * {@link Losses}.
 *
 * <pre>{@code
 * Loss loss = Loss.crossEntropy();
 * Tensor value = loss.compute(model.forward(batch.features()), batch.targets());
 * }</pre>
 */
@FunctionalInterface
public interface Loss {

  /**
   * The loss of {@code output} against {@code target}, reduced as the loss was built.
   *
   * @param output the model's output for a batch
   * @param target the batch's targets: the output's shape, or class indices [N] for cross-entropy
   * @return the loss, a scalar unless the reduction is NONE; backward from it trains the model
   */
  Tensor compute(Tensor output, Tensor target);

  /**
   * Mean squared error, averaged.
   *
   * @return the MSE loss with reduction MEAN, as PyTorch's {@code nn.MSELoss()}
   */
  static Loss mse() {
    return mse(Reduction.MEAN);
  }

  /**
   * Mean squared error, reduced by {@code reduction}.
   *
   * @param reduction how the per-element losses are combined
   * @return the MSE loss, as PyTorch's {@code nn.MSELoss(reduction=...)}
   */
  static Loss mse(Reduction reduction) {
    checkNotNull(reduction, "Loss.mse: reduction is null");
    return (output, target) -> Losses.mse(output, target, reduction);
  }

  /**
   * Binary cross-entropy of probabilities (a sigmoid's output), averaged.
   *
   * @return the BCE loss with reduction MEAN, as PyTorch's {@code nn.BCELoss()}
   */
  static Loss binaryCrossEntropy() {
    return binaryCrossEntropy(Reduction.MEAN);
  }

  /**
   * Binary cross-entropy of probabilities (a sigmoid's output), reduced by {@code reduction}.
   *
   * @param reduction how the per-element losses are combined
   * @return the BCE loss, as PyTorch's {@code nn.BCELoss(reduction=...)}
   */
  static Loss binaryCrossEntropy(Reduction reduction) {
    checkNotNull(reduction, "Loss.binaryCrossEntropy: reduction is null");
    return (output, target) -> Losses.binaryCrossEntropy(output, target, reduction);
  }

  /**
   * Binary cross-entropy from logits (no sigmoid in the model), averaged.
   *
   * @return the loss with reduction MEAN, as PyTorch's {@code nn.BCEWithLogitsLoss()}
   */
  static Loss binaryCrossEntropyWithLogits() {
    return binaryCrossEntropyWithLogits(Reduction.MEAN);
  }

  /**
   * Binary cross-entropy from logits (no sigmoid in the model), reduced by {@code reduction}.
   *
   * @param reduction how the per-element losses are combined
   * @return the loss, as PyTorch's {@code nn.BCEWithLogitsLoss(reduction=...)}
   */
  static Loss binaryCrossEntropyWithLogits(Reduction reduction) {
    checkNotNull(reduction, "Loss.binaryCrossEntropyWithLogits: reduction is null");
    return (output, target) -> Losses.binaryCrossEntropyWithLogits(output, target, reduction);
  }

  /**
   * Cross-entropy of logits [N, C] against class indices [N], averaged.
   *
   * @return the loss with reduction MEAN, as PyTorch's {@code nn.CrossEntropyLoss()}
   */
  static Loss crossEntropy() {
    return crossEntropy(Reduction.MEAN);
  }

  /**
   * Cross-entropy of logits [N, C] against class indices [N], reduced by {@code reduction}.
   *
   * @param reduction how the per-example losses are combined
   * @return the loss, as PyTorch's {@code nn.CrossEntropyLoss(reduction=...)}; its targets must be whole
   *     numbers in [0, C)
   */
  static Loss crossEntropy(Reduction reduction) {

    checkNotNull(reduction, "Loss.crossEntropy: reduction is null");
    return (output, target) -> Losses.crossEntropy(output, Losses.labelsOf(target), reduction);
  }
}
