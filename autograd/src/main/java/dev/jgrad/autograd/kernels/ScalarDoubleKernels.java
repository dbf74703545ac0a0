package dev.jgrad.autograd.kernels;

import java.util.Arrays;

/**
 * The scalar reference kernels for {@code double[]}: plain loops, written to be obviously right.
 * They run when the Vector API is absent, serve the vector kernels for their tails, and are what the
 * parity tests compare the vector kernels against. Semantics are those documented on {@link
 * Kernels}; ranges are {@code [from, to)}.
 */
final class ScalarDoubleKernels {
  private ScalarDoubleKernels() {}

  // ---- elementwise ----------------------------------------------------------------------------

  static void unary(UnaryOp op, double[] x, double[] out, int from, int to) {
    // One loop per op, so that the JIT can vectorize the simple ones.
    switch (op) {
      // 'case null' makes this an enhanced switch, which javac requires to cover every op:
      // a new op that is missing here fails to compile instead of leaving zeros.
      case null -> throw new NullPointerException("op");
      case NEG -> { for (int i = from; i < to; i++) out[i] = -x[i]; }
      case EXP -> { for (int i = from; i < to; i++) out[i] = ScalarMath.exp(x[i]); }
      case LOG -> { for (int i = from; i < to; i++) out[i] = ScalarMath.log(x[i]); }
      case SQRT -> { for (int i = from; i < to; i++) out[i] = Math.sqrt(x[i]); }
      case ABS -> { for (int i = from; i < to; i++) out[i] = Math.abs(x[i]); }
      case TANH -> { for (int i = from; i < to; i++) out[i] = ScalarMath.tanh(x[i]); }
      case SIGMOID -> { for (int i = from; i < to; i++) out[i] = ScalarMath.sigmoid(x[i]); }
      case RELU -> { for (int i = from; i < to; i++) out[i] = Math.max(x[i], 0.0); }
      case SIGN -> { for (int i = from; i < to; i++) out[i] = Math.signum(x[i]); }
      case LOG1P -> { for (int i = from; i < to; i++) out[i] = ScalarMath.log1p(x[i]); }
      case SIN -> { for (int i = from; i < to; i++) out[i] = StrictMath.sin(x[i]); }
      case COS -> { for (int i = from; i < to; i++) out[i] = StrictMath.cos(x[i]); }
    }
  }

  /** max(z, 0) − z·y + log(1 + e^−|z|), in the vector kernel's order (see ScalarFloatKernels). */
  static double bceWithLogits(double z, double y) {
    return Math.max(z, 0.0) - z * y + ScalarMath.log1p(ScalarMath.exp(-Math.abs(z)));
  }

  static void leakyRelu(double[] x, double slope, double[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      out[i] = x[i] > 0 ? x[i] : slope * x[i];
    }
  }

  static void pow(double[] x, double p, double[] out, int from, int to) {
    if (p == 1) {
      System.arraycopy(x, from, out, from, to - from);
    } else if (p == 2) {
      for (int i = from; i < to; i++) out[i] = x[i] * x[i];
    } else if (p == 0.5) {
      for (int i = from; i < to; i++) out[i] = sqrtAsPow(x[i]);
    } else if (p == -1) {
      for (int i = from; i < to; i++) out[i] = 1 / x[i];
    } else {
      // StrictMath, not Math: its results are the same in the interpreter and in compiled code.
      for (int i = from; i < to; i++) out[i] = StrictMath.pow(x[i], p);
    }
  }

  /** Math.pow(x, 0.5): sqrt, except that it maps -0 to +0 and -∞ to +∞. */
  static double sqrtAsPow(double x) {
    return x == Double.NEGATIVE_INFINITY ? Double.POSITIVE_INFINITY : Math.sqrt(x + 0.0);
  }

  static void clamp(double[] x, double lo, double hi, double[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      out[i] = Math.min(Math.max(x[i], lo), hi);
    }
  }

  static void affine(double[] x, double alpha, double beta, double[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      out[i] = x[i] * alpha + beta;
    }
  }

  static void axpy(double alpha, double[] x, double[] y, int from, int to) {
    for (int i = from; i < to; i++) {
      y[i] += alpha * x[i];
    }
  }

  // ---- broadcasting ---------------------------------------------------------------------------

