package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/** Arrays of either element type, the sizes that catch tail bugs, and tolerant comparison. */
final class KernelTestSupport {
  private KernelTestSupport() {}

  /** The element type of a test case; the kernels take float[] or double[] as Object. */
  enum Type {
    FLOAT,
    DOUBLE;

    /** Lanes of this type's preferred vector species. */
    int lanes() {
      return this == FLOAT ? VectorKernels.floatLanes() : VectorKernels.doubleLanes();
    }

    Object zeros(int n) {
      return this == FLOAT ? new float[n] : new double[n];
    }

    /** Uniform values in [lo, hi). */
    Object random(Random random, int n, double lo, double hi) {
      Object x = zeros(n);
      for (int i = 0; i < n; i++) set(x, i, lo + (hi - lo) * random.nextDouble());
      return x;
    }

    Object of(double... values) {
      Object x = zeros(values.length);
      for (int i = 0; i < values.length; i++) set(x, i, values[i]);
      return x;
    }

    /** The precision of this type (unit roundoff). */
    double eps() {
      return this == FLOAT ? 0x1p-24 : 0x1p-53;
    }
  }

  static double get(Object x, int i) {
    return x instanceof float[] f ? f[i] : ((double[]) x)[i];
  }

  static void set(Object x, int i, double v) {
    if (x instanceof float[] f) {
      f[i] = (float) v;
    } else {
      ((double[]) x)[i] = v;
    }
  }

  static int length(Object x) {
    return x instanceof float[] f ? f.length : ((double[]) x).length;
  }

  static Object copy(Object x) {
    return x instanceof float[] f ? f.clone() : ((double[]) x).clone();
  }

  /**
   * 0, 1, lanes - 1, lanes, lanes + 1, twice and four times the lanes plus one (to reach the
   * unrolled loops), and the primes 7, 31, 127, 1009.
   */
  static List<Integer> sizes(Type type) {
    int l = type.lanes();
    TreeSet<Integer> sizes = new TreeSet<>(List.of(0, 1, l - 1, l, l + 1, 2 * l + 1, 4 * l + 1, 7, 31, 127, 1009));
    return new ArrayList<>(sizes);
  }

  /**
   * Asserts |actual - expected| ≤ rel·|expected| + abs element by element over n elements; NaN
   * must meet NaN and an infinity the same infinity.
   */
  static void assertClose(Object expected, Object actual, int n, double rel, double abs, String what) {
    for (int i = 0; i < n; i++) {
      double e = get(expected, i);
      double a = get(actual, i);
      if (!close(e, a, rel, abs)) {
        fail(String.format("%s: at %d of %d expected %s but was %s (rel %.3g)", what, i, n, e, a, Math.abs(a - e) / Math.abs(e)));
      }
    }
  }

  /** The same elements bit for bit (assertArrayEquals compares floats and doubles by their bits). */
  static void assertSameBits(Object expected, Object actual, String what) {
    if (expected instanceof float[] f) {
      assertArrayEquals(f, (float[]) actual, what);
    } else {
      assertArrayEquals((double[]) expected, (double[]) actual, what);
    }
  }

  static boolean close(double e, double a, double rel, double abs) {
    if (Double.isNaN(e) || Double.isNaN(a)) {
      return Double.isNaN(e) && Double.isNaN(a);
    }
    if (Double.isInfinite(e) || Double.isInfinite(a)) {
      return e == a;
    }
    return Math.abs(a - e) <= rel * Math.abs(e) + abs;
  }

  /** Row-major strides of a contiguous array of this shape. */
  static int[] contiguousStrides(int[] shape) {
    int[] strides = new int[shape.length];
    int s = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      strides[d] = s;
      s *= shape[d];
    }
    return strides;
  }

  static int size(int[] shape) {
    int n = 1;
    for (int s : shape) n *= s;
    return n;
  }

  /** Σ_d index_d · strides_d, for the row-major flat position {@code flat} in {@code shape}. */
  static int offsetOf(int flat, int[] shape, int[] strides) {
    int offset = 0;
    for (int d = shape.length - 1; d >= 0; d--) {
      offset += (flat % shape[d]) * strides[d];
      flat /= shape[d];
    }
    return offset;
  }
}
