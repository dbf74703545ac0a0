package dev.jgrad.autograd.kernels;

import static dev.jgrad.autograd.kernels.KernelTestSupport.assertClose;
import static dev.jgrad.autograd.kernels.KernelTestSupport.get;
import static dev.jgrad.autograd.kernels.KernelTestSupport.set;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jgrad.autograd.kernels.KernelTestSupport.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reductions over the middle axis of [outer, axis, inner], and gather/scatterAdd: vector
 * against scalar, and both against plain double-precision references.
 */
class KernelReductionTest {

  /** {outer, axis, inner} triples: every axis size of {@link KernelTestSupport#sizes}, inner 1 and more. */
  static List<int[]> layouts(Type type, boolean emptyAxis) {
    int l = type.lanes();
    List<int[]> layouts = new ArrayList<>();
    for (int outer : new int[] {1, 3}) {
      for (int axis : KernelTestSupport.sizes(type)) {
        if (axis == 0 && !emptyAxis) continue;
        for (int inner : new int[] {1, 2, 3, l + 1, 17}) layouts.add(new int[] {outer, axis, inner});
      }
    }
    layouts.add(new int[] {0, 5, 3});
    return layouts;
  }

  private static String name(int[] layout) {
    return "[" + layout[0] + ", " + layout[1] + ", " + layout[2] + "]";
  }

  private static double at(Object x, int[] layout, int o, int k, int i) {
    return get(x, (o * layout[1] + k) * layout[2] + i);
  }

