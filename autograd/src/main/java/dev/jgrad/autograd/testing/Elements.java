package dev.jgrad.autograd.testing;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.random.RandomGenerator;

/** How the elements of a generated tensor are drawn: the input domain of the function under test. */
@FunctionalInterface
public interface Elements {

  double next(RandomGenerator random);

  /** Uniform in [min, max). */
  static Elements uniform(double min, double max) {
    checkArgument(min < max, "Elements.uniform: empty range [%s, %s)", min, max);
    return random -> min + (max - min) * random.nextDouble();
  }

  /**
   * Uniform in [min, max) but at least {@code gap} away from each of {@code points} — for functions
   * with kinks (relu and abs at 0, clamp at its bounds), where central differences that straddle a
   * kink disagree with any subgradient.
   */
  static Elements awayFrom(double min, double max, double gap, double... points) {
    Elements base = uniform(min, max);
    return random -> {
      for (int attempt = 0; attempt < 10_000; attempt++) {
        double v = base.next(random);
        boolean clear = true;
        for (double p : points) {
          clear &= Math.abs(v - p) >= gap;
        }
        if (clear) {
          return v;
        }
      }
      throw new IllegalArgumentException(
          String.format("Elements.awayFrom: [%s, %s) has no room %s away from the excluded points", min, max, gap));
    };
  }
}
