package dev.jgrad.autograd.kernels;

import static dev.jgrad.autograd.kernels.KernelTestSupport.assertSameBits;
import static dev.jgrad.autograd.kernels.KernelTestSupport.copy;
import static dev.jgrad.autograd.kernels.KernelTestSupport.get;
import static dev.jgrad.autograd.kernels.KernelTestSupport.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jgrad.autograd.kernels.KernelTestSupport.Type;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * gemm with every transpose flag and with accumulation: the packed vector kernel, the few-columns
 * kernel, the matrix-vector kernels, the plain loop, and the dispatching (possibly multithreaded) entry point,
 * all against a triple loop in double precision.
 */
class KernelGemmTest {
  /**
   * Single rows and columns (matrix-vector products) and the tails of the register tile this CPU
   * and width chose (its rows and its columns in floats; the double tile has half the columns).
   */
  private static final int[] DIMS = IntStream.of(
          1, 2, 7, VectorGemmFloat.MR - 1, VectorGemmFloat.MR, VectorGemmFloat.MR + 1,
          VectorGemmDouble.NR + 1, VectorGemmFloat.NR - 1, VectorGemmFloat.NR + 1, 2 * VectorGemmFloat.NR + 1)
      .distinct().sorted().toArray();
  private static final double SENTINEL = 12345;

  private enum Path {
    TILES,
    NARROW,
    VECTOR,
    LOOP,
    DISPATCH
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void everyShapeAndFlagMatchesTheTripleLoop(Type type) {
    Random random = new Random(40);
    for (int m : DIMS) {
      for (int k : new int[] {1, 3, 17, 40}) {
        for (int n : DIMS) {
          for (int flags = 0; flags < 8; flags++) {
            check(type, random, m, n, k, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, 0, 0, 0);
          }
        }
      }
    }
  }

  /** Across k blocks (300 = 3 × 100, 513 = 5 × 103), partial row panels (9, 130, 150 rows) and the thread split. */
  @ParameterizedTest
  @EnumSource(Type.class)
  void blockEdgesOffsetsAndTheThreadSplit(Type type) {
    Random random = new Random(41);
    for (int flags = 0; flags < 8; flags++) {
      boolean ta = (flags & 1) != 0;
      boolean tb = (flags & 2) != 0;
      boolean acc = (flags & 4) != 0;
      check(type, random, 9, 30, 300, ta, tb, acc, 3, 5, 7);
      check(type, random, 130, 19, 513, ta, tb, acc, 0, 1, 2);
      check(type, random, 20, 400, 100, ta, tb, acc, 0, 0, 0); // 800,000 multiply-adds: split over the pool
      check(type, random, 150, 70, 60, ta, tb, acc, 2, 0, 1); // split, with offsets
      check(type, random, 1, 700, 800, ta, tb, acc, 0, 0, 0); // a row, split
      check(type, random, 700, 1, 800, ta, tb, acc, 0, 0, 0); // a column, split
    }
  }

  /** Across this CPU's own blocks: k just over one and two k blocks, n just over one column block. */
  @ParameterizedTest
  @EnumSource(Type.class)
  void acrossTheBlocksThisCpuChose(Type type) {
    Random random = new Random(43);
    int kc = type == Type.FLOAT ? VectorGemmFloat.KC_MAX : VectorGemmDouble.KC_MAX;
    int nc = type == Type.FLOAT ? VectorGemmFloat.NC : VectorGemmDouble.NC;
    for (int flags = 0; flags < 8; flags++) {
      boolean ta = (flags & 1) != 0;
      boolean tb = (flags & 2) != 0;
      boolean acc = (flags & 4) != 0;
      check(type, random, 13, 37, kc + 1, ta, tb, acc, 1, 2, 3);
      check(type, random, 25, 9, 2 * kc + 3, ta, tb, acc, 0, 0, 0);
      check(type, random, 5, nc + 3, 11, ta, tb, acc, 0, 1, 0);
    }
  }

