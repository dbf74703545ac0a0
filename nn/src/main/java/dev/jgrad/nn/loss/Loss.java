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

  /** The loss of {@code output} against {@code target}, reduced as the loss was built. */
  Tensor compute(Tensor output, Tensor target);

  /** Mean squared error, averaged. */
  static Loss mse() {
    return mse(Reduction.MEAN);
  }

  static Loss mse(Reduction reduction) {
    checkNotNull(reduction, "Loss.mse: reduction is null");
    return (output, target) -> Losses.mse(output, target, reduction);
  }

  /** Binary cross-entropy of probabilities (a sigmoid's output), averaged. */
  static Loss binaryCrossEntropy() {
    return binaryCrossEntropy(Reduction.MEAN);
  }

  static Loss binaryCrossEntropy(Reduction reduction) {
    checkNotNull(reduction, "Loss.binaryCrossEntropy: reduction is null");
    return (output, target) -> Losses.binaryCrossEntropy(output, target, reduction);
  }

  /** Binary cross-entropy from logits (no sigmoid in the model), averaged. */
  static Loss binaryCrossEntropyWithLogits() {
    return binaryCrossEntropyWithLogits(Reduction.MEAN);
  }

  static Loss binaryCrossEntropyWithLogits(Reduction reduction) {
    checkNotNull(reduction, "Loss.binaryCrossEntropyWithLogits: reduction is null");
    return (output, target) -> Losses.binaryCrossEntropyWithLogits(output, target, reduction);
  }

  /** Cross-entropy of logits [N, C] against class indices [N], averaged. */
  static Loss crossEntropy() {
    return crossEntropy(Reduction.MEAN);
  }

  static Loss crossEntropy(Reduction reduction) {
    checkNotNull(reduction, "Loss.crossEntropy: reduction is null");
    return (output, target) -> Losses.crossEntropy(output, Losses.labelsOf(target), reduction);
  }
}
