package dev.jgrad.autograd.kernels;

import java.util.Arrays;

/**
 * The scalar reference kernels behind the {@link Kernels} signatures: each method picks the {@code
 * float[]} or {@code double[]} implementation. Also the only implementation of the kernels that
 * gain nothing from the Vector API (fill, convert, copyStrided, argmax, gather, scatterAdd).
 */
final class ScalarKernels {
  private ScalarKernels() {}

  static void unary(UnaryOp op, Object x, Object out, int n) {
    unary(op, x, out, 0, n);
  }

  static void unary(UnaryOp op, Object x, Object out, int from, int to) {
    if (x instanceof float[] f) {
      ScalarFloatKernels.unary(op, f, (float[]) out, from, to);
    } else {
      ScalarDoubleKernels.unary(op, (double[]) x, (double[]) out, from, to);
    }
  }

  static void binaryRow(BinaryOp op, Object a, int ao, int as, Object b, int bo, int bs, Object out, int oo, int n) {
    if (a instanceof float[] f) {
      ScalarFloatKernels.binaryRow(op, f, ao, as, (float[]) b, bo, bs, (float[]) out, oo, n);
    } else {
      ScalarDoubleKernels.binaryRow(op, (double[]) a, ao, as, (double[]) b, bo, bs, (double[]) out, oo, n);
    }
  }

  static void leakyRelu(Object x, double slope, Object out, int n) {
    if (x instanceof float[] f) {
      ScalarFloatKernels.leakyRelu(f, slope, (float[]) out, 0, n);
    } else {
      ScalarDoubleKernels.leakyRelu((double[]) x, slope, (double[]) out, 0, n);
    }
  }

  static void pow(Object x, double p, Object out, int n) {
    if (x instanceof float[] f) {
      ScalarFloatKernels.pow(f, p, (float[]) out, 0, n);
    } else {
      ScalarDoubleKernels.pow((double[]) x, p, (double[]) out, 0, n);
    }
  }

  static void clamp(Object x, double lo, double hi, Object out, int n) {
    if (x instanceof float[] f) {
      ScalarFloatKernels.clamp(f, lo, hi, (float[]) out, 0, n);
    } else {
      ScalarDoubleKernels.clamp((double[]) x, lo, hi, (double[]) out, 0, n);
    }
  }

  static void affine(Object x, double alpha, double beta, Object out, int n) {
    if (x instanceof float[] f) {
      ScalarFloatKernels.affine(f, alpha, beta, (float[]) out, 0, n);
    } else {
      ScalarDoubleKernels.affine((double[]) x, alpha, beta, (double[]) out, 0, n);
    }
  }

  static void fill(Object out, double v, int n) {
    if (out instanceof float[] f) {
      Arrays.fill(f, 0, n, (float) v);
    } else {
      Arrays.fill((double[]) out, 0, n, v);
    }
  }

  static void convert(Object x, int xOffset, Object out, int outOffset, int n) {
    if (x instanceof float[] f && out instanceof double[] d) {
      for (int i = 0; i < n; i++) d[outOffset + i] = f[xOffset + i];
    } else if (x instanceof double[] d && out instanceof float[] f) {
      for (int i = 0; i < n; i++) f[outOffset + i] = (float) d[xOffset + i];
    } else {
      System.arraycopy(x, xOffset, out, outOffset, n);
    }
  }

  static void axpy(double alpha, Object x, Object y, int from, int to) {
    if (x instanceof float[] f) {
      ScalarFloatKernels.axpy(alpha, f, (float[]) y, from, to);
    } else {
      ScalarDoubleKernels.axpy(alpha, (double[]) x, (double[]) y, from, to);
    }
  }

  static void binary(BinaryOp op, Object a, int[] aStrides, Object b, int[] bStrides, Object out, int[] outShape) {
    if (a instanceof float[] f) {
      ScalarFloatKernels.binary(op, f, aStrides, (float[]) b, bStrides, (float[]) out, outShape);
    } else {
      ScalarDoubleKernels.binary(op, (double[]) a, aStrides, (double[]) b, bStrides, (double[]) out, outShape);
    }
  }

