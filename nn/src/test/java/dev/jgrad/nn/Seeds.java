package dev.jgrad.nn;

import java.util.stream.LongStream;

/**
 * Seeds for property tests: each test draws its random case from {@code new SplittableRandom(seed)},
 * so a failure names the seed that reproduces it. Reference as
 * {@code @MethodSource("dev.jgrad.nn.Seeds#tries")}.
 */
public final class Seeds {
  private Seeds() {}

  /** The number of random cases per property. */
  public static final int TRIES = 100;

  public static LongStream tries() {
    return LongStream.range(0, TRIES).map(i -> 0x9E3779B97F4A7C15L * (i + 1));
  }

  /** Fewer cases, for properties whose single case is a training run. */
  public static LongStream few() {
    return tries().limit(10);
  }
}