  /**
   * Float sums of 10⁶ and 10⁷ values, over all elements and down axis 0 of [N, 4] and [N/37, 37],
   * within 1e-6 relative of the double-precision sum, positive values (where float rounding errors
   * all lean one way) and values of both signs alike; through the vector and the scalar kernels.
   */
  @ParameterizedTest
  @ValueSource(ints = {1_000_000, 10_000_000})
  void longFloatSumsStayAccurate(int n) {
    Random random = new Random(n);
    float[] constant = new float[n];
    java.util.Arrays.fill(constant, 0.1f);
    float[] positive = new float[n];
    float[] mixed = new float[n];
    for (int i = 0; i < n; i++) {
      positive[i] = random.nextFloat();
      mixed[i] = random.nextFloat() - 0.25f;
    }
    for (float[] x : List.of(constant, positive, mixed)) {
      for (int inner : new int[] {1, 4, 37}) {
        int axis = n / inner;
        double[] exact = new double[inner];
        for (int k = 0; k < axis; k++) {
          for (int i = 0; i < inner; i++) exact[i] += x[k * inner + i];
        }
        float[] vector = new float[inner];
        float[] scalar = new float[inner];
        VectorKernels.sum(x, 1, axis, inner, vector);
        ScalarKernels.sum(x, 1, axis, inner, scalar);
        for (int i = 0; i < inner; i++) {
          String what = "sum of " + axis + " values, column " + i + " of " + inner;
          assertTrue(Math.abs(vector[i] - exact[i]) <= 1e-6 * Math.abs(exact[i]),
              what + ": vector " + vector[i] + ", exact " + exact[i]);
          assertTrue(Math.abs(scalar[i] - exact[i]) <= 1e-6 * Math.abs(exact[i]),
              what + ": scalar " + scalar[i] + ", exact " + exact[i]);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void sumMatchesTheExactSum(Type type) {
    Random random = new Random(20);
    double rel = type == Type.FLOAT ? 1e-5 : 1e-12;
    for (int[] layout : layouts(type, true)) {
      int outer = layout[0];
      int axis = layout[1];
      int inner = layout[2];
      Object x = type.random(random, outer * axis * inner, -1, 1);
      Object scalar = type.zeros(outer * inner);
      Object vector = type.zeros(outer * inner);
      ScalarKernels.sum(x, outer, axis, inner, scalar);
      VectorKernels.sum(x, outer, axis, inner, vector);
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < inner; i++) {
          double exact = 0;
          double magnitude = 0;
          for (int k = 0; k < axis; k++) {
            exact += at(x, layout, o, k, i);
            magnitude += Math.abs(at(x, layout, o, k, i));
          }
          // The error of a sum is bounded relative to the sum of magnitudes, not to the sum.
          double tolerance = rel * magnitude;
          int j = o * inner + i;
          assertEquals(exact, get(scalar, j), tolerance, () -> "scalar sum " + type + " " + name(layout));
          assertEquals(exact, get(vector, j), tolerance, () -> "vector sum " + type + " " + name(layout));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void maxAndArgmaxMatchTheReference(Type type) {
    Random random = new Random(21);
    for (int[] layout : layouts(type, false)) {
      int outer = layout[0];
      int axis = layout[1];
      int inner = layout[2];
      int n = outer * axis * inner;
      Object x = type.random(random, n, -100, 100);
      // Ties (the first one must win argmax) and, in one column, a NaN.
      for (int j = 0; j < n; j += 3) set(x, j, Math.round(get(x, j) / 50));
      if (n > 0 && axis > 1) set(x, n - 1, Double.NaN);
      Object expected = type.zeros(outer * inner);
      int[] expectedArg = new int[outer * inner];
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < inner; i++) {
          double best = at(x, layout, o, 0, i);
          int arg = 0;
          double m = best;
          for (int k = 1; k < axis; k++) {
            double v = at(x, layout, o, k, i);
            m = Math.max(m, v);
            if (!Double.isNaN(best) && (v > best || Double.isNaN(v))) {
              best = v;
              arg = k;
            }
          }
          set(expected, o * inner + i, m);
          expectedArg[o * inner + i] = arg;
        }
      }
      Object scalar = type.zeros(outer * inner);
      Object vector = type.zeros(outer * inner);
      ScalarKernels.max(x, outer, axis, inner, scalar);
      VectorKernels.max(x, outer, axis, inner, vector);
      assertClose(expected, scalar, outer * inner, 0, 0, "scalar max " + type + " " + name(layout));
      assertClose(expected, vector, outer * inner, 0, 0, "vector max " + type + " " + name(layout));
      int[] arg = new int[outer * inner];
      Kernels.argmax(x, outer, axis, inner, arg);
      assertArrayEquals(expectedArg, arg, "argmax " + type + " " + name(layout));
    }
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void softmaxRowsSumToOneAndMatchScalar(Type type) {
    Random random = new Random(22);
    double rel = type == Type.FLOAT ? 1e-5 : 1e-12;
    for (int[] layout : layouts(type, false)) {
      int outer = layout[0];
      int axis = layout[1];
      int inner = layout[2];
      int n = outer * axis * inner;
      Object x = type.random(random, n, -10, 10);
      Object scalar = type.zeros(n);
      Object vector = type.zeros(n);
      ScalarKernels.softmax(x, outer, axis, inner, scalar);
      VectorKernels.softmax(x, outer, axis, inner, vector);
      assertClose(scalar, vector, n, rel, 0, "softmax " + type + " " + name(layout));
      Object reference = referenceLogSoftmax(x, layout);
      for (int j = 0; j < n; j++) set(reference, j, Math.exp(get(reference, j)));
      assertClose(reference, scalar, n, rel, 0, "scalar softmax vs reference " + type + " " + name(layout));
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < inner; i++) {
          double total = 0;
          for (int k = 0; k < axis; k++) total += at(vector, layout, o, k, i);
          assertEquals(1, total, rel + axis * type.eps(), "softmax row sum " + type + " " + name(layout));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void logSoftmaxMatchesScalarAndReference(Type type) {
    Random random = new Random(23);
    double rel = type == Type.FLOAT ? 1e-5 : 1e-12;
    for (int[] layout : layouts(type, false)) {
      int outer = layout[0];
      int axis = layout[1];
      int inner = layout[2];
      int n = outer * axis * inner;
      Object x = type.random(random, n, -10, 10);
      Object scalar = type.zeros(n);
      Object vector = type.zeros(n);
      ScalarKernels.logSoftmax(x, outer, axis, inner, scalar);
      VectorKernels.logSoftmax(x, outer, axis, inner, vector);
      // Near 0 a relative bound is meaningless; the absolute error scales with the inputs (|x| ≤ 10).
      double abs = 20 * 10 * type.eps();
      assertClose(scalar, vector, n, rel, abs, "logSoftmax " + type + " " + name(layout));
      assertClose(referenceLogSoftmax(x, layout), scalar, n, rel, abs, "logSoftmax vs reference " + type + " " + name(layout));
    }
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void softmaxAndLogSoftmaxAreStableAtPlusMinus1000(Type type) {
    for (int axis : KernelTestSupport.sizes(type)) {
      if (axis == 0) continue;
      Object x = type.zeros(axis);
      for (int k = 0; k < axis; k++) set(x, k, k % 3 == 0 ? 1000 : k % 3 == 1 ? -1000 : 999);
      int[] layout = {1, axis, 1};
      Object reference = referenceLogSoftmax(x, layout);
      for (boolean vector : new boolean[] {false, true}) {
        Object log = type.zeros(axis);
        Object soft = type.zeros(axis);
        if (vector) {
          VectorKernels.logSoftmax(x, 1, axis, 1, log);
          VectorKernels.softmax(x, 1, axis, 1, soft);
        } else {
          ScalarKernels.logSoftmax(x, 1, axis, 1, log);
          ScalarKernels.softmax(x, 1, axis, 1, soft);
        }
        String what = type + " axis=" + axis + " vector=" + vector;
        assertClose(reference, log, axis, 1e-6, 1e-5, "logSoftmax ±1000 " + what);
        double total = 0;
        for (int k = 0; k < axis; k++) {
          double s = get(soft, k);
          assertTrue(s >= 0 && s <= 1, "softmax ±1000 " + what + " gave " + s);
          total += s;
        }
        assertEquals(1, total, 1e-5, "softmax ±1000 row sum " + what);
      }
    }
  }

  /** log softmax in double precision: x - m - log Σ exp(x - m). */
  private static Object referenceLogSoftmax(Object x, int[] layout) {
    int outer = layout[0];
    int axis = layout[1];
    int inner = layout[2];
    double[] out = new double[outer * axis * inner];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < axis; k++) m = Math.max(m, at(x, layout, o, k, i));
        double s = 0;
        for (int k = 0; k < axis; k++) s += Math.exp(at(x, layout, o, k, i) - m);
        for (int k = 0; k < axis; k++) out[(o * axis + k) * inner + i] = at(x, layout, o, k, i) - m - Math.log(s);
      }
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void gatherThenScatterAddRoundTrips(Type type) {
    Random random = new Random(24);
    for (int[] layout : layouts(type, false)) {
      int outer = layout[0];
      int axis = layout[1];
      int inner = layout[2];
      Object x = type.random(random, outer * axis * inner, -1, 1);
      int[] index = new int[outer * inner];
      for (int j = 0; j < index.length; j++) index[j] = random.nextInt(axis);
      Object picked = type.zeros(outer * inner);
      Kernels.gather(x, outer, axis, inner, index, picked);
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < inner; i++) {
          int j = o * inner + i;
          assertEquals(at(x, layout, o, index[j], i), get(picked, j), "gather " + name(layout));
        }
      }
      // Scattering back lands each value where it came from and leaves zeros elsewhere.
      Object back = type.zeros(outer * axis * inner);
      Kernels.scatterAdd(picked, outer, axis, inner, index, back);
      for (int o = 0; o < outer; o++) {
        for (int k = 0; k < axis; k++) {
          for (int i = 0; i < inner; i++) {
            double expected = index[o * inner + i] == k ? at(x, layout, o, k, i) : 0;
            if (at(back, layout, o, k, i) != expected) {
              fail("scatterAdd " + name(layout) + " at " + o + "," + k + "," + i);
            }
          }
        }
      }
      // scatterAdd accumulates: a second pass doubles the picked values.
      Kernels.scatterAdd(picked, outer, axis, inner, index, back);
      Object again = type.zeros(outer * inner);
      Kernels.gather(back, outer, axis, inner, index, again);
      for (int j = 0; j < outer * inner; j++) assertEquals(2 * get(picked, j), get(again, j), "scatterAdd accumulates");
    }
  }
}
