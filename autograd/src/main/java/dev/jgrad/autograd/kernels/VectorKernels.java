package dev.jgrad.autograd.kernels;

/**
 * The Vector API kernels behind the {@link Kernels} signatures: each method picks the {@code
 * float[]} or {@code double[]} implementation. Referenced only behind {@link Kernels#SIMD}, so a JVM
 * without {@code jdk.incubator.vector} never loads it nor the classes it calls.
 */
final class VectorKernels {
  private VectorKernels() {}

  /** Lanes of the preferred float species (8 with AVX2). */
  static int floatLanes() {
    return VectorFloatKernels.lanes();
  }

  /** Lanes of the preferred double species (4 with AVX2). */
  static int doubleLanes() {
    return VectorDoubleKernels.lanes();
  }

  static void unary(UnaryOp op, Object x, Object out, int n) {
    if (x instanceof float[] f) {
      VectorFloatKernels.unary(op, f, (float[]) out, n);
    } else {
      VectorDoubleKernels.unary(op, (double[]) x, (double[]) out, n);
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

  static void axpy(double alpha, Object x, Object y, int n) {
    if (x instanceof float[] f) {
      VectorFloatKernels.axpy(alpha, f, (float[]) y, n);
    } else {
      VectorDoubleKernels.axpy(alpha, (double[]) x, (double[]) y, n);
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

  static void matmul(Object a, int aOffset, Object b, int bOffset, Object c, int cOffset, int m, int k, int n) {
    if (a instanceof float[] f) {
      VectorMatmul.matmul(f, aOffset, (float[]) b, bOffset, (float[]) c, cOffset, m, k, n);
    } else {
      VectorMatmul.matmul((double[]) a, aOffset, (double[]) b, bOffset, (double[]) c, cOffset, m, k, n);
    }
  }
}
