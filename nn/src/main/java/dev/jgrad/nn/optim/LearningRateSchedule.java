package dev.jgrad.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The learning rate as a function of the epoch (or step) t = 0, 1, 2, …. A schedule only computes
 * rates; {@link #applyTo} sets one on an optimizer, and the trainer does so at the start of each
 * epoch.
 *
 * <pre>{@code
 * LearningRateSchedule schedule = LearningRateSchedule.cosine(0.1, 0.001, 50);
 * for (int epoch = 0; epoch < 50; epoch++) {
 *   schedule.applyTo(optimizer, epoch);
 *   ...
 * }
 * }</pre>
 */
@FunctionalInterface
public interface LearningRateSchedule {

  /**
   * The learning rate at epoch (or step) {@code t} ≥ 0.
   *
   * @param t the epoch or step, from 0
   * @return the learning rate for {@code t}, finite and ≥ 0
   */
  double rate(int t);

  /**
   * Sets the rate for {@code t} on {@code optimizer}.
   *
   * @param optimizer the optimizer whose learning rate is set
   * @param t the epoch or step, from 0
   */
  default void applyTo(Optimizer optimizer, int t) {
    checkArgument(t >= 0, "LearningRateSchedule: t must be >= 0, got %s", t);
    optimizer.setLearningRate(rate(t));
  }

  /**
   * The same rate throughout.
   *
   * @param rate the learning rate; finite and ≥ 0
   * @return a schedule that always returns {@code rate}
   */
  static LearningRateSchedule constant(double rate) {
    checkRate("constant", rate);
    return t -> rate;
  }

  /**
   * Step decay: initial·γ^⌊t / stepSize⌋ — the rate is multiplied by γ every {@code stepSize} epochs.
   * PyTorch's {@code StepLR}.
   *
   * @param initial the rate for the first {@code stepSize} epochs; finite and ≥ 0
   * @param stepSize the number of epochs between decays; positive
   * @param gamma γ, the factor applied at each decay, in (0, 1]
   * @return the step-decay schedule
   */
  static LearningRateSchedule step(double initial, int stepSize, double gamma) {
    checkRate("step", initial);
    checkArgument(stepSize > 0, "LearningRateSchedule.step: stepSize must be > 0, got %s", stepSize);
    checkArgument(gamma > 0 && gamma <= 1, "LearningRateSchedule.step: gamma must be in (0, 1], got %s", gamma);
    return t -> initial * Math.pow(gamma, Math.floorDiv(checkT(t), stepSize));
  }

  /**
   * Exponential decay: initial·γ^t. PyTorch's {@code ExponentialLR}.
   *
   * @param initial the rate at t = 0; finite and ≥ 0
   * @param gamma γ, the factor applied every epoch, in (0, 1]
   * @return the exponential-decay schedule
   */
  static LearningRateSchedule exponential(double initial, double gamma) {
    checkRate("exponential", initial);
    checkArgument(
        gamma > 0 && gamma <= 1, "LearningRateSchedule.exponential: gamma must be in (0, 1], got %s", gamma);
    return t -> initial * Math.pow(gamma, checkT(t));
  }

  /**
   * Cosine annealing (Loshchilov and Hutter, 2017, without restarts): min + (initial − min)·(1 +
   * cos(π·t / period)) / 2 for t ≤ period, and min after it. PyTorch's {@code CosineAnnealingLR}.
   *
   * @param initial the rate at t = 0; finite and ≥ 0
   * @param min the rate at t = period and after; finite, ≥ 0 and ≤ {@code initial}
   * @param period the number of epochs the rate takes to fall from {@code initial} to {@code min}; positive
   * @return the cosine-annealing schedule
   */
  static LearningRateSchedule cosine(double initial, double min, int period) {
    checkRate("cosine", initial);
    checkRate("cosine", min);
    checkArgument(min <= initial, "LearningRateSchedule.cosine: min %s exceeds initial %s", min, initial);
    checkArgument(period > 0, "LearningRateSchedule.cosine: period must be > 0, got %s", period);
    return t -> {
      int s = Math.min(checkT(t), period);
      return min + (initial - min) * (1 + Math.cos(Math.PI * s / period)) / 2;
    };
  }

  /**
   * A linear warm-up in front of {@code after}: for t &lt; warmup the rate climbs as
   * after.rate(warmup)·(t + 1) / (warmup + 1); from t = warmup on it is after.rate(t).
   *
   * @param warmup the number of warm-up epochs; ≥ 0, and 0 for none
   * @param after the schedule that takes over after the warm-up
   * @return the schedule with its warm-up
   */

  static LearningRateSchedule warmup(int warmup, LearningRateSchedule after) {
    checkArgument(warmup >= 0, "LearningRateSchedule.warmup: warmup must be >= 0, got %s", warmup);
    checkNotNull(after, "LearningRateSchedule.warmup: after is null");
    return t -> checkT(t) < warmup ? after.rate(warmup) * (t + 1) / (warmup + 1) : after.rate(t);
  }

  private static void checkRate(String name, double rate) {
    checkArgument(
        rate >= 0 && Double.isFinite(rate), "LearningRateSchedule.%s: rate must be finite and >= 0, got %s", name, rate);
  }

  private static int checkT(int t) {
    checkArgument(t >= 0, "LearningRateSchedule: t must be >= 0, got %s", t);
    return t;
  }
}