  static void binary(BinaryOp op, double[] a, int[] aStrides, double[] b, int[] bStrides, double[] out, int[] shape) {
    int sa = RowIterator.flatStep(shape, aStrides);
    int sb = RowIterator.flatStep(shape, bStrides);
    if (sa >= 0 && sb >= 0) {
      binaryRow(op, a, 0, sa, b, 0, sb, out, 0, RowIterator.size(shape));
      return;
    }
    RowIterator it = new RowIterator(shape, new int[2], aStrides, bStrides);
    int[] off = it.offset;
    int[] step = it.step;
    for (int r = 0; r < it.rows; r++, it.next()) {
      binaryRow(op, a, off[0], step[0], b, off[1], step[1], out, r * it.length, it.length);
    }
  }

  /** out[oo + i] = op(a[ao + i·as], b[bo + i·bs]) for i in [0, n). */
  static void binaryRow(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
    switch (op) {
      // 'case null' makes this an enhanced switch, which javac requires to cover every op:
      // a new op that is missing here fails to compile instead of leaving zeros.
      case null -> throw new NullPointerException("op");
      case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] + b[bo + i * bs]; }
      case SUB -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] - b[bo + i * bs]; }
      case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] * b[bo + i * bs]; }
      case DIV -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] / b[bo + i * bs]; }
      case POW -> { for (int i = 0; i < n; i++) out[oo + i] = StrictMath.pow(a[ao + i * as], b[bo + i * bs]); }
      case MAX -> { for (int i = 0; i < n; i++) out[oo + i] = Math.max(a[ao + i * as], b[bo + i * bs]); }
      case MIN -> { for (int i = 0; i < n; i++) out[oo + i] = Math.min(a[ao + i * as], b[bo + i * bs]); }
      case EQ -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] == b[bo + i * bs] ? 1 : 0; }
      case GT -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] > b[bo + i * bs] ? 1 : 0; }
      case GE -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] >= b[bo + i * bs] ? 1 : 0; }
      case LT -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] < b[bo + i * bs] ? 1 : 0; }
      case LE -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] <= b[bo + i * bs] ? 1 : 0; }
      case RELU_BACKWARD -> { for (int i = 0; i < n; i++) out[oo + i] = b[bo + i * bs] > 0 ? a[ao + i * as] : 0; }
      case BCE_WITH_LOGITS -> {
        for (int i = 0; i < n; i++) out[oo + i] = bceWithLogits(a[ao + i * as], b[bo + i * bs]);
      }
    }
  }

  static void where(
      double[] c, int[] cStrides, double[] a, int[] aStrides, double[] b, int[] bStrides, double[] out, int[] shape) {
    RowIterator it = new RowIterator(shape, new int[3], cStrides, aStrides, bStrides);
    int[] off = it.offset;
    int[] step = it.step;
    for (int r = 0; r < it.rows; r++, it.next()) {
      whereRow(c, off[0], step[0], a, off[1], step[1], b, off[2], step[2], out, r * it.length, it.length);
    }
  }

  static void whereRow(
      double[] c, int co, int cs, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] = c[co + i * cs] != 0 ? a[ao + i * as] : b[bo + i * bs];
    }
  }

  static void copyStrided(double[] x, int offset, int[] strides, double[] out, int[] shape) {
    RowIterator it = new RowIterator(shape, new int[] {offset}, strides);
    int n = it.length;
    int step = it.step[0];
    for (int r = 0, o = 0; r < it.rows; r++, o += n, it.next()) {
      int xo = it.offset[0];
      if (step == 1) {
        System.arraycopy(x, xo, out, o, n);
      } else if (step == 0) {
        Arrays.fill(out, o, o + n, x[xo]);
      } else {
        for (int i = 0; i < n; i++) out[o + i] = x[xo + i * step];
      }
    }
  }

  // ---- reductions, the input viewed as [outer, axis, inner] ----------------------------------

  static void sum(double[] x, int outer, int axis, int inner, double[] out) {
    if (inner == 1) {
      for (int o = 0; o < outer; o++) {
        double s = 0;
        for (int k = 0, p = o * axis; k < axis; k++) s += x[p + k];
        out[o] = s;
      }
      return;
    }
    for (int o = 0; o < outer; o++) {
      int ob = o * inner;
      Arrays.fill(out, ob, ob + inner, 0.0);
      // Row by row, so that the input is read in order.
      for (int k = 0, p = o * axis * inner; k < axis; k++, p += inner) {
        for (int i = 0; i < inner; i++) out[ob + i] += x[p + i];
      }
    }
  }

  static void max(double[] x, int outer, int axis, int inner, double[] out) {
    for (int o = 0; o < outer; o++) {
      int ob = o * inner;
      int base = o * axis * inner;
      System.arraycopy(x, base, out, ob, inner);
      for (int k = 1, p = base + inner; k < axis; k++, p += inner) {
        for (int i = 0; i < inner; i++) out[ob + i] = Math.max(out[ob + i], x[p + i]);
      }
    }
  }

  /** The first k with the largest x[o, k, i]; the first NaN counts as largest. */
  static void argmax(double[] x, int outer, int axis, int inner, int[] out) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * axis * inner + i;
        double best = x[base];
        int arg = 0;
        for (int k = 1; k < axis && !Double.isNaN(best); k++) {
          double v = x[base + k * inner];
          if (v > best || Double.isNaN(v)) {
            best = v;
            arg = k;
          }
        }
        out[o * inner + i] = arg;
      }
    }
  }

  static void softmax(double[] x, int outer, int axis, int inner, double[] out) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * axis * inner + i;
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < axis; k++) m = Math.max(m, x[base + k * inner]);
        double s = 0;
        for (int k = 0; k < axis; k++) {
          double e = ScalarMath.exp(x[base + k * inner] - m);
          out[base + k * inner] = e;
          s += e;
        }
        double inv = 1 / s;
        for (int k = 0; k < axis; k++) out[base + k * inner] *= inv;
      }
    }
  }

  static void logSoftmax(double[] x, int outer, int axis, int inner, double[] out) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * axis * inner + i;
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < axis; k++) m = Math.max(m, x[base + k * inner]);
        double s = 0;
        for (int k = 0; k < axis; k++) s += ScalarMath.exp(x[base + k * inner] - m);
        // (x - m) - log s rather than x - (m + log s): m may be large and log s small.
        double logS = ScalarMath.log(s);
        for (int k = 0; k < axis; k++) out[base + k * inner] = x[base + k * inner] - m - logS;
      }
    }
  }

  static void gather(double[] x, int outer, int axis, int inner, int[] index, double[] out) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int j = o * inner + i;
        out[j] = x[(o * axis + index[j]) * inner + i];
      }
    }
  }

  static void scatterAdd(double[] src, int outer, int axis, int inner, int[] index, double[] out) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int j = o * inner + i;
        out[(o * axis + index[j]) * inner + i] += src[j];
      }
    }
  }

  // ---- matrix product -------------------------------------------------------------------------

  /** C = A·B in i-k-j order: each a[i, p] scales row p of B into row i of C. */
  /**
   * C (+)= op(A)·op(B) with A(i, p) = a[ao + i·lda + p] (a[ao + p·lda + i] when transA), B(p, j) =
   * b[bo + p·ldb + j] (b[bo + j·ldb + p] when transB), C[i, j] = c[co + i·ldc + j]. Without transB the
   * i-p-j order walks B and C along rows, which the JIT vectorizes.
   */
  static void gemm(
      boolean transA, boolean transB, int m, int n, int k, double[] a, int ao, int lda, double[] b, int bo, int ldb,
      double[] c, int co, int ldc, boolean accumulate) {
    int ars = transA ? 1 : lda;
    int acs = transA ? lda : 1;
    for (int i = 0; i < m; i++) {
      int ci = co + i * ldc;
      if (!accumulate) {
        Arrays.fill(c, ci, ci + n, 0.0);
      }
      if (transB) {
        for (int j = 0; j < n; j++) {
          double s = 0.0;
          for (int p = 0; p < k; p++) s += a[ao + i * ars + p * acs] * b[bo + j * ldb + p];
          c[ci + j] += s;
        }
      } else {
        for (int p = 0; p < k; p++) {
          double aip = a[ao + i * ars + p * acs];
          int bp = bo + p * ldb;
          for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
        }
      }
    }
  }
}
