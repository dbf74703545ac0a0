package dev.jgrad.autograd.kernels;

import java.util.Arrays;

/**
 * The scalar reference kernels for {@code float[]}: plain loops, written to be obviously right.
 * They run when the Vector API is absent, serve the vector kernels for their tails, and are what the
 * parity tests compare the vector kernels against. Semantics are those documented on {@link
 * Kernels}; ranges are {@code [from, to)}.
 */
final class ScalarFloatKernels {
  private ScalarFloatKernels() {}

  // ---- elementwise ----------------------------------------------------------------------------

  static void unary(UnaryOp op, float[] x, float[] out, int from, int to) {
    // One loop per op, so that the JIT can vectorize the simple ones.
    switch (op) {
      // 'case null' makes this an enhanced switch, which javac requires to cover every op:
      // a new op that is missing here fails to compile instead of leaving zeros.
      case null -> throw new NullPointerException("op");
      case NEG -> { for (int i = from; i < to; i++) out[i] = -x[i]; }
      case EXP -> { for (int i = from; i < to; i++) out[i] = ScalarMath.exp(x[i]); }
      case LOG -> { for (int i = from; i < to; i++) out[i] = ScalarMath.log(x[i]); }
      case SQRT -> { for (int i = from; i < to; i++) out[i] = (float) Math.sqrt(x[i]); }
      case ABS -> { for (int i = from; i < to; i++) out[i] = Math.abs(x[i]); }
      case TANH -> { for (int i = from; i < to; i++) out[i] = ScalarMath.tanh(x[i]); }
      case SIGMOID -> { for (int i = from; i < to; i++) out[i] = ScalarMath.sigmoid(x[i]); }
      case RELU -> { for (int i = from; i < to; i++) out[i] = Math.max(x[i], 0f); }
      case SIGN -> { for (int i = from; i < to; i++) out[i] = Math.signum(x[i]); }
      case LOG1P -> { for (int i = from; i < to; i++) out[i] = ScalarMath.log1p(x[i]); }
      case SIN -> { for (int i = from; i < to; i++) out[i] = (float) StrictMath.sin(x[i]); }
      case COS -> { for (int i = from; i < to; i++) out[i] = (float) StrictMath.cos(x[i]); }
    }
  }

  /**
   * max(z, 0) − z·y + log(1 + e^−|z|): binary cross-entropy from the logit z, with the same
   * operations in the same order as the vector kernel, so that both give the same bits.
   */
  static float bceWithLogits(float z, float y) {
    return Math.max(z, 0f) - z * y + ScalarMath.log1p(ScalarMath.exp(-Math.abs(z)));
  }

  static void leakyRelu(float[] x, double slope, float[] out, int from, int to) {
    float s = (float) slope;
    for (int i = from; i < to; i++) {
      out[i] = x[i] > 0 ? x[i] : s * x[i];
    }
  }