  static void where(
      Object cond, int[] condStrides, Object a, int[] aStrides, Object b, int[] bStrides, Object out, int[] outShape) {
    if (a instanceof float[] f) {
      ScalarFloatKernels.where(
          (float[]) cond, condStrides, f, aStrides, (float[]) b, bStrides, (float[]) out, outShape);
    } else {
      ScalarDoubleKernels.where(
          (double[]) cond, condStrides, (double[]) a, aStrides, (double[]) b, bStrides, (double[]) out, outShape);
    }
  }

  static void copyStrided(Object x, int offset, int[] strides, Object out, int[] outShape) {
    if (x instanceof float[] f) {
      ScalarFloatKernels.copyStrided(f, offset, strides, (float[]) out, outShape);
    } else {
      ScalarDoubleKernels.copyStrided((double[]) x, offset, strides, (double[]) out, outShape);
    }
  }

  static void sum(Object x, int outer, int axis, int inner, Object out) {
    if (x instanceof float[] f) {
      ScalarFloatKernels.sum(f, outer, axis, inner, (float[]) out);
    } else {
      ScalarDoubleKernels.sum((double[]) x, outer, axis, inner, (double[]) out);
    }
  }

  static void max(Object x, int outer, int axis, int inner, Object out) {
    if (x instanceof float[] f) {
      ScalarFloatKernels.max(f, outer, axis, inner, (float[]) out);
    } else {
      ScalarDoubleKernels.max((double[]) x, outer, axis, inner, (double[]) out);
    }
  }

  static void argmax(Object x, int outer, int axis, int inner, int[] out) {
    if (x instanceof float[] f) {
      ScalarFloatKernels.argmax(f, outer, axis, inner, out);
    } else {
      ScalarDoubleKernels.argmax((double[]) x, outer, axis, inner, out);
    }
  }

  static void softmax(Object x, int outer, int axis, int inner, Object out) {
    if (x instanceof float[] f) {
      ScalarFloatKernels.softmax(f, outer, axis, inner, (float[]) out);
    } else {
      ScalarDoubleKernels.softmax((double[]) x, outer, axis, inner, (double[]) out);
    }
  }

  static void logSoftmax(Object x, int outer, int axis, int inner, Object out) {
    if (x instanceof float[] f) {
      ScalarFloatKernels.logSoftmax(f, outer, axis, inner, (float[]) out);
    } else {
      ScalarDoubleKernels.logSoftmax((double[]) x, outer, axis, inner, (double[]) out);
    }
  }

  static void gather(Object x, int outer, int axis, int inner, int[] index, Object out) {
    if (x instanceof float[] f) {
      ScalarFloatKernels.gather(f, outer, axis, inner, index, (float[]) out);
    } else {
      ScalarDoubleKernels.gather((double[]) x, outer, axis, inner, index, (double[]) out);
    }
  }

  static void scatterAdd(Object src, int outer, int axis, int inner, int[] index, Object out) {
    if (src instanceof float[] f) {
      ScalarFloatKernels.scatterAdd(f, outer, axis, inner, index, (float[]) out);
    } else {
      ScalarDoubleKernels.scatterAdd((double[]) src, outer, axis, inner, index, (double[]) out);
    }
  }

  /** {@link Kernels#gemm} with explicit leading dimensions, as a plain loop. */
  static void gemm(
      boolean transA, boolean transB, int m, int n, int k, Object a, int ao, int lda, Object b, int bo, int ldb,
      Object c, int co, int ldc, boolean accumulate) {
    if (a instanceof float[] f) {
      ScalarFloatKernels.gemm(transA, transB, m, n, k, f, ao, lda, (float[]) b, bo, ldb, (float[]) c, co, ldc, accumulate);
    } else {
      ScalarDoubleKernels.gemm(
          transA, transB, m, n, k, (double[]) a, ao, lda, (double[]) b, bo, ldb, (double[]) c, co, ldc, accumulate);
    }
  }
}
