package dev.jgrad.autograd.kernels;

import static dev.jgrad.autograd.kernels.KernelTestSupport.get;
import static dev.jgrad.autograd.kernels.KernelTestSupport.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jgrad.autograd.kernels.KernelTestSupport.Type;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** matmul, vector and scalar, against a triple loop in double precision. */
class KernelMatmulTest {
  private static final int[] DIMS = {1, 2, 3, 7, 16, 17, 33, 65};
  private static final double SENTINEL = 12345;

  @ParameterizedTest
  @EnumSource(Type.class)
  void everyShapeMatchesTheTripleLoop(Type type) {
    Random random = new Random(30);
    for (int m : DIMS) {
      for (int k : DIMS) {
        for (int n : DIMS) check(type, random, m, k, n, 0, 0, 0);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void offsetsAndBlockEdges(Type type) {
    Random random = new Random(31);
    // Offsets, as batched matmul passes them; C's neighbours must stay untouched.
    check(type, random, 5, 7, 9, 3, 11, 13);
    check(type, random, 17, 33, 65, 1, 2, 5);
    // Across k blocks (at most 128 long) and past the tile and block edges.
    check(type, random, 9, 300, 300, 0, 0, 0);
    check(type, random, 5, 513, 70, 4, 0, 1);
    check(type, random, 6, 257, 129, 0, 0, 0);
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void emptyInnerDimensionGivesZeros(Type type) {
    for (boolean vector : new boolean[] {false, true}) {
      Object c = type.of(7, 7, 7, 7, 7, 7);
      Object none = type.zeros(0);
      if (vector) {
        VectorKernels.gemm(false, false, 2, 3, 0, none, 0, 0, none, 0, 3, c, 0, 3, false, 1);
      } else {
        ScalarKernels.gemm(false, false, 2, 3, 0, none, 0, 0, none, 0, 3, c, 0, 3, false);
      }
      for (int j = 0; j < 6; j++) assertEquals(0, get(c, j), "k = 0, vector=" + vector);
    }
  }

  private static void check(Type type, Random random, int m, int k, int n, int aOffset, int bOffset, int cOffset) {
    Object a = type.random(random, aOffset + m * k, -1, 1);
    Object b = type.random(random, bOffset + k * n, -1, 1);
    int cLength = cOffset + m * n + 3;
    for (boolean vector : new boolean[] {false, true}) {
      Object c = type.zeros(cLength);
      for (int j = 0; j < cLength; j++) set(c, j, SENTINEL);
      if (vector) {
        VectorKernels.gemm(false, false, m, n, k, a, aOffset, k, b, bOffset, n, c, cOffset, n, false, 1);
      } else {
        ScalarKernels.gemm(false, false, m, n, k, a, aOffset, k, b, bOffset, n, c, cOffset, n, false);
      }
      String what = type + " " + m + "x" + k + " by " + k + "x" + n + " vector=" + vector;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double exact = 0;
          double magnitude = 0;
          for (int p = 0; p < k; p++) {
            double term = get(a, aOffset + i * k + p) * get(b, bOffset + p * n + j);
            exact += term;
            magnitude += Math.abs(term);
          }
          // A dot product of length k carries at most about k roundings of the running sum.
          double tolerance = 2 * (k + 1) * type.eps() * magnitude;
          double actual = get(c, cOffset + i * n + j);
          if (Math.abs(actual - exact) > tolerance) {
            fail(what + ": C[" + i + ", " + j + "] = " + actual + ", expected " + exact + " ± " + tolerance);
          }
        }
      }
      for (int j = 0; j < cOffset; j++) assertEquals(SENTINEL, get(c, j), "wrote before C: " + what);
      for (int j = cOffset + m * n; j < cLength; j++) assertEquals(SENTINEL, get(c, j), "wrote after C: " + what);
    }
  }
}
