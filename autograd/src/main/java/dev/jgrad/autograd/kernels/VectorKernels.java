package dev.jgrad.autograd.kernels;

/**
 * The Vector API kernels behind the {@link Kernels} signatures: each method picks the {@code
 * float[]} or {@code double[]} implementation. Referenced only behind {@link Kernels#SIMD}, so a JVM
 * without {@code jdk.incubator.vector} never loads it nor the classes it calls.
 */
final class VectorKernels {
  private VectorKernels() {}

  /** The vector width in use, in bits. */
  static int bits() {
    return Simd.BITS;
  }

  /** Lanes of the float species in use (8 with AVX2). */
  static int floatLanes() {
    return VectorFloatKernels.lanes();
  }

  /** Lanes of the double species in use (4 with AVX2). */
  static int doubleLanes() {
    return VectorDoubleKernels.lanes();
  }

  static void unary(UnaryOp op, Object x, Object out, int n) {
    unary(op, x, out, 0, n);
  }

  /** out[i] = op(x[i]) for i in [from, to). */
  static void unary(UnaryOp op, Object x, Object out, int from, int to) {
    if (x instanceof float[] f) {
      VectorFloatKernels.unary(op, f, (float[]) out, from, to);
    } else {
      VectorDoubleKernels.unary(op, (double[]) x, (double[]) out, from, to);
    }
  }

  /** out[oo + i] = op(a[ao + i·as], b[bo + i·bs]) for i in [0, n), steps 0 or 1 vectorized. */
  static void binaryRow(BinaryOp op, Object a, int ao, int as, Object b, int bo, int bs, Object out, int oo, int n) {
    if (a instanceof float[] f) {
      VectorFloatKernels.binaryRow(op, f, ao, as, (float[]) b, bo, bs, (float[]) out, oo, n);
    } else {
      VectorDoubleKernels.binaryRow(op, (double[]) a, ao, as, (double[]) b, bo, bs, (double[]) out, oo, n);
    }
  }

  static void leakyRelu(Object x, double slope, Object out, int n) {
    if (x instanceof float[] f) {
      VectorFloatKernels.leakyRelu(f, slope, (float[]) out, n);
    } else {
      VectorDoubleKernels.leakyRelu((double[]) x, slope, (double[]) out, n);
    }
  }

  static void pow(Object x, double p, Object out, int n) {
    if (x instanceof float[] f) {
      VectorFloatKernels.pow(f, p, (float[]) out, n);
    } else {
      VectorDoubleKernels.pow((double[]) x, p, (double[]) out, n);
    }
  }

  static void clamp(Object x, double lo, double hi, Object out, int n) {
    if (x instanceof float[] f) {
      VectorFloatKernels.clamp(f, lo, hi, (float[]) out, n);
    } else {
      VectorDoubleKernels.clamp((double[]) x, lo, hi, (double[]) out, n);
    }
  }

  static void affine(Object x, double alpha, double beta, Object out, int n) {
    if (x instanceof float[] f) {
      VectorFloatKernels.affine(f, alpha, beta, (float[]) out, n);
    } else {
      VectorDoubleKernels.affine((double[]) x, alpha, beta, (double[]) out, n);
    }
  }

  static void sgd(Object p, Object g, Object b, int from, int to, UpdateKernels.Sgd s) {
    if (p instanceof float[] f) {
      VectorUpdateKernels.sgd(f, (float[]) g, (float[]) b, from, to, s);
    } else {
      VectorUpdateKernels.sgd((double[]) p, (double[]) g, (double[]) b, from, to, s);
    }
  }

  static void adam(Object p, Object g, Object m, Object v, int from, int to, UpdateKernels.Adam a) {
    if (p instanceof float[] f) {
      VectorUpdateKernels.adam(f, (float[]) g, (float[]) m, (float[]) v, from, to, a);
    } else {
      VectorUpdateKernels.adam((double[]) p, (double[]) g, (double[]) m, (double[]) v, from, to, a);
    }
  }

  static void axpy(double alpha, Object x, Object y, int from, int to) {
    if (x instanceof float[] f) {
      VectorFloatKernels.axpy(alpha, f, (float[]) y, from, to);
    } else {
      VectorDoubleKernels.axpy(alpha, (double[]) x, (double[]) y, from, to);
    }
  }

  static void binary(BinaryOp op, Object a, int[] aStrides, Object b, int[] bStrides, Object out, int[] outShape) {
    if (a instanceof float[] f) {
      VectorFloatKernels.binary(op, f, aStrides, (float[]) b, bStrides, (float[]) out, outShape);
    } else {
      VectorDoubleKernels.binary(op, (double[]) a, aStrides, (double[]) b, bStrides, (double[]) out, outShape);
    }
  }

  static void where(
      Object cond, int[] condStrides, Object a, int[] aStrides, Object b, int[] bStrides, Object out, int[] outShape) {
    if (a instanceof float[] f) {
      VectorFloatKernels.where(
          (float[]) cond, condStrides, f, aStrides, (float[]) b, bStrides, (float[]) out, outShape);
    } else {
      VectorDoubleKernels.where(
          (double[]) cond, condStrides, (double[]) a, aStrides, (double[]) b, bStrides, (double[]) out, outShape);
    }
  }

