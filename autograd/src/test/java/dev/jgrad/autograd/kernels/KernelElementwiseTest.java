package dev.jgrad.autograd.kernels;

import static dev.jgrad.autograd.kernels.KernelTestSupport.assertClose;
import static dev.jgrad.autograd.kernels.KernelTestSupport.copy;
import static dev.jgrad.autograd.kernels.KernelTestSupport.get;
import static dev.jgrad.autograd.kernels.KernelTestSupport.sizes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.kernels.KernelTestSupport.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The Vector API elementwise kernels against the scalar reference, on sizes around the lane count. */
class KernelElementwiseTest {
  /** IEEE special values and large magnitudes, appended to random inputs. */
  private static final double[] SPECIAL = {
    0.0, -0.0, 1, -1, 0.5, 2, 1000, -1000, 88, -88, 1e-30, -1e-30,
    Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
  };

  static List<Arguments> unaryCases() {
    List<Arguments> cases = new ArrayList<>();
    for (UnaryOp op : UnaryOp.values()) {
      for (Type type : Type.values()) cases.add(Arguments.of(op, type));
    }
    return cases;
  }

  /** Relative tolerance between the vector and the scalar kernel (SVML is within a few ulps). */
  private static double tolerance(UnaryOp op, Type type) {
    return switch (op) {
      case EXP, LOG, TANH, SIGMOID -> type == Type.FLOAT ? 1e-6 : 2e-15; // measured: 2 and 3 ulps
      default -> 0; // exact operations
    };
  }

