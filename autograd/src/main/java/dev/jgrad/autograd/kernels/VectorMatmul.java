package dev.jgrad.autograd.kernels;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = A·B with the Vector API, for row-major A (m×k), B (k×n), C (m×n). Loaded only when {@link
 * Kernels#SIMD} is true.
 *
 * <p>The scheme is i-k-j: a[i, p] is broadcast and multiplied with a run of row p of B into the
 * same run of row i of C. To reuse what is loaded, a tile of 4 rows of C by 2 vectors is kept in
 * registers across the whole k loop (8 accumulators, 2 loads of B and 4 broadcasts per step). The
 * k loop is cut into blocks of {@code KC} and the columns into blocks of {@code NC} so that the
 * panel of B the tiles sweep (KC × NC) stays in the L2 cache; C then accumulates block by block.
 * There is no packing yet.
 */
final class VectorMatmul {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
  private static final int FL = FS.length();
  private static final int DL = DS.length();
  private static final int KC = 256;
  /** Column blocks: 32 vectors wide, so a KC × NC panel of B is 256 KiB with AVX2. */
  private static final int FNC = 32 * FL;
  private static final int DNC = 32 * DL;

  private VectorMatmul() {}

  // ---- float ----------------------------------------------------------------------------------

  static void matmul(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n) {
    if (k == 0) {
      Arrays.fill(c, co, co + m * n, 0f);
      return;
    }
    for (int p0 = 0; p0 < k; p0 += KC) {
      int p1 = Math.min(k, p0 + KC);
      boolean accumulate = p0 > 0;
      for (int j0 = 0; j0 < n; j0 += FNC) {
        int j1 = Math.min(n, j0 + FNC);
        int i = 0;
        for (; i + 4 <= m; i += 4) rows4(a, ao, b, bo, c, co, k, n, i, p0, p1, j0, j1, accumulate);
        for (; i < m; i++) row1(a, ao, b, bo, c, co, k, n, i, p0, p1, j0, j1, accumulate);
      }
    }
  }

  private static FloatVector load(float[] x, int i) {
    return FloatVector.fromArray(FS, x, i);
  }

  /** Rows i..i+3 of C, columns [j0, j1), the k-block [p0, p1). */
  private static void rows4(
      float[] a, int ao, float[] b, int bo, float[] c, int co,
      int k, int n, int i, int p0, int p1, int j0, int j1, boolean accumulate) {
    int a0 = ao + i * k;
    int a1 = a0 + k;
    int a2 = a1 + k;
    int a3 = a2 + k;
    int c0 = co + i * n;
    int c1 = c0 + n;
    int c2 = c1 + n;
    int c3 = c2 + n;
    FloatVector zero = FloatVector.zero(FS);
    int j = j0;
    for (; j + 2 * FL <= j1; j += 2 * FL) {
      FloatVector s00 = accumulate ? load(c, c0 + j) : zero;
      FloatVector s01 = accumulate ? load(c, c0 + j + FL) : zero;
      FloatVector s10 = accumulate ? load(c, c1 + j) : zero;
      FloatVector s11 = accumulate ? load(c, c1 + j + FL) : zero;
      FloatVector s20 = accumulate ? load(c, c2 + j) : zero;
      FloatVector s21 = accumulate ? load(c, c2 + j + FL) : zero;
      FloatVector s30 = accumulate ? load(c, c3 + j) : zero;
      FloatVector s31 = accumulate ? load(c, c3 + j + FL) : zero;
      for (int p = p0, bp = bo + p0 * n + j; p < p1; p++, bp += n) {
        FloatVector b0 = load(b, bp);
        FloatVector b1 = load(b, bp + FL);
        FloatVector x = FloatVector.broadcast(FS, a[a0 + p]);
        s00 = b0.fma(x, s00);
        s01 = b1.fma(x, s01);
        x = FloatVector.broadcast(FS, a[a1 + p]);
        s10 = b0.fma(x, s10);
        s11 = b1.fma(x, s11);
        x = FloatVector.broadcast(FS, a[a2 + p]);
        s20 = b0.fma(x, s20);
        s21 = b1.fma(x, s21);
        x = FloatVector.broadcast(FS, a[a3 + p]);
        s30 = b0.fma(x, s30);
        s31 = b1.fma(x, s31);
      }
      s00.intoArray(c, c0 + j);
      s01.intoArray(c, c0 + j + FL);
      s10.intoArray(c, c1 + j);
      s11.intoArray(c, c1 + j + FL);
      s20.intoArray(c, c2 + j);
      s21.intoArray(c, c2 + j + FL);
      s30.intoArray(c, c3 + j);
      s31.intoArray(c, c3 + j + FL);
    }
    for (; j + FL <= j1; j += FL) {
      FloatVector s0 = accumulate ? load(c, c0 + j) : zero;
      FloatVector s1 = accumulate ? load(c, c1 + j) : zero;
      FloatVector s2 = accumulate ? load(c, c2 + j) : zero;
      FloatVector s3 = accumulate ? load(c, c3 + j) : zero;
      for (int p = p0, bp = bo + p0 * n + j; p < p1; p++, bp += n) {
        FloatVector b0 = load(b, bp);
        s0 = b0.fma(FloatVector.broadcast(FS, a[a0 + p]), s0);
        s1 = b0.fma(FloatVector.broadcast(FS, a[a1 + p]), s1);
        s2 = b0.fma(FloatVector.broadcast(FS, a[a2 + p]), s2);
        s3 = b0.fma(FloatVector.broadcast(FS, a[a3 + p]), s3);
      }
      s0.intoArray(c, c0 + j);
      s1.intoArray(c, c1 + j);
      s2.intoArray(c, c2 + j);
      s3.intoArray(c, c3 + j);
    }
    for (; j < j1; j++) {
      c[c0 + j] = dot(a, a0, b, bo + j, n, p0, p1, accumulate ? c[c0 + j] : 0f);
      c[c1 + j] = dot(a, a1, b, bo + j, n, p0, p1, accumulate ? c[c1 + j] : 0f);
      c[c2 + j] = dot(a, a2, b, bo + j, n, p0, p1, accumulate ? c[c2 + j] : 0f);
      c[c3 + j] = dot(a, a3, b, bo + j, n, p0, p1, accumulate ? c[c3 + j] : 0f);
    }
  }

  /** Row i of C, columns [j0, j1), the k-block [p0, p1): tiles of 4 vectors, then 1. */
  private static void row1(
      float[] a, int ao, float[] b, int bo, float[] c, int co,
      int k, int n, int i, int p0, int p1, int j0, int j1, boolean accumulate) {
    int ai = ao + i * k;
    int ci = co + i * n;
    FloatVector zero = FloatVector.zero(FS);
    int j = j0;
    for (; j + 4 * FL <= j1; j += 4 * FL) {
      FloatVector s0 = accumulate ? load(c, ci + j) : zero;
      FloatVector s1 = accumulate ? load(c, ci + j + FL) : zero;
      FloatVector s2 = accumulate ? load(c, ci + j + 2 * FL) : zero;
      FloatVector s3 = accumulate ? load(c, ci + j + 3 * FL) : zero;
      for (int p = p0, bp = bo + p0 * n + j; p < p1; p++, bp += n) {
        FloatVector x = FloatVector.broadcast(FS, a[ai + p]);
        s0 = load(b, bp).fma(x, s0);
        s1 = load(b, bp + FL).fma(x, s1);
        s2 = load(b, bp + 2 * FL).fma(x, s2);
        s3 = load(b, bp + 3 * FL).fma(x, s3);
      }
      s0.intoArray(c, ci + j);
      s1.intoArray(c, ci + j + FL);
      s2.intoArray(c, ci + j + 2 * FL);
      s3.intoArray(c, ci + j + 3 * FL);
    }
    for (; j + FL <= j1; j += FL) {
      FloatVector s = accumulate ? load(c, ci + j) : zero;
      for (int p = p0, bp = bo + p0 * n + j; p < p1; p++, bp += n) {
        s = load(b, bp).fma(FloatVector.broadcast(FS, a[ai + p]), s);
      }
      s.intoArray(c, ci + j);
    }
    for (; j < j1; j++) {
      c[ci + j] = dot(a, ai, b, bo + j, n, p0, p1, accumulate ? c[ci + j] : 0f);
    }
  }

  /** init + Σ_{p in [p0, p1)} a[ai + p]·b[bj + p·n]: one column of B, for the tail columns. */
  private static float dot(float[] a, int ai, float[] b, int bj, int n, int p0, int p1, float init) {
    float s = init;
    for (int p = p0; p < p1; p++) s += a[ai + p] * b[bj + p * n];
    return s;
  }

  // ---- double: the same scheme ----------------------------------------------------------------

  static void matmul(double[] a, int ao, double[] b, int bo, double[] c, int co, int m, int k, int n) {
    if (k == 0) {
      Arrays.fill(c, co, co + m * n, 0.0);
      return;
    }
    for (int p0 = 0; p0 < k; p0 += KC) {
      int p1 = Math.min(k, p0 + KC);
      boolean accumulate = p0 > 0;
      for (int j0 = 0; j0 < n; j0 += DNC) {
        int j1 = Math.min(n, j0 + DNC);
        int i = 0;
        for (; i + 4 <= m; i += 4) rows4(a, ao, b, bo, c, co, k, n, i, p0, p1, j0, j1, accumulate);
        for (; i < m; i++) row1(a, ao, b, bo, c, co, k, n, i, p0, p1, j0, j1, accumulate);
      }
    }
  }

  private static DoubleVector load(double[] x, int i) {
    return DoubleVector.fromArray(DS, x, i);
  }

  private static void rows4(
      double[] a, int ao, double[] b, int bo, double[] c, int co,
      int k, int n, int i, int p0, int p1, int j0, int j1, boolean accumulate) {
    int a0 = ao + i * k;
    int a1 = a0 + k;
    int a2 = a1 + k;
    int a3 = a2 + k;
    int c0 = co + i * n;
    int c1 = c0 + n;
    int c2 = c1 + n;
    int c3 = c2 + n;
    DoubleVector zero = DoubleVector.zero(DS);
    int j = j0;
    for (; j + 2 * DL <= j1; j += 2 * DL) {
      DoubleVector s00 = accumulate ? load(c, c0 + j) : zero;
      DoubleVector s01 = accumulate ? load(c, c0 + j + DL) : zero;
      DoubleVector s10 = accumulate ? load(c, c1 + j) : zero;
      DoubleVector s11 = accumulate ? load(c, c1 + j + DL) : zero;
      DoubleVector s20 = accumulate ? load(c, c2 + j) : zero;
      DoubleVector s21 = accumulate ? load(c, c2 + j + DL) : zero;
      DoubleVector s30 = accumulate ? load(c, c3 + j) : zero;
      DoubleVector s31 = accumulate ? load(c, c3 + j + DL) : zero;
      for (int p = p0, bp = bo + p0 * n + j; p < p1; p++, bp += n) {
        DoubleVector b0 = load(b, bp);
        DoubleVector b1 = load(b, bp + DL);
        DoubleVector x = DoubleVector.broadcast(DS, a[a0 + p]);
        s00 = b0.fma(x, s00);
        s01 = b1.fma(x, s01);
        x = DoubleVector.broadcast(DS, a[a1 + p]);
        s10 = b0.fma(x, s10);
        s11 = b1.fma(x, s11);
        x = DoubleVector.broadcast(DS, a[a2 + p]);
        s20 = b0.fma(x, s20);
        s21 = b1.fma(x, s21);
        x = DoubleVector.broadcast(DS, a[a3 + p]);
        s30 = b0.fma(x, s30);
        s31 = b1.fma(x, s31);
      }
      s00.intoArray(c, c0 + j);
      s01.intoArray(c, c0 + j + DL);
      s10.intoArray(c, c1 + j);
      s11.intoArray(c, c1 + j + DL);
      s20.intoArray(c, c2 + j);
      s21.intoArray(c, c2 + j + DL);
      s30.intoArray(c, c3 + j);
      s31.intoArray(c, c3 + j + DL);
    }
    for (; j + DL <= j1; j += DL) {
      DoubleVector s0 = accumulate ? load(c, c0 + j) : zero;
      DoubleVector s1 = accumulate ? load(c, c1 + j) : zero;
      DoubleVector s2 = accumulate ? load(c, c2 + j) : zero;
      DoubleVector s3 = accumulate ? load(c, c3 + j) : zero;
      for (int p = p0, bp = bo + p0 * n + j; p < p1; p++, bp += n) {
        DoubleVector b0 = load(b, bp);
        s0 = b0.fma(DoubleVector.broadcast(DS, a[a0 + p]), s0);
        s1 = b0.fma(DoubleVector.broadcast(DS, a[a1 + p]), s1);
        s2 = b0.fma(DoubleVector.broadcast(DS, a[a2 + p]), s2);
        s3 = b0.fma(DoubleVector.broadcast(DS, a[a3 + p]), s3);
      }
      s0.intoArray(c, c0 + j);
      s1.intoArray(c, c1 + j);
      s2.intoArray(c, c2 + j);
      s3.intoArray(c, c3 + j);
    }
    for (; j < j1; j++) {
      c[c0 + j] = dot(a, a0, b, bo + j, n, p0, p1, accumulate ? c[c0 + j] : 0.0);
      c[c1 + j] = dot(a, a1, b, bo + j, n, p0, p1, accumulate ? c[c1 + j] : 0.0);
      c[c2 + j] = dot(a, a2, b, bo + j, n, p0, p1, accumulate ? c[c2 + j] : 0.0);
      c[c3 + j] = dot(a, a3, b, bo + j, n, p0, p1, accumulate ? c[c3 + j] : 0.0);
    }
  }

  private static void row1(
      double[] a, int ao, double[] b, int bo, double[] c, int co,
      int k, int n, int i, int p0, int p1, int j0, int j1, boolean accumulate) {
    int ai = ao + i * k;
    int ci = co + i * n;
    DoubleVector zero = DoubleVector.zero(DS);
    int j = j0;
    for (; j + 4 * DL <= j1; j += 4 * DL) {
      DoubleVector s0 = accumulate ? load(c, ci + j) : zero;
      DoubleVector s1 = accumulate ? load(c, ci + j + DL) : zero;
      DoubleVector s2 = accumulate ? load(c, ci + j + 2 * DL) : zero;
      DoubleVector s3 = accumulate ? load(c, ci + j + 3 * DL) : zero;
      for (int p = p0, bp = bo + p0 * n + j; p < p1; p++, bp += n) {
        DoubleVector x = DoubleVector.broadcast(DS, a[ai + p]);
        s0 = load(b, bp).fma(x, s0);
        s1 = load(b, bp + DL).fma(x, s1);
        s2 = load(b, bp + 2 * DL).fma(x, s2);
        s3 = load(b, bp + 3 * DL).fma(x, s3);
      }
      s0.intoArray(c, ci + j);
      s1.intoArray(c, ci + j + DL);
      s2.intoArray(c, ci + j + 2 * DL);
      s3.intoArray(c, ci + j + 3 * DL);
    }
    for (; j + DL <= j1; j += DL) {
      DoubleVector s = accumulate ? load(c, ci + j) : zero;
      for (int p = p0, bp = bo + p0 * n + j; p < p1; p++, bp += n) {
        s = load(b, bp).fma(DoubleVector.broadcast(DS, a[ai + p]), s);
      }
      s.intoArray(c, ci + j);
    }
    for (; j < j1; j++) {
      c[ci + j] = dot(a, ai, b, bo + j, n, p0, p1, accumulate ? c[ci + j] : 0.0);
    }
  }

  private static double dot(double[] a, int ai, double[] b, int bj, int n, int p0, int p1, double init) {
    double s = init;
    for (int p = p0; p < p1; p++) s += a[ai + p] * b[bj + p * n];
    return s;
  }
}
