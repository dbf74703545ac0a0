package dev.jgrad.autograd.kernels;

/**
 * The arithmetic of jgrad, on contiguous row-major heap arrays. Not API: the ops call it; users
 * never should.
 *
 * <p>Every array argument is a {@code float[]} or a {@code double[]}; all arrays of one call have
 * the same element type (the caller guarantees it). Outputs are written, never read, unless a method
 * says it accumulates. Shapes and strides are in elements. A stride of 0 marks a broadcast dimension.
 *
 * <p>Each method dispatches on {@link #SIMD} and on the element type: the Vector API kernels
 * ({@code VectorKernels}) when the JVM has {@code jdk.incubator.vector}, else the scalar reference
 * kernels ({@code ScalarKernels}, with a single warning saying which flag enables SIMD). The scalar
 * kernels stay as the reference for parity tests. Kernels that gain nothing from SIMD (fill,
 * convert, copyStrided, argmax, gather, scatterAdd) have only the scalar version.
 *
 * <p>Results of the two paths agree to rounding: transcendentals within a few ulps (the Vector API
 * uses its own math library), float sums accumulated in a different order, and fused multiply-adds
 * in axpy and matmul.
 */
public final class Kernels {
  private Kernels() {}

  static final String NO_VECTOR_API_WARNING =
      "jgrad: the Java Vector API is not enabled, so jgrad runs its scalar kernels; "
          + "start the JVM with --add-modules jdk.incubator.vector to enable SIMD";

  /** Whether the Vector API kernels run. False without {@code jdk.incubator.vector} or with {@code -Djgrad.simd=false}. */
  public static final boolean SIMD = decideSimd();

  /**
   * Decided once, at class initialization, so that the JIT folds every {@code if (SIMD)} away. The
   * vector classes are named only behind this flag: a JVM without the module never loads them.
   * The warning is logged once, and not when SIMD was switched off on purpose.
   */
  private static boolean decideSimd() {
    boolean disabled = "false".equals(System.getProperty("jgrad.simd"));
    boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    if (!present && !disabled) {
      System.getLogger("dev.jgrad").log(System.Logger.Level.WARNING, NO_VECTOR_API_WARNING);
    }
    return present && !disabled;
  }

  // ---- elementwise ----------------------------------------------------------------------------

  /** out[i] = op(x[i]) for i in [0, n). */
  public static void unary(UnaryOp op, Object x, Object out, int n) {
    if (SIMD) {
      VectorKernels.unary(op, x, out, n);
    } else {
      ScalarKernels.unary(op, x, out, n);
    }
  }

  /** out[i] = x[i] > 0 ? x[i] : slope * x[i]. */
  public static void leakyRelu(Object x, double slope, Object out, int n) {
    if (SIMD) {
      VectorKernels.leakyRelu(x, slope, out, n);
    } else {
      ScalarKernels.leakyRelu(x, slope, out, n);
    }
  }

  /** out[i] = x[i]^p, as {@link Math#pow}, with fast paths for p = 2, 0.5, -1, 1. */
  public static void pow(Object x, double p, Object out, int n) {
    if (SIMD) {
      VectorKernels.pow(x, p, out, n);
    } else {
      ScalarKernels.pow(x, p, out, n);
    }
  }

  /** out[i] = min(max(x[i], lo), hi); lo may be -inf and hi +inf. */
  public static void clamp(Object x, double lo, double hi, Object out, int n) {
    if (SIMD) {
      VectorKernels.clamp(x, lo, hi, out, n);
    } else {
      ScalarKernels.clamp(x, lo, hi, out, n);
    }
  }

  /** out[i] = x[i] * alpha + beta. */
  public static void affine(Object x, double alpha, double beta, Object out, int n) {
    if (SIMD) {
      VectorKernels.affine(x, alpha, beta, out, n);
    } else {
      ScalarKernels.affine(x, alpha, beta, out, n);
    }
  }

  /** Fills out[0, n) with v. */
  public static void fill(Object out, double v, int n) {
    ScalarKernels.fill(out, v, n);
  }

  /** Converts between element types (float[] to double[] or back, or a plain copy). */
  public static void convert(Object x, Object out, int n) {
    ScalarKernels.convert(x, out, n);
  }

  /** y[i] += alpha * x[i] (in place on y; the SIMD kernel fuses the multiply-add). */
  public static void axpy(double alpha, Object x, Object y, int n) {
    if (SIMD) {
      VectorKernels.axpy(alpha, x, y, n);
    } else {
      ScalarKernels.axpy(alpha, x, y, n);
    }
  }