  static void pow(float[] x, double p, float[] out, int from, int to) {
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
      for (int i = from; i < to; i++) out[i] = (float) StrictMath.pow(x[i], p);
    }
  }

  /** Math.pow(x, 0.5): sqrt, except that it maps -0 to +0 and -∞ to +∞. */
  static float sqrtAsPow(float x) {
    return x == Float.NEGATIVE_INFINITY ? Float.POSITIVE_INFINITY : (float) Math.sqrt(x + 0f);
  }

  static void clamp(float[] x, double lo, double hi, float[] out, int from, int to) {
    float l = (float) lo;
    float h = (float) hi;
    for (int i = from; i < to; i++) {
      out[i] = Math.min(Math.max(x[i], l), h);
    }
  }

  static void affine(float[] x, double alpha, double beta, float[] out, int from, int to) {
    float a = (float) alpha;
    float b = (float) beta;
    for (int i = from; i < to; i++) {
      out[i] = x[i] * a + b;
    }
  }

  static void axpy(double alpha, float[] x, float[] y, int from, int to) {
    float a = (float) alpha;
    for (int i = from; i < to; i++) {
      y[i] += a * x[i];
    }
  }

  // ---- broadcasting ---------------------------------------------------------------------------

  static void binary(BinaryOp op, float[] a, int[] aStrides, float[] b, int[] bStrides, float[] out, int[] shape) {
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
  static void binaryRow(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
    switch (op) {
      // 'case null' makes this an enhanced switch, which javac requires to cover every op:
      // a new op that is missing here fails to compile instead of leaving zeros.
      case null -> throw new NullPointerException("op");
      case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] + b[bo + i * bs]; }
      case SUB -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] - b[bo + i * bs]; }
      case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] * b[bo + i * bs]; }
      case DIV -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] / b[bo + i * bs]; }
      case POW -> { for (int i = 0; i < n; i++) out[oo + i] = (float) StrictMath.pow(a[ao + i * as], b[bo + i * bs]); }
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
      float[] c, int[] cStrides, float[] a, int[] aStrides, float[] b, int[] bStrides, float[] out, int[] shape) {
    RowIterator it = new RowIterator(shape, new int[3], cStrides, aStrides, bStrides);
    int[] off = it.offset;
    int[] step = it.step;
    for (int r = 0; r < it.rows; r++, it.next()) {
      whereRow(c, off[0], step[0], a, off[1], step[1], b, off[2], step[2], out, r * it.length, it.length);
    }
  }

  static void whereRow(
      float[] c, int co, int cs, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] = c[co + i * cs] != 0 ? a[ao + i * as] : b[bo + i * bs];
    }
  }

  static void copyStrided(float[] x, int offset, int[] strides, float[] out, int[] shape) {
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

  static void sum(float[] x, int outer, int axis, int inner, float[] out) {
    if (inner == 1) {
      for (int o = 0; o < outer; o++) {
        // A double accumulator keeps long float sums accurate at no cost in a scalar loop.
        double s = 0;
        for (int k = 0, p = o * axis; k < axis; k++) s += x[p + k];
        out[o] = (float) s;
      }
      return;
    }
    // Row by row, so that the input is read in order, into double accumulators, so that long sums
    // stay accurate.
    double[] acc = new double[inner];
    for (int o = 0; o < outer; o++) {
      int ob = o * inner;
      Arrays.fill(acc, 0.0);
      for (int k = 0, p = o * axis * inner; k < axis; k++, p += inner) {
        for (int i = 0; i < inner; i++) acc[i] += x[p + i];
      }
      for (int i = 0; i < inner; i++) out[ob + i] = (float) acc[i];
    }
  }

  static void max(float[] x, int outer, int axis, int inner, float[] out) {
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
  static void argmax(float[] x, int outer, int axis, int inner, int[] out) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * axis * inner + i;
        float best = x[base];
        int arg = 0;
        for (int k = 1; k < axis && !Float.isNaN(best); k++) {
          float v = x[base + k * inner];
          if (v > best || Float.isNaN(v)) {
            best = v;
            arg = k;
          }
        }
        out[o * inner + i] = arg;
      }
    }
  }

  static void softmax(float[] x, int outer, int axis, int inner, float[] out) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * axis * inner + i;
        float m = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < axis; k++) m = Math.max(m, x[base + k * inner]);
        float s = 0;
        for (int k = 0; k < axis; k++) {
          float e = ScalarMath.exp(x[base + k * inner] - m);
          out[base + k * inner] = e;
          s += e;
        }
        float inv = 1 / s;
        for (int k = 0; k < axis; k++) out[base + k * inner] *= inv;
      }
    }
  }

  static void logSoftmax(float[] x, int outer, int axis, int inner, float[] out) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * axis * inner + i;
        float m = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < axis; k++) m = Math.max(m, x[base + k * inner]);
        float s = 0;
        for (int k = 0; k < axis; k++) s += ScalarMath.exp(x[base + k * inner] - m);
        // (x - m) - log s rather than x - (m + log s): m may be large and log s small.
        float logS = ScalarMath.log(s);
        for (int k = 0; k < axis; k++) out[base + k * inner] = x[base + k * inner] - m - logS;
      }
    }
  }

  static void gather(float[] x, int outer, int axis, int inner, int[] index, float[] out) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int j = o * inner + i;
        out[j] = x[(o * axis + index[j]) * inner + i];
      }
    }
  }

  static void scatterAdd(float[] src, int outer, int axis, int inner, int[] index, float[] out) {
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
      boolean transA, boolean transB, int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
      float[] c, int co, int ldc, boolean accumulate) {
    int ars = transA ? 1 : lda;
    int acs = transA ? lda : 1;
    for (int i = 0; i < m; i++) {
      int ci = co + i * ldc;
      if (!accumulate) {
        Arrays.fill(c, ci, ci + n, 0f);
      }
      if (transB) {
        for (int j = 0; j < n; j++) {
          float s = 0f;
          for (int p = 0; p < k; p++) s += a[ao + i * ars + p * acs] * b[bo + j * ldb + p];
          c[ci + j] += s;
        }
      } else {
        for (int p = 0; p < k; p++) {
          float aip = a[ao + i * ars + p * acs];
          int bp = bo + p * ldb;
          for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
        }
      }
    }
  }
}