  /** Each element of C is summed in one order whatever the split: the entry point matches one thread bit for bit. */
  @ParameterizedTest
  @EnumSource(Type.class)
  void theThreadSplitDoesNotChangeAnyBit(Type type) {
    Random random = new Random(42);
    int[][] shapes = {{20, 400, 100}, {70, 150, 60}, {150, 70, 60}, {1, 1100, 500}, {1100, 1, 500}, {97, 35, 200}};
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      for (int flags = 0; flags < 4; flags++) {
        boolean ta = (flags & 1) != 0;
        boolean tb = (flags & 2) != 0;
        Object a = type.random(random, m * k, -1, 1);
        Object b = type.random(random, k * n, -1, 1);
        Object split = type.zeros(m * n);
        Object single = type.zeros(m * n);
        Kernels.gemm(ta, tb, m, n, k, a, 0, b, 0, split, 0, false);
        int lda = ta ? m : k;
        int ldb = tb ? k : n;
        if (m == 1 || n == 1) {
          VectorKernels.gemv(n == 1, ta, tb, m, n, k, a, 0, lda, b, 0, ldb, single, 0, false);
        } else {
          VectorKernels.gemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, single, 0, n, false, 1);
        }
        String what = type + " " + m + "x" + n + "x" + k + " transA=" + ta + " transB=" + tb;
        assertSameBits(single, split, what);
      }
    }
  }

  /**
   * The packed product's own split, at thread counts the machine may not have (Parallel runs the
   * chunks on whatever threads it has): chunks of row panels, B packed in column chunks, C zeroed
   * per chunk, or ranges of column panels (few row panels: the MLP's forward shape); every bit as
   * with one thread, for edges of every kind.
   */
  @ParameterizedTest
  @EnumSource(Type.class)
  void thePackedProductsChunksDoNotChangeAnyBit(Type type) {
    Random random = new Random(43);
    int[][] shapes = {{7, 17, 5}, {130, 19, 513}, {61, 1030, 129}, {600, 40, 300}, {128, 256, 300}, {40, 500, 70}};
    boolean columnsSplit = false;
    for (int[] s : shapes) {
      for (int threads : new int[] {2, 3, 8}) {
        columnsSplit |= type == Type.FLOAT
            ? VectorGemmFloat.splitsColumns(s[0], s[1], threads)
            : VectorGemmDouble.splitsColumns(s[0], s[1], threads);
      }
    }
    assertTrue(columnsSplit, "no shape here takes the split by columns at this width");
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      for (int flags = 0; flags < 8; flags++) {
        boolean ta = (flags & 1) != 0;
        boolean tb = (flags & 2) != 0;
        boolean acc = (flags & 4) != 0;
        Object a = type.random(random, m * k, -1, 1);
        Object b = type.random(random, k * n, -1, 1);
        Object start = type.random(random, m * n, -1, 1);
        int lda = ta ? m : k;
        int ldb = tb ? k : n;
        Object single = copy(start);
        VectorKernels.gemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, single, 0, n, acc, 1);
        for (int threads : new int[] {2, 3, 8}) {
          Object split = copy(start);
          VectorKernels.gemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, split, 0, n, acc, threads);
          String what = type + " " + m + "x" + n + "x" + k + " transA=" + ta + " transB=" + tb + " acc=" + acc
              + " threads=" + threads;
          assertSameBits(single, split, what);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void emptyInnerDimensionGivesZerosOrLeavesC(Type type) {
    for (boolean acc : new boolean[] {false, true}) {
      Object c = type.of(7, 7, 7, 7, 7, 7);
      Object none = type.zeros(0);
      Kernels.gemm(false, true, 2, 3, 0, none, 0, none, 0, c, 0, acc);
      for (int j = 0; j < 6; j++) assertEquals(acc ? 7 : 0, get(c, j), "k = 0, accumulate=" + acc);
    }
  }

  private static void check(
      Type type, Random random, int m, int n, int k, boolean ta, boolean tb, boolean acc, int aOff, int bOff, int cOff) {
    Object a = type.random(random, aOff + m * k, -1, 1);
    Object b = type.random(random, bOff + k * n, -1, 1);
    Object c0 = type.random(random, m * n, -1, 1);
    int lda = ta ? m : k;
    int ldb = tb ? k : n;
    int cLength = cOff + m * n + 3;
    for (Path path : Path.values()) {
      if (path == Path.VECTOR && m != 1 && n != 1 || path == Path.NARROW && (tb || !VectorKernels.isNarrow(a, n))) {
        continue;
      }
      Object c = type.zeros(cLength);
      for (int j = 0; j < cLength; j++) set(c, j, SENTINEL);
      for (int j = 0; j < m * n; j++) set(c, cOff + j, get(c0, j));
      switch (path) {
        case TILES -> VectorKernels.gemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, n, acc, 1);
        case NARROW -> VectorKernels.narrow(ta, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, n, acc);
        case VECTOR -> VectorKernels.gemv(n == 1, ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, acc);
        case LOOP -> ScalarKernels.gemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, n, acc);
        case DISPATCH -> Kernels.gemm(ta, tb, m, n, k, a, aOff, b, bOff, c, cOff, acc);
      }
      String what = type + " " + path + " " + m + "x" + n + "x" + k + " transA=" + ta + " transB=" + tb + " acc=" + acc;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double exact = acc ? get(c0, i * n + j) : 0;
          double magnitude = Math.abs(exact);
          for (int p = 0; p < k; p++) {
            double ap = get(a, aOff + (ta ? p * lda + i : i * lda + p));
            double bp = get(b, bOff + (tb ? j * ldb + p : p * ldb + j));
            exact += ap * bp;
            magnitude += Math.abs(ap * bp);
          }
          // A dot product of length k carries at most about k roundings of the running sum.
          double tolerance = 2 * (k + 2) * type.eps() * magnitude;
          double actual = get(c, cOff + i * n + j);
          if (Math.abs(actual - exact) > tolerance) {
            fail(what + ": C[" + i + ", " + j + "] = " + actual + ", expected " + exact + " ± " + tolerance);
          }
        }
      }
      for (int j = 0; j < cOff; j++) assertEquals(SENTINEL, get(c, j), "wrote before C: " + what);
      for (int j = cOff + m * n; j < cLength; j++) assertEquals(SENTINEL, get(c, j), "wrote after C: " + what);
    }
  }
}
