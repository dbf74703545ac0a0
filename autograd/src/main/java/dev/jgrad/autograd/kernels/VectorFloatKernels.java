package dev.jgrad.autograd.kernels;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for {@code float[]}, with the semantics documented on {@link Kernels}. Loaded
 * only when {@link Kernels#SIMD} is true; {@link ScalarFloatKernels} finishes every tail.
 *
 * <p>Each op has its own small loop method and names its operator there, because the JIT turns
 * {@code lanewise} into machine instructions only when the operator is a constant at the call: a
 * shared loop taking the operator as a parameter would silently run the slow generic path.
 * Broadcast operands (step 0) are loaded by {@link #operand}, which picks a vector hoisted out of
 * the loop; the JIT keeps both choices in registers.
 *
 * <p>A loop that calls a {@link VectorMath} function runs in a method called only when it has at
 * least one whole vector to do. C2 inlines a callee that already has compiled code of its own only
 * at a call site it finds frequent (calls per invocation of the method holding it); a row method
 * first made hot by inputs shorter than a vector has a site that looks cold, and once the function
 * was compiled alone the loop calls it out of line, boxing every vector. Seen on 1M-float tanh after
 * many 4-element ones: 2.5 ms instead of 0.45, in one run of two.
 */
final class VectorFloatKernels {
  static final VectorSpecies<Float> SPECIES = Simd.FLOAT;
  private static final int L = SPECIES.length();

  private VectorFloatKernels() {}

  static int lanes() {
    return L;
  }

  private static FloatVector load(float[] x, int i) {
    return FloatVector.fromArray(SPECIES, x, i);
  }

  /** The vector at {@code x[offset + i ..]} for step 1, or {@code broadcast} for step 0. */
  private static FloatVector operand(float[] x, int offset, int step, FloatVector broadcast, int i) {
    return step == 0 ? broadcast : FloatVector.fromArray(SPECIES, x, offset + i);
  }

  // ---- unary ----------------------------------------------------------------------------------

  /** out[i] = op(x[i]) for i in [from, to). */
  static void unary(UnaryOp op, float[] x, float[] out, int from, int to) {
    // SIN and COS have no vector path: StrictMath in the scalar kernel, as no lane operation gives its bits.
    int bound = op == UnaryOp.SIN || op == UnaryOp.COS ? from : from + SPECIES.loopBound(to - from);
    if (bound > from) { // the loops run only with a whole vector to do: see the class comment
      switch (op) {
        case null -> throw new NullPointerException("op"); // makes javac insist on every op
        case NEG -> neg(x, out, from, bound);
        case EXP -> exp(x, out, from, bound);
        case LOG -> log(x, out, from, bound);
        case SQRT -> sqrt(x, out, from, bound);
        case ABS -> abs(x, out, from, bound);
        case TANH -> tanh(x, out, from, bound);
        case SIGMOID -> sigmoid(x, out, from, bound);
        case RELU -> relu(x, out, from, bound);
        case SIGN -> sign(x, out, from, bound);
        case LOG1P -> log1p(x, out, from, bound);
        case SIN, COS -> {} // no vector path: bound == from above
      }
    }
    // The scalar kernels finish with ScalarMath, VectorMath's twin: a tail element gets the bits
    // it would get in a vector.
    if (bound < to) {
      ScalarFloatKernels.unary(op, x, out, bound, to);
    }
  }

  private static void neg(float[] x, float[] out, int from, int bound) {
    for (int i = from; i < bound; i += L) load(x, i).neg().intoArray(out, i);
  }

  private static void exp(float[] x, float[] out, int from, int bound) {
    for (int i = from; i < bound; i += L) VectorMath.exp(load(x, i)).intoArray(out, i);
  }

  private static void log1p(float[] x, float[] out, int from, int bound) {
    for (int i = from; i < bound; i += L) VectorMath.log1p(load(x, i)).intoArray(out, i);
  }

  private static void log(float[] x, float[] out, int from, int bound) {
    for (int i = from; i < bound; i += L) VectorMath.log(load(x, i)).intoArray(out, i);
  }

  private static void sqrt(float[] x, float[] out, int from, int bound) {
    for (int i = from; i < bound; i += L) load(x, i).sqrt().intoArray(out, i);
  }

  private static void abs(float[] x, float[] out, int from, int bound) {
    for (int i = from; i < bound; i += L) load(x, i).abs().intoArray(out, i);
  }

  private static void tanh(float[] x, float[] out, int from, int bound) {
    for (int i = from; i < bound; i += L) VectorMath.tanh(load(x, i)).intoArray(out, i);
  }

  private static void sigmoid(float[] x, float[] out, int from, int bound) {
    for (int i = from; i < bound; i += L) VectorMath.sigmoid(load(x, i)).intoArray(out, i);
  }

  private static void relu(float[] x, float[] out, int from, int bound) {
    FloatVector zero = FloatVector.zero(SPECIES);
    for (int i = from; i < bound; i += L) load(x, i).max(zero).intoArray(out, i);
  }

  private static void sign(float[] x, float[] out, int from, int bound) {
    for (int i = from; i < bound; i += L) {
      // Starting from x keeps ±0 and NaN as Math.signum does.
      FloatVector v = load(x, i);
      v.blend(1f, v.compare(VectorOperators.GT, 0f))
          .blend(-1f, v.compare(VectorOperators.LT, 0f))
          .intoArray(out, i);
    }
  }

  // ---- elementwise with scalar parameters -----------------------------------------------------

  static void leakyRelu(float[] x, double slope, float[] out, int n) {
    int bound = SPECIES.loopBound(n);
    float s = (float) slope;
    for (int i = 0; i < bound; i += L) {
      FloatVector v = load(x, i);
      v.mul(s).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(out, i);
    }
    ScalarFloatKernels.leakyRelu(x, slope, out, bound, n);
  }

  static void pow(float[] x, double p, float[] out, int n) {
    int bound = SPECIES.loopBound(n);
    if (p == 1) {
      bound = 0; // a copy: the scalar kernel does it with arraycopy
    } else if (p == 2) {
      for (int i = 0; i < bound; i += L) {
        FloatVector v = load(x, i);
        v.mul(v).intoArray(out, i);
      }
    } else if (p == 0.5) {
      for (int i = 0; i < bound; i += L) {
        // As Math.pow(x, 0.5): adding +0 turns -0 into +0, and -∞ gives +∞.
        FloatVector v = load(x, i);
        v.add(0f)
            .sqrt()
            .blend(Float.POSITIVE_INFINITY, v.compare(VectorOperators.EQ, Float.NEGATIVE_INFINITY))
            .intoArray(out, i);
      }
    } else if (p == -1) {
      FloatVector one = FloatVector.broadcast(SPECIES, 1f);
      for (int i = 0; i < bound; i += L) one.div(load(x, i)).intoArray(out, i);
    } else {
      bound = 0; // any other exponent: StrictMath.pow in the scalar kernel, the same bits compiled or not
    }
    ScalarFloatKernels.pow(x, p, out, bound, n);
  }

  static void clamp(float[] x, double lo, double hi, float[] out, int n) {
    int bound = SPECIES.loopBound(n);
    FloatVector l = FloatVector.broadcast(SPECIES, (float) lo);
    FloatVector h = FloatVector.broadcast(SPECIES, (float) hi);
    for (int i = 0; i < bound; i += L) load(x, i).max(l).min(h).intoArray(out, i);
    ScalarFloatKernels.clamp(x, lo, hi, out, bound, n);
  }

  static void affine(float[] x, double alpha, double beta, float[] out, int n) {
    int bound = SPECIES.loopBound(n);
    float a = (float) alpha;
    float b = (float) beta;
    for (int i = 0; i < bound; i += L) load(x, i).mul(a).add(b).intoArray(out, i);
    ScalarFloatKernels.affine(x, alpha, beta, out, bound, n);
  }

  static void axpy(double alpha, float[] x, float[] y, int from, int to) {
    int bound = from + SPECIES.loopBound(to - from);
    FloatVector a = FloatVector.broadcast(SPECIES, (float) alpha);
    for (int i = from; i < bound; i += L) load(x, i).fma(a, load(y, i)).intoArray(y, i);
    ScalarFloatKernels.axpy(alpha, x, y, bound, to);
  }

  // ---- broadcasting binary ops ----------------------------------------------------------------

  static void binary(BinaryOp op, float[] a, int[] aStrides, float[] b, int[] bStrides, float[] out, int[] shape) {
    int sa = RowIterator.flatStep(shape, aStrides);
    int sb = RowIterator.flatStep(shape, bStrides);
    if (sa >= 0 && sb >= 0) {
      // Same-shape contiguous operands, or a scalar against either: one flat row.
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

  /** out[oo + i] = op(a[ao + i·as], b[bo + i·bs]) for i in [0, n); vectorized for steps 0 and 1. */
  static void binaryRow(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
    int done = 0;
    if (n >= L && (as == 0 || as == 1) && (bs == 0 || bs == 1)) {
      done = switch (op) {
        case ADD -> add(a, ao, as, b, bo, bs, out, oo, n);
        case SUB -> sub(a, ao, as, b, bo, bs, out, oo, n);
        case MUL -> mul(a, ao, as, b, bo, bs, out, oo, n);
        case DIV -> div(a, ao, as, b, bo, bs, out, oo, n);
        case POW -> 0; // StrictMath.pow in the scalar kernel, the same bits compiled or not
        case MAX -> max(a, ao, as, b, bo, bs, out, oo, n);
        case MIN -> min(a, ao, as, b, bo, bs, out, oo, n);
        case EQ -> eq(a, ao, as, b, bo, bs, out, oo, n);
        case LT -> lt(a, ao, as, b, bo, bs, out, oo, n);
        case LE -> le(a, ao, as, b, bo, bs, out, oo, n);
        case GT -> lt(b, bo, bs, a, ao, as, out, oo, n); // a > b  ⇔  b < a
        case GE -> le(b, bo, bs, a, ao, as, out, oo, n);
        case RELU_BACKWARD -> reluBackward(a, ao, as, b, bo, bs, out, oo, n);
        case BCE_WITH_LOGITS -> bceWithLogits(a, ao, as, b, bo, bs, out, oo, n);
      };
    }
    if (done < n) {
      ScalarFloatKernels.binaryRow(op, a, ao + done * as, as, b, bo + done * bs, bs, out, oo + done, n - done);
    }
  }

  private static int add(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
    FloatVector ca = FloatVector.broadcast(SPECIES, a[ao]);
    FloatVector cb = FloatVector.broadcast(SPECIES, b[bo]);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      operand(a, ao, as, ca, i).add(operand(b, bo, bs, cb, i)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int sub(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
    FloatVector ca = FloatVector.broadcast(SPECIES, a[ao]);
    FloatVector cb = FloatVector.broadcast(SPECIES, b[bo]);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      operand(a, ao, as, ca, i).sub(operand(b, bo, bs, cb, i)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int mul(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
    FloatVector ca = FloatVector.broadcast(SPECIES, a[ao]);
    FloatVector cb = FloatVector.broadcast(SPECIES, b[bo]);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      operand(a, ao, as, ca, i).mul(operand(b, bo, bs, cb, i)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int div(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
    FloatVector ca = FloatVector.broadcast(SPECIES, a[ao]);
    FloatVector cb = FloatVector.broadcast(SPECIES, b[bo]);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      operand(a, ao, as, ca, i).div(operand(b, bo, bs, cb, i)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int max(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
    FloatVector ca = FloatVector.broadcast(SPECIES, a[ao]);
    FloatVector cb = FloatVector.broadcast(SPECIES, b[bo]);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      operand(a, ao, as, ca, i).max(operand(b, bo, bs, cb, i)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int min(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
    FloatVector ca = FloatVector.broadcast(SPECIES, a[ao]);
    FloatVector cb = FloatVector.broadcast(SPECIES, b[bo]);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      operand(a, ao, as, ca, i).min(operand(b, bo, bs, cb, i)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int bceWithLogits(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
    FloatVector ca = FloatVector.broadcast(SPECIES, a[ao]);
    FloatVector cb = FloatVector.broadcast(SPECIES, b[bo]);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      FloatVector z = operand(a, ao, as, ca, i);
      FloatVector y = operand(b, bo, bs, cb, i);
      z.max(0f)
          .sub(z.mul(y))
          .add(VectorMath.log1p(VectorMath.exp(z.abs().neg())))
          .intoArray(out, oo + i);
    }
    return bound;
  }

  private static int reluBackward(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
    FloatVector ca = FloatVector.broadcast(SPECIES, a[ao]);
    FloatVector cb = FloatVector.broadcast(SPECIES, b[bo]);
    FloatVector zero = FloatVector.zero(SPECIES);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      VectorMask<Float> m = operand(b, bo, bs, cb, i).compare(VectorOperators.GT, 0f);
      zero.blend(operand(a, ao, as, ca, i), m).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int eq(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
    FloatVector ca = FloatVector.broadcast(SPECIES, a[ao]);
    FloatVector cb = FloatVector.broadcast(SPECIES, b[bo]);
    FloatVector zero = FloatVector.zero(SPECIES);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      VectorMask<Float> m = operand(a, ao, as, ca, i).compare(VectorOperators.EQ, operand(b, bo, bs, cb, i));
      zero.blend(1f, m).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int lt(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
    FloatVector ca = FloatVector.broadcast(SPECIES, a[ao]);
    FloatVector cb = FloatVector.broadcast(SPECIES, b[bo]);
    FloatVector zero = FloatVector.zero(SPECIES);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      VectorMask<Float> m = operand(a, ao, as, ca, i).compare(VectorOperators.LT, operand(b, bo, bs, cb, i));
      zero.blend(1f, m).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int le(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
    FloatVector ca = FloatVector.broadcast(SPECIES, a[ao]);
    FloatVector cb = FloatVector.broadcast(SPECIES, b[bo]);
    FloatVector zero = FloatVector.zero(SPECIES);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      VectorMask<Float> m = operand(a, ao, as, ca, i).compare(VectorOperators.LE, operand(b, bo, bs, cb, i));
      zero.blend(1f, m).intoArray(out, oo + i);
    }
    return bound;
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

  private static void whereRow(
      float[] c, int co, int cs, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
    int bound = 0;
    if (n >= L && (cs == 0 || cs == 1) && (as == 0 || as == 1) && (bs == 0 || bs == 1)) {
      FloatVector cc = FloatVector.broadcast(SPECIES, c[co]);
      FloatVector ca = FloatVector.broadcast(SPECIES, a[ao]);
      FloatVector cb = FloatVector.broadcast(SPECIES, b[bo]);
      bound = SPECIES.loopBound(n);
      for (int i = 0; i < bound; i += L) {
        VectorMask<Float> m = operand(c, co, cs, cc, i).compare(VectorOperators.NE, 0f);
        operand(b, bo, bs, cb, i).blend(operand(a, ao, as, ca, i), m).intoArray(out, oo + i);
      }
    }
    ScalarFloatKernels.whereRow(
        c, co + bound * cs, cs, a, ao + bound * as, as, b, bo + bound * bs, bs, out, oo + bound, n - bound);
  }

  // ---- reductions, the input viewed as [outer, axis, inner] ----------------------------------

  /**
   * Float sums are accurate and deterministic: {@link #SUM_BLOCK} values a lane are added in float
   * by a fixed tree, and those block sums in double, so that the error no longer grows with the
   * number of terms (a sequential float sum of 10⁶ values of 0.1 was off by 1.5·10⁻⁴ relative; this
   * is within a few float ulps). Lanes are combined in a fixed order, never by {@code
   * reduceLanes}, whose order differs between the interpreter and compiled code.
   */
  static void sum(float[] x, int outer, int axis, int inner, float[] out) {
    double[] acc = inner > 1 && axis > SUM_BLOCK ? new double[inner] : null;
    for (int o = 0; o < outer; o++) {
      int base = o * axis * inner;
      if (inner == 1) {
        out[o] = sumRow(x, base, axis);
        continue;
      }
      int ob = o * inner;
      if (axis == 0) {
        Arrays.fill(out, ob, ob + inner, 0f);
      } else if (axis <= SUM_BLOCK) {
        // A few rows: added in float, row by row (as many roundings as a block has).
        System.arraycopy(x, base, out, ob, inner);
        for (int k = 1; k < axis; k++) addInto(x, base + k * inner, out, ob, inner);
      } else {
        sumRows(x, base, axis, inner, acc);
        for (int i = 0; i < inner; i++) out[ob + i] = (float) acc[i];
      }
    }
  }

  /** Values a lane summed in float before the sum joins a double accumulator. */
  static final int SUM_BLOCK = 8;

  private static final VectorSpecies<Double> WIDE = Simd.DOUBLE;
  private static final int HALF = L / 2;

  /** Σ x[off, off + n) as described on {@link #sum}. */
  private static float sumRow(float[] x, int off, int n) {
    DoubleVector lo = DoubleVector.zero(WIDE);
    DoubleVector hi = lo;
    int i = 0;
    for (int bound = n - n % (SUM_BLOCK * L); i < bound; i += SUM_BLOCK * L) {
      FloatVector s = load(x, off + i).add(load(x, off + i + L))
          .add(load(x, off + i + 2 * L).add(load(x, off + i + 3 * L)))
          .add(load(x, off + i + 4 * L).add(load(x, off + i + 5 * L))
              .add(load(x, off + i + 6 * L).add(load(x, off + i + 7 * L))));
      lo = lo.add(s.convertShape(VectorOperators.F2D, WIDE, 0));
      hi = hi.add(s.convertShape(VectorOperators.F2D, WIDE, 1));
    }
    FloatVector s = FloatVector.zero(SPECIES);
    for (int bound = SPECIES.loopBound(n); i < bound; i += L) s = s.add(load(x, off + i));
    lo = lo.add(s.convertShape(VectorOperators.F2D, WIDE, 0));
    hi = hi.add(s.convertShape(VectorOperators.F2D, WIDE, 1));
    double total = Simd.sumLanes(lo.add(hi));
    for (; i < n; i++) total += x[off + i];
    return (float) total;
  }

  /** acc[i, i + L) += the lanes of s, widened to double. */
  private static void addWidened(FloatVector s, double[] acc, int i) {
    DoubleVector.fromArray(WIDE, acc, i).add(s.convertShape(VectorOperators.F2D, WIDE, 0)).intoArray(acc, i);
    DoubleVector.fromArray(WIDE, acc, i + HALF).add(s.convertShape(VectorOperators.F2D, WIDE, 1)).intoArray(acc, i + HALF);
  }

  /**
   * acc[i] = Σ_k x[base + k·inner + i] for i < inner, axis > SUM_BLOCK: blocks of SUM_BLOCK rows
   * added in float by a fixed tree (the scalar columns at the end by the same tree), each block's
   * sum added to the double accumulator.
   */
  private static void sumRows(float[] x, int base, int axis, int inner, double[] acc) {
    Arrays.fill(acc, 0.0);
    int bound = SPECIES.loopBound(inner);
    int k = 0;
    for (; k + SUM_BLOCK <= axis; k += SUM_BLOCK) {
      int r0 = base + k * inner;
      int r1 = r0 + inner;
      int r2 = r1 + inner;
      int r3 = r2 + inner;
      int r4 = r3 + inner;
      int r5 = r4 + inner;
      int r6 = r5 + inner;
      int r7 = r6 + inner;
      int i = 0;
      for (; i < bound; i += L) {
        FloatVector s = load(x, r0 + i).add(load(x, r1 + i))
            .add(load(x, r2 + i).add(load(x, r3 + i)))
            .add(load(x, r4 + i).add(load(x, r5 + i))
                .add(load(x, r6 + i).add(load(x, r7 + i))));
        addWidened(s, acc, i);
      }
      for (; i < inner; i++) {
        float s = x[r0 + i] + x[r1 + i] + (x[r2 + i] + x[r3 + i])
            + (x[r4 + i] + x[r5 + i] + (x[r6 + i] + x[r7 + i]));
        acc[i] += s;
      }
    }
    // The last rows, fewer than a block: in float, one after another, then into the accumulator.
    if (k < axis) {
      int i = 0;
      for (; i < bound; i += L) {
        FloatVector s = load(x, base + k * inner + i);
        for (int r = k + 1; r < axis; r++) s = s.add(load(x, base + r * inner + i));
        addWidened(s, acc, i);
      }
      for (; i < inner; i++) {
        float s = x[base + k * inner + i];
        for (int r = k + 1; r < axis; r++) s += x[base + r * inner + i];
        acc[i] += s;
      }
    }
  }

  /** y[yo + i] += x[xo + i] for i in [0, n). */
  private static void addInto(float[] x, int xo, float[] y, int yo, int n) {
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
      load(y, yo + i).add(load(x, xo + i)).intoArray(y, yo + i);
    }
    for (; i < n; i++) y[yo + i] += x[xo + i];
  }

  static void max(float[] x, int outer, int axis, int inner, float[] out) {
    for (int o = 0; o < outer; o++) {
      int base = o * axis * inner;
      if (inner == 1) {
        out[o] = maxRow(x, base, axis);
        continue;
      }
      int ob = o * inner;
      System.arraycopy(x, base, out, ob, inner);
      for (int k = 1; k < axis; k++) maxInto(x, base + k * inner, out, ob, inner);
    }
  }

  /** max of x[off, off + n), n ≥ 1; NaN if any is NaN (max follows Math.max). */
  private static float maxRow(float[] x, int off, int n) {
    int i = 0;
    float m = x[off];
    if (n >= L) {
      FloatVector acc = load(x, off);
      for (int bound = SPECIES.loopBound(n); i < bound; i += L) acc = acc.max(load(x, off + i));
      m = acc.reduceLanes(VectorOperators.MAX);
    }
    for (; i < n; i++) m = Math.max(m, x[off + i]);
    return m;
  }

  /** y[yo + i] = max(y[yo + i], x[xo + i]) for i in [0, n). */
  private static void maxInto(float[] x, int xo, float[] y, int yo, int n) {
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
      load(y, yo + i).max(load(x, xo + i)).intoArray(y, yo + i);
    }
    for (; i < n; i++) y[yo + i] = Math.max(y[yo + i], x[xo + i]);
  }

  // ---- softmax --------------------------------------------------------------------------------

  static void softmax(float[] x, int outer, int axis, int inner, float[] out) {
    if (axis == 0) {
      return;
    }
    if (inner == 1) {
      for (int o = 0, off = 0; o < outer; o++, off += axis) {
        float m = maxRow(x, off, axis);
        float s = expRow(x, off, axis, m, out);
        scaleRow(out, off, axis, 1 / s);
      }
      return;
    }
    // inner > 1: whole rows at a time, with the per-column max and sum in two scratch rows.
    float[] m = new float[inner];
    float[] s = new float[inner];
    for (int o = 0; o < outer; o++) {
      int base = o * axis * inner;
      System.arraycopy(x, base, m, 0, inner);
      for (int k = 1; k < axis; k++) maxInto(x, base + k * inner, m, 0, inner);
      Arrays.fill(s, 0f);
      for (int k = 0; k < axis; k++) expInto(x, base + k * inner, m, out, s, inner);
      for (int i = 0; i < inner; i++) s[i] = 1 / s[i];
      for (int k = 0; k < axis; k++) mulInto(s, out, base + k * inner, inner);
    }
  }

  static void logSoftmax(float[] x, int outer, int axis, int inner, float[] out) {
    if (axis == 0) {
      return;
    }
    if (inner == 1) {
      for (int o = 0, off = 0; o < outer; o++, off += axis) {
        float m = maxRow(x, off, axis);
        float logS = ScalarMath.log(expRow(x, off, axis, m, null));
        shiftRow(x, off, axis, m, logS, out);
      }
      return;
    }
    float[] m = new float[inner];
    float[] s = new float[inner];
    for (int o = 0; o < outer; o++) {
      int base = o * axis * inner;
      System.arraycopy(x, base, m, 0, inner);
      for (int k = 1; k < axis; k++) maxInto(x, base + k * inner, m, 0, inner);
      Arrays.fill(s, 0f);
      for (int k = 0; k < axis; k++) expInto(x, base + k * inner, m, null, s, inner);
      for (int i = 0; i < inner; i++) s[i] = ScalarMath.log(s[i]);
      for (int k = 0; k < axis; k++) {
        int row = base + k * inner;
        int i = 0;
        for (int bound = SPECIES.loopBound(inner); i < bound; i += L) {
          load(x, row + i).sub(load(m, i)).sub(load(s, i)).intoArray(out, row + i);
        }
        for (; i < inner; i++) out[row + i] = x[row + i] - m[i] - s[i];
      }
    }
  }

  /**
   * Σ e^(x[off + i] - m) over [0, n), storing each term to out[off + i] unless out is null. The
   * null test is outside the loops.
   */
  private static float expRow(float[] x, int off, int n, float m, float[] out) {
    int bound = SPECIES.loopBound(n);
    float s = bound == 0 ? 0 : expVectors(x, off, bound, m, out);
    for (int i = bound; i < n; i++) {
      float e = ScalarMath.exp(x[off + i] - m);
      if (out != null) {
        out[off + i] = e;
      }
      s += e;
    }
    return s;
  }

  /** expRow's whole vectors, [0, bound) with bound > 0 (see the class comment): their lanes' sum. */
  private static float expVectors(float[] x, int off, int bound, float m, float[] out) {
    FloatVector vm = FloatVector.broadcast(SPECIES, m);
    FloatVector acc = FloatVector.zero(SPECIES);
    if (out != null) {
      for (int i = 0; i < bound; i += L) {
        FloatVector e = VectorMath.exp(load(x, off + i).sub(vm));
        e.intoArray(out, off + i);
        acc = acc.add(e);
      }
    } else {
      for (int i = 0; i < bound; i += L) acc = acc.add(VectorMath.exp(load(x, off + i).sub(vm)));
    }
    return Simd.sumLanes(acc);
  }

  /** out[off + i] *= scale for i in [0, n). */
  private static void scaleRow(float[] out, int off, int n, float scale) {
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += L) load(out, off + i).mul(scale).intoArray(out, off + i);
    for (; i < n; i++) out[off + i] *= scale;
  }

  /** out[off + i] = x[off + i] - m - logS for i in [0, n). */
  private static void shiftRow(float[] x, int off, int n, float m, float logS, float[] out) {
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
      load(x, off + i).sub(m).sub(logS).intoArray(out, off + i);
    }
    for (; i < n; i++) out[off + i] = x[off + i] - m - logS;
  }

  /** For i in [0, n): e = e^(x[row + i] - m[i]); out[row + i] = e unless out is null; s[i] += e. */
  private static void expInto(float[] x, int row, float[] m, float[] out, float[] s, int n) {
    int bound = SPECIES.loopBound(n);
    if (bound > 0) {
      expIntoVectors(x, row, m, out, s, bound);
    }
    for (int i = bound; i < n; i++) {
      float e = ScalarMath.exp(x[row + i] - m[i]);
      if (out != null) {
        out[row + i] = e;
      }
      s[i] += e;
    }
  }

  /** expInto's whole vectors, [0, bound) with bound > 0 (see the class comment). */
  private static void expIntoVectors(float[] x, int row, float[] m, float[] out, float[] s, int bound) {
    for (int i = 0; i < bound; i += L) {
      FloatVector e = VectorMath.exp(load(x, row + i).sub(load(m, i)));
      if (out != null) {
        e.intoArray(out, row + i);
      }
      load(s, i).add(e).intoArray(s, i);
    }
  }

  /** out[row + i] *= scale[i] for i in [0, n). */
  private static void mulInto(float[] scale, float[] out, int row, int n) {
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
      load(out, row + i).mul(load(scale, i)).intoArray(out, row + i);
    }
    for (; i < n; i++) out[row + i] *= scale[i];
  }
}