  /** Random inputs of length n in the op's domain, with the special values in the tail. */
  private static Object input(Type type, Random random, int n, double lo, double hi) {
    Object x = type.random(random, n, lo, hi);
    // Special values go where the scalar tail and the vector body both see some.
    for (int i = 0; i < SPECIAL.length && i < n; i++) KernelTestSupport.set(x, (i * 7) % n, SPECIAL[i]);
    return x;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("unaryCases")
  void unaryMatchesScalar(UnaryOp op, Type type) {
    Random random = new Random(op.ordinal());
    for (int n : sizes(type)) {
      boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT;
      Object x = input(type, random, n, positive ? 1e-3 : -10, 10);
      Object expected = type.zeros(n);
      Object actual = type.zeros(n);
      ScalarKernels.unary(op, x, expected, n);
      VectorKernels.unary(op, x, actual, n);
      assertClose(expected, actual, n, tolerance(op, type), 0, op + " " + type + " n=" + n);
    }
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void sigmoidIsStableAtLargeMagnitudes(Type type) {
    Object x = type.of(1000, -1000, 100, -100, 0, Double.MAX_VALUE, -Double.MAX_VALUE, 20, -20, 1, -1);
    int n = KernelTestSupport.length(x);
    for (boolean vector : new boolean[] {false, true}) {
      Object out = type.zeros(n);
      if (vector) {
        VectorKernels.unary(UnaryOp.SIGMOID, x, out, n);
      } else {
        ScalarKernels.unary(UnaryOp.SIGMOID, x, out, n);
      }
      for (int i = 0; i < n; i++) {
        double v = get(x, i);
        double s = get(out, i);
        assertTrue(s >= 0 && s <= 1, "sigmoid(" + v + ") = " + s);
        double exact = 1 / (1 + Math.exp(-v));
        // Below about -87 the float result is subnormal, hence the absolute term.
        double tiny = type == Type.FLOAT ? Float.MIN_NORMAL : Double.MIN_NORMAL;
        assertEquals(exact, s, 4 * type.eps() * exact + tiny, "sigmoid(" + v + ") vector=" + vector);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void leakyReluMatchesScalar(Type type) {
    Random random = new Random(1);
    for (int n : sizes(type)) {
      Object x = input(type, random, n, -5, 5);
      Object expected = type.zeros(n);
      Object actual = type.zeros(n);
      ScalarKernels.leakyRelu(x, 0.01, expected, n);
      VectorKernels.leakyRelu(x, 0.01, actual, n);
      assertClose(expected, actual, n, 0, 0, "leakyRelu n=" + n);
    }
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void powMatchesScalarAndMathPow(Type type) {
    Random random = new Random(2);
    double[] exponents = {1, 2, 0.5, -1, 0, 3, -2.5, 0.3};
    for (double p : exponents) {
      for (int n : sizes(type)) {
        Object x = input(type, random, n, 0.01, 10);
        Object expected = type.zeros(n);
        Object actual = type.zeros(n);
        ScalarKernels.pow(x, p, expected, n);
        VectorKernels.pow(x, p, actual, n);
        boolean fast = p == 1 || p == 2 || p == 0.5 || p == -1;
        double rel = fast ? 0 : type == Type.FLOAT ? 1e-6 : 2e-15;
        assertClose(expected, actual, n, rel, 0, "pow p=" + p + " n=" + n);
        // The scalar kernel itself agrees with Math.pow, fast paths included.
        Object mathPow = type.zeros(n);
        for (int i = 0; i < n; i++) KernelTestSupport.set(mathPow, i, Math.pow(get(x, i), p));
        assertClose(mathPow, expected, n, 2 * type.eps(), 0, "scalar pow vs Math.pow p=" + p + " n=" + n);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void clampMatchesScalar(Type type) {
    Random random = new Random(3);
    double[][] bounds = {{-1, 1}, {Double.NEGATIVE_INFINITY, 0}, {0, Double.POSITIVE_INFINITY}, {2, 2}};
    for (double[] b : bounds) {
      for (int n : sizes(type)) {
        Object x = input(type, random, n, -5, 5);
        Object expected = type.zeros(n);
        Object actual = type.zeros(n);
        ScalarKernels.clamp(x, b[0], b[1], expected, n);
        VectorKernels.clamp(x, b[0], b[1], actual, n);
        assertClose(expected, actual, n, 0, 0, "clamp n=" + n);
        for (int i = 0; i < n; i++) {
          double v = get(expected, i);
          assertTrue(Double.isNaN(v) || (v >= b[0] && v <= b[1]), "clamp out of bounds: " + v);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void affineMatchesScalar(Type type) {
    Random random = new Random(4);
    for (int n : sizes(type)) {
      Object x = type.random(random, n, -5, 5);
      Object expected = type.zeros(n);
      Object actual = type.zeros(n);
      ScalarKernels.affine(x, 1.5, -0.25, expected, n);
      VectorKernels.affine(x, 1.5, -0.25, actual, n);
      assertClose(expected, actual, n, 0, 0, "affine n=" + n);
    }
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void axpyMatchesScalar(Type type) {
    Random random = new Random(5);
    for (int n : sizes(type)) {
      Object x = type.random(random, n, -5, 5);
      Object y = type.random(random, n, -5, 5);
      Object expected = copy(y);
      Object actual = copy(y);
      ScalarKernels.axpy(0.75, x, expected, 0, n);
      VectorKernels.axpy(0.75, x, actual, 0, n);
      // The vector kernel fuses the multiply-add: one rounding instead of two.
      assertClose(expected, actual, n, 0, 20 * type.eps(), "axpy n=" + n);
    }
  }

  @Test
  void fillAndConvert() {
    float[] f = new float[9];
    Kernels.fill(f, 0.1, 7);
    assertEquals(0.1f, f[6]);
    assertEquals(0f, f[7]);
    double[] d = new double[9];
    Kernels.convert(f, d, 9);
    assertEquals((double) 0.1f, d[0]);
    float[] back = new float[9];
    Kernels.convert(new double[] {1e300, -2.5, 0.1}, back, 3);
    assertEquals(Float.POSITIVE_INFINITY, back[0]);
    assertEquals(-2.5f, back[1]);
    assertEquals(0.1f, back[2]);
    double[] same = new double[9];
    Kernels.convert(d, same, 9);
    assertEquals(d[3], same[3]);
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void theFacadeRunsBothTypes(Type type) {
    Object x = type.of(-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8);
    Object out = type.zeros(11);
    Kernels.unary(UnaryOp.RELU, x, out, 11);
    assertEquals(0, get(out, 0));
    assertEquals(8, get(out, 10));
    Kernels.pow(x, 2, out, 11);
    assertEquals(64, get(out, 10));
  }
}
