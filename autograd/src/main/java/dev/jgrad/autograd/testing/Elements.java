package dev.jgrad.autograd.testing;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.random.RandomGenerator;

/** How the elements of a generated tensor are drawn: the input domain of the function under test. */
@FunctionalInterface
public interface Elements {

  /**
   * Draws one element.
   *
   * @param random the generator to draw from
   * @return the next element's value
   */
  double next(RandomGenerator random);

  /**
   * Uniform in [min, max).
   *
   * @param min the smallest value that can be drawn
   * @param max the bound above every value drawn; greater than {@code min}
   * @return elements drawn uniformly from [min, max)
   * @throws IllegalArgumentException if {@code min} is not less than {@code max}
   */
  static Elements uniform(double min, double max) {
    checkArgument(min < max, "Elements.uniform: empty range [%s, %s)", min, max);
    return random -> min + (max - min) * random.nextDouble();
  }

  /**
   * Uniform in [min, max) but at least {@code gap} away from each of {@code points} — for functions
   * with kinks (relu and abs at 0, clamp at its bounds), where central differences that straddle a
   * kink disagree with any subgradient.
   *
   * @param min the smallest value that can be drawn
   * @param max the bound above every value drawn; greater than {@code min}
   * @param gap the least distance from each excluded point
   * @param points the excluded points (the kinks)
   * @return elements drawn uniformly from what [min, max) leaves around the points; drawing one
   *     throws {@link IllegalArgumentException} when no room seems to be left
   * @throws IllegalArgumentException if {@code min} is not less than {@code max}
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
