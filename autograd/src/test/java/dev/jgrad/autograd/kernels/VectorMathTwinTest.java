package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jgrad.autograd.kernels.MathTestSupport.Fn;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every lane of {@link VectorMath} equals {@link ScalarMath} bit for bit (raw bits: NaN payloads and
 * signs included), at every vector width this machine has, on random and special inputs: the scalar
 * twins finish the vector loops' tails, and a result must not depend on where an element fell.
 */
class VectorMathTwinTest {
  private static final int N = 1 << 14;
  private static final long[] SEEDS = {1, 2};

  static List<Arguments> floatCases() {
    List<Arguments> cases = new ArrayList<>();
    for (Fn f : Fn.values()) {
      for (VectorSpecies<Float> s : MathTestSupport.floatSpecies()) {
        for (long seed : SEEDS) cases.add(Arguments.of(f, s, seed));
      }
    }
    return cases;
  }

  static List<Arguments> doubleCases() {
    List<Arguments> cases = new ArrayList<>();
    for (Fn f : Fn.values()) {
      for (VectorSpecies<Double> s : MathTestSupport.doubleSpecies()) {
        for (long seed : SEEDS) cases.add(Arguments.of(f, s, seed));
      }
    }
    return cases;
  }

  @ParameterizedTest(name = "{0} {1} seed {2}")
  @MethodSource("floatCases")
  void floatLanesMatchScalar(Fn f, VectorSpecies<Float> species, long seed) {
    assertFalse(MathTestSupport.floatSpecies().isEmpty());
    Random random = new Random(seed);
    float[] x = new float[N];
    // The first half anything, the second half moderate values only, so that whole vectors take the
    // fast paths there; the special values in the first half at every lane position.
    for (int i = 0; i < N; i++) x[i] = i < N / 2 ? f.randomFloat(random) : (float) MathTestSupport.moderate(f, random);
    int l = species.length();
    for (int i = 0; i < MathTestSupport.SPECIAL_FLOATS.length; i++) {
      for (int lane = 0; lane < l; lane++) x[(i * l + lane) * (l + 1) % (N / 2)] = MathTestSupport.SPECIAL_FLOATS[i];
    }
    float[] out = new float[N];
    MathTestSupport.applyVector(f, species, x, out);
    for (int i = 0; i < N; i++) {
      int want = Float.floatToRawIntBits(f.scalar(x[i]));
      int got = Float.floatToRawIntBits(out[i]);
      if (want != got) {
        assertEquals(Integer.toHexString(want), Integer.toHexString(got), f + "(" + x[i] + ") lane " + i % l);
      }
    }
  }

  @ParameterizedTest(name = "{0} {1} seed {2}")
  @MethodSource("doubleCases")
  void doubleLanesMatchScalar(Fn f, VectorSpecies<Double> species, long seed) {
    Random random = new Random(seed);
    double[] x = new double[N];
    for (int i = 0; i < N; i++) x[i] = i < N / 2 ? f.randomDouble(random) : MathTestSupport.moderate(f, random);
    int l = species.length();
    for (int i = 0; i < MathTestSupport.SPECIAL_DOUBLES.length; i++) {
      for (int lane = 0; lane < l; lane++) x[(i * l + lane) * (l + 1) % (N / 2)] = MathTestSupport.SPECIAL_DOUBLES[i];
    }
    double[] out = new double[N];
    MathTestSupport.applyVector(f, species, x, out);
    for (int i = 0; i < N; i++) {
      long want = Double.doubleToRawLongBits(f.scalar(x[i]));
      long got = Double.doubleToRawLongBits(out[i]);
      if (want != got) {
        assertEquals(Long.toHexString(want), Long.toHexString(got), f + "(" + x[i] + ") lane " + i % l);
      }
    }
  }
}