  static void sum(Object x, int outer, int axis, int inner, Object out) {
    if (x instanceof float[] f) {
      VectorFloatKernels.sum(f, outer, axis, inner, (float[]) out);
    } else {
      VectorDoubleKernels.sum((double[]) x, outer, axis, inner, (double[]) out);
    }
  }

  static void max(Object x, int outer, int axis, int inner, Object out) {
    if (x instanceof float[] f) {
      VectorFloatKernels.max(f, outer, axis, inner, (float[]) out);
    } else {
      VectorDoubleKernels.max((double[]) x, outer, axis, inner, (double[]) out);
    }
  }

  static void softmax(Object x, int outer, int axis, int inner, Object out) {
    if (x instanceof float[] f) {
      VectorFloatKernels.softmax(f, outer, axis, inner, (float[]) out);
    } else {
      VectorDoubleKernels.softmax((double[]) x, outer, axis, inner, (double[]) out);
    }
  }

  static void logSoftmax(Object x, int outer, int axis, int inner, Object out) {
    if (x instanceof float[] f) {
      VectorFloatKernels.logSoftmax(f, outer, axis, inner, (float[]) out);
    } else {
      VectorDoubleKernels.logSoftmax((double[]) x, outer, axis, inner, (double[]) out);
    }
  }

  /** The packed product of {@link Kernels#gemm}, with explicit leading dimensions, on up to {@code threads} threads. */
  static void gemm(
      boolean transA, boolean transB, int m, int n, int k, Object a, int ao, int lda, Object b, int bo, int ldb,
      Object c, int co, int ldc, boolean accumulate, int threads) {
    if (a instanceof float[] fa) {
      VectorGemmFloat.gemm(
          m, n, k, fa, ao, lda, transA, (float[]) b, bo, ldb, transB, (float[]) c, co, ldc, accumulate, threads);
    } else {
      VectorGemmDouble.gemm(
          m, n, k, (double[]) a, ao, lda, transA, (double[]) b, bo, ldb, transB, (double[]) c, co, ldc, accumulate,
          threads);
    }
  }

  /**
   * The product when C is a single column ({@code column}: n = 1) or a single row (m = 1), k ≥ 1: dot
   * products or sums of rows, where register tiles would be mostly padding. The vector operand is
   * contiguous either way, and so is C. The caller says which, so that a thread's share of a row
   * that happens to be one element wide is still summed as a row.
   */
  /** Whether the few-columns product takes n columns of this element type. */
  static boolean isNarrow(Object a, int n) {
    return a instanceof float[] ? VectorGemmFloat.isNarrow(n) : VectorGemmDouble.isNarrow(n);
  }

  /** C (+)= op(A)·B with few columns (see VectorGemmFloat.narrow); B is not transposed. */
  static void narrow(
      boolean transA, int m, int n, int k, Object a, int ao, int lda, Object b, int bo, int ldb, Object c, int co,
      int ldc, boolean accumulate) {
    if (a instanceof float[] fa) {
      VectorGemmFloat.narrow(m, n, k, fa, ao, lda, transA, (float[]) b, bo, ldb, (float[]) c, co, ldc, accumulate);
    } else {
      VectorGemmDouble.narrow(m, n, k, (double[]) a, ao, lda, transA, (double[]) b, bo, ldb, (double[]) c, co, ldc,
          accumulate);
    }
  }

  static void gemv(
      boolean column, boolean transA, boolean transB, int m, int n, int k, Object a, int ao, int lda, Object b, int bo, int ldb,
      Object c, int co, boolean accumulate) {
    if (a instanceof float[] fa) {
      float[] fb = (float[]) b;
      float[] fc = (float[]) c;
      if (column) {
        if (transA) {
          VectorGemmFloat.axpys(m, k, fa, ao, lda, fb, bo, fc, co, accumulate);
        } else {
          VectorGemmFloat.dots(m, k, fa, ao, lda, fb, bo, fc, co, accumulate);
        }
      } else if (transB) {
        VectorGemmFloat.dots(n, k, fb, bo, ldb, fa, ao, fc, co, accumulate);
      } else {
        VectorGemmFloat.axpys(n, k, fb, bo, ldb, fa, ao, fc, co, accumulate);
      }
    } else {
      double[] da = (double[]) a;
      double[] db = (double[]) b;
      double[] dc = (double[]) c;
      if (column) {
        if (transA) {
          VectorGemmDouble.axpys(m, k, da, ao, lda, db, bo, dc, co, accumulate);
        } else {
          VectorGemmDouble.dots(m, k, da, ao, lda, db, bo, dc, co, accumulate);
        }
      } else if (transB) {
        VectorGemmDouble.dots(n, k, db, bo, ldb, da, ao, dc, co, accumulate);
      } else {
        VectorGemmDouble.axpys(n, k, db, bo, ldb, da, ao, dc, co, accumulate);
      }
    }
  }
}