  /**
   * Broadcasting binary op: out (contiguous, shape {@code outShape}) at index (i0..ik) = op(a[Σ ij
   * aStrides[j]], b[Σ ij bStrides[j]]). The strides arrays have the length of outShape; broadcast
   * dimensions have stride 0. Must be fast for the common cases: equal contiguous shapes, one side a
   * scalar (all strides 0), a row vector or column vector broadcast against a matrix.
   *
   * <p>The first two run as one flat loop. Otherwise adjacent dimensions that every operand walks
   * as one are merged and the output is produced row by row, each input stepping by 1, 0 or its
   * own stride along the row (see {@code RowIterator}).
   */
  public static void binary(BinaryOp op, Object a, int[] aStrides, Object b, int[] bStrides, Object out, int[] outShape) {
    if (SIMD) {
      VectorKernels.binary(op, a, aStrides, b, bStrides, out, outShape);
    } else {
      ScalarKernels.binary(op, a, aStrides, b, bStrides, out, outShape);
    }
  }

  /** out = cond != 0 ? a : b, broadcasting like {@link #binary}. */
  public static void where(
      Object cond, int[] condStrides, Object a, int[] aStrides, Object b, int[] bStrides, Object out, int[] outShape) {
    if (SIMD) {
      VectorKernels.where(cond, condStrides, a, aStrides, b, bStrides, out, outShape);
    } else {
      ScalarKernels.where(cond, condStrides, a, aStrides, b, bStrides, out, outShape);
    }
  }

  /**
   * Strided gather into a contiguous output: out (shape {@code outShape}, row-major) at (i0..ik) =
   * x[offset + Σ ij strides[j]]. Serves permute, expand, slice and any view materialization.
   */
  public static void copyStrided(Object x, int offset, int[] strides, Object out, int[] outShape) {
    ScalarKernels.copyStrided(x, offset, strides, out, outShape);
  }

  // ---- reductions over one axis, the input viewed as [outer, axis, inner] ---------------------

  /**
   * out[o, i] = Σ_k x[o, k, i]; out has outer·inner elements (zeros if axis = 0). Float input is
   * summed in float: across vector lanes with SIMD, in a double accumulator by the scalar kernel when
   * inner = 1.
   */
  public static void sum(Object x, int outer, int axis, int inner, Object out) {
    if (SIMD) {
      VectorKernels.sum(x, outer, axis, inner, out);
    } else {
      ScalarKernels.sum(x, outer, axis, inner, out);
    }
  }

  /** out[o, i] = max_k x[o, k, i] (NaN if any is NaN); axis ≥ 1. */
  public static void max(Object x, int outer, int axis, int inner, Object out) {
    if (SIMD) {
      VectorKernels.max(x, outer, axis, inner, out);
    } else {
      ScalarKernels.max(x, outer, axis, inner, out);
    }
  }

  /** out[o, i] = the first k at which x[o, k, i] is largest (NaN counts as largest); axis ≥ 1. */
  public static void argmax(Object x, int outer, int axis, int inner, int[] out) {
    ScalarKernels.argmax(x, outer, axis, inner, out);
  }

  /** Softmax along the middle axis, numerically stable (subtracts the max first); axis ≥ 1. */
  public static void softmax(Object x, int outer, int axis, int inner, Object out) {
    if (SIMD) {
      VectorKernels.softmax(x, outer, axis, inner, out);
    } else {
      ScalarKernels.softmax(x, outer, axis, inner, out);
    }
  }

  /**
   * log(softmax) along the middle axis: (x - max) - log Σ exp(x - max), in that order so that a
   * large max does not swallow a small log-sum; axis ≥ 1.
   */
  public static void logSoftmax(Object x, int outer, int axis, int inner, Object out) {
    if (SIMD) {
      VectorKernels.logSoftmax(x, outer, axis, inner, out);
    } else {
      ScalarKernels.logSoftmax(x, outer, axis, inner, out);
    }
  }

  /** out[o, i] = x[o, index[o·inner + i], i]; the caller has checked every index is in [0, axis). */
  public static void gather(Object x, int outer, int axis, int inner, int[] index, Object out) {
    ScalarKernels.gather(x, outer, axis, inner, index, out);
  }

  /** out[o, index[o·inner + i], i] += src[o, i]; out is zeroed by the caller. */
  public static void scatterAdd(Object src, int outer, int axis, int inner, int[] index, Object out) {
    ScalarKernels.scatterAdd(src, outer, axis, inner, index, out);
  }

  // ---- matrix product -------------------------------------------------------------------------

  /**
   * C = A·B for row-major A (m×k at aOffset), B (k×n at bOffset), C (m×n at cOffset); C is
   * overwritten (zeros if k = 0) and must not overlap A or B. Batched matmul calls this once per
   * batch with offsets. The SIMD kernel is described in {@code VectorMatmul}.
   */
  public static void matmul(Object a, int aOffset, Object b, int bOffset, Object c, int cOffset, int m, int k, int n) {
    if (SIMD) {
      VectorKernels.matmul(a, aOffset, b, bOffset, c, cOffset, m, k, n);
    } else {
      ScalarKernels.matmul(a, aOffset, b, bOffset, c, cOffset, m, k, n);
    }
  }
}
