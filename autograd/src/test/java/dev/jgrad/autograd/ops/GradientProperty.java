package dev.jgrad.autograd.ops;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A property run once per seed of {@code Seeds.tries()} (100): the test method takes the seed,
 * draws its case from {@code new SplittableRandom(seed)}, and a failure names the seed that
 * reproduces it.
 */
@Documented
@Retention(RUNTIME)
@Target(METHOD)
@ParameterizedTest(name = "seed {0}")
@MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
@interface GradientProperty {}
