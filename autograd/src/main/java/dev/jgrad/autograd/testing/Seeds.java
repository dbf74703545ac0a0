package dev.jgrad.autograd.testing;

import java.util.stream.LongStream;

/**
 * Fixed seeds for property tests: each case draws its values from {@code new SplittableRandom(seed)},
 * so a failing case names the seed that reproduces it. With JUnit:
 * {@code @ParameterizedTest @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")}.
 */
public final class Seeds {
  private Seeds() {}

  /** The number of cases of an ordinary property. */
  public static final int TRIES = 100;

  /**
   * {@value #TRIES} seeds, spread over the long range by the golden-ratio increment.
   *
   * @return the same {@value #TRIES} seeds on every call
   */
  public static LongStream tries() {
    return LongStream.range(0, TRIES).map(i -> 0x9E3779B97F4A7C15L * (i + 1));
  }

  /**
   * 25 seeds, for properties whose single case is expensive (a second derivative of a big graph).
   *
   * @return the first 25 seeds of {@link #tries()}
   */
  public static LongStream few() {
    return tries().limit(25);
  }

  /**
   * 10 seeds, for properties whose single case is a training run.
   *
   * @return the first 10 seeds of {@link #tries()}
   */
  public static LongStream handful() {
    return tries().limit(10);
  }
}
