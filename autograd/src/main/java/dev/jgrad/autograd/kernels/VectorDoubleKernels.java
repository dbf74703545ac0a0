package dev.jgrad.autograd.kernels;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for {@code double[]}, with the semantics documented on {@link Kernels}. Loaded
 * only when {@link Kernels#SIMD} is true; {@link ScalarDoubleKernels} finishes every tail.
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
final class VectorDoubleKernels {
  static final VectorSpecies<Double> SPECIES = Simd.DOUBLE;
  private static final int L = SPECIES.length();

  private VectorDoubleKernels() {}

  static int lanes() {
    return L;
  }

  private static DoubleVector load(double[] x, int i) {
    return DoubleVector.fromArray(SPECIES, x, i);
  }

  /** The vector at {@code x[offset + i ..]} for step 1, or {@code broadcast} for step 0. */
  private static DoubleVector operand(double[] x, int offset, int step, DoubleVector broadcast, int i) {
    return step == 0 ? broadcast : DoubleVector.fromArray(SPECIES, x, offset + i);
  }

  // ---- unary ----------------------------------------------------------------------------------

  /** out[i] = op(x[i]) for i in [from, to). */
  static void unary(UnaryOp op, double[] x, double[] out, int from, int to) {
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
      ScalarDoubleKernels.unary(op, x, out, bound, to);
    }
  }

  private static void neg(double[] x, double[] out, int from, int bound) {
    for (int i = from; i < bound; i += L) load(x, i).neg().intoArray(out, i);
  }

  private static void exp(double[] x, double[] out, int from, int bound) {
    for (int i = from; i < bound; i += L) VectorMath.exp(load(x, i)).intoArray(out, i);
  }

  private static void log1p(double[] x, double[] out, int from, int bound) {
    for (int i = from; i < bound; i += L) VectorMath.log1p(load(x, i)).intoArray(out, i);
  }

  private static void log(double[] x, double[] out, int from, int bound) {
    for (int i = from; i < bound; i += L) VectorMath.log(load(x, i)).intoArray(out, i);
  }

  private static void sqrt(double[] x, double[] out, int from, int bound) {
    for (int i = from; i < bound; i += L) load(x, i).sqrt().intoArray(out, i);
  }

  private static void abs(double[] x, double[] out, int from, int bound) {
    for (int i = from; i < bound; i += L) load(x, i).abs().intoArray(out, i);
  }

  private static void tanh(double[] x, double[] out, int from, int bound) {
    for (int i = from; i < bound; i += L) VectorMath.tanh(load(x, i)).intoArray(out, i);
  }

  private static void sigmoid(double[] x, double[] out, int from, int bound) {
    for (int i = from; i < bound; i += L) VectorMath.sigmoid(load(x, i)).intoArray(out, i);
  }

  private static void relu(double[] x, double[] out, int from, int bound) {
    DoubleVector zero = DoubleVector.zero(SPECIES);
    for (int i = from; i < bound; i += L) load(x, i).max(zero).intoArray(out, i);
  }

  private static void sign(double[] x, double[] out, int from, int bound) {
    for (int i = from; i < bound; i += L) {
      // Starting from x keeps ±0 and NaN as Math.signum does.
      DoubleVector v = load(x, i);
      v.blend(1.0, v.compare(VectorOperators.GT, 0.0))
          .blend(-1.0, v.compare(VectorOperators.LT, 0.0))
          .intoArray(out, i);
    }
  }

  // ---- elementwise with scalar parameters -----------------------------------------------------

  static void leakyRelu(double[] x, double slope, double[] out, int n) {
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      DoubleVector v = load(x, i);
      v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0.0)).intoArray(out, i);
    }
    ScalarDoubleKernels.leakyRelu(x, slope, out, bound, n);
  }

  static void pow(double[] x, double p, double[] out, int n) {
    int bound = SPECIES.loopBound(n);
    if (p == 1) {
      bound = 0; // a copy: the scalar kernel does it with arraycopy
    } else if (p == 2) {
      for (int i = 0; i < bound; i += L) {
        DoubleVector v = load(x, i);
        v.mul(v).intoArray(out, i);
      }
    } else if (p == 0.5) {
      for (int i = 0; i < bound; i += L) {
        // As Math.pow(x, 0.5): adding +0 turns -0 into +0, and -∞ gives +∞.
        DoubleVector v = load(x, i);
        v.add(0.0)
            .sqrt()
            .blend(Double.POSITIVE_INFINITY, v.compare(VectorOperators.EQ, Double.NEGATIVE_INFINITY))
            .intoArray(out, i);
      }
    } else if (p == -1) {
      DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
      for (int i = 0; i < bound; i += L) one.div(load(x, i)).intoArray(out, i);
    } else {
      bound = 0; // any other exponent: StrictMath.pow in the scalar kernel, the same bits compiled or not
    }
    ScalarDoubleKernels.pow(x, p, out, bound, n);
  }

  static void clamp(double[] x, double lo, double hi, double[] out, int n) {
    int bound = SPECIES.loopBound(n);
    DoubleVector l = DoubleVector.broadcast(SPECIES, lo);
    DoubleVector h = DoubleVector.broadcast(SPECIES, hi);
    for (int i = 0; i < bound; i += L) load(x, i).max(l).min(h).intoArray(out, i);
    ScalarDoubleKernels.clamp(x, lo, hi, out, bound, n);
  }

  static void affine(double[] x, double alpha, double beta, double[] out, int n) {
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) load(x, i).mul(alpha).add(beta).intoArray(out, i);
    ScalarDoubleKernels.affine(x, alpha, beta, out, bound, n);
  }

  static void axpy(double alpha, double[] x, double[] y, int from, int to) {
    int bound = from + SPECIES.loopBound(to - from);
    DoubleVector a = DoubleVector.broadcast(SPECIES, alpha);
    for (int i = from; i < bound; i += L) load(x, i).fma(a, load(y, i)).intoArray(y, i);
    ScalarDoubleKernels.axpy(alpha, x, y, bound, to);
  }

  // ---- broadcasting binary ops ----------------------------------------------------------------

  static void binary(BinaryOp op, double[] a, int[] aStrides, double[] b, int[] bStrides, double[] out, int[] shape) {
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
  static void binaryRow(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
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
      ScalarDoubleKernels.binaryRow(op, a, ao + done * as, as, b, bo + done * bs, bs, out, oo + done, n - done);
    }
  }

  private static int add(double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
    DoubleVector ca = DoubleVector.broadcast(SPECIES, a[ao]);
    DoubleVector cb = DoubleVector.broadcast(SPECIES, b[bo]);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      operand(a, ao, as, ca, i).add(operand(b, bo, bs, cb, i)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int sub(double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
    DoubleVector ca = DoubleVector.broadcast(SPECIES, a[ao]);
    DoubleVector cb = DoubleVector.broadcast(SPECIES, b[bo]);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      operand(a, ao, as, ca, i).sub(operand(b, bo, bs, cb, i)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int mul(double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
    DoubleVector ca = DoubleVector.broadcast(SPECIES, a[ao]);
    DoubleVector cb = DoubleVector.broadcast(SPECIES, b[bo]);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      operand(a, ao, as, ca, i).mul(operand(b, bo, bs, cb, i)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int div(double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
    DoubleVector ca = DoubleVector.broadcast(SPECIES, a[ao]);
    DoubleVector cb = DoubleVector.broadcast(SPECIES, b[bo]);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      operand(a, ao, as, ca, i).div(operand(b, bo, bs, cb, i)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int max(double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
    DoubleVector ca = DoubleVector.broadcast(SPECIES, a[ao]);
    DoubleVector cb = DoubleVector.broadcast(SPECIES, b[bo]);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      operand(a, ao, as, ca, i).max(operand(b, bo, bs, cb, i)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int min(double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
    DoubleVector ca = DoubleVector.broadcast(SPECIES, a[ao]);
    DoubleVector cb = DoubleVector.broadcast(SPECIES, b[bo]);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      operand(a, ao, as, ca, i).min(operand(b, bo, bs, cb, i)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int bceWithLogits(double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
    DoubleVector ca = DoubleVector.broadcast(SPECIES, a[ao]);
    DoubleVector cb = DoubleVector.broadcast(SPECIES, b[bo]);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      DoubleVector z = operand(a, ao, as, ca, i);
      DoubleVector y = operand(b, bo, bs, cb, i);
      z.max(0.0)
          .sub(z.mul(y))
          .add(VectorMath.log1p(VectorMath.exp(z.abs().neg())))
          .intoArray(out, oo + i);
    }
    return bound;
  }

  private static int reluBackward(double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
    DoubleVector ca = DoubleVector.broadcast(SPECIES, a[ao]);
    DoubleVector cb = DoubleVector.broadcast(SPECIES, b[bo]);
    DoubleVector zero = DoubleVector.zero(SPECIES);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      VectorMask<Double> m = operand(b, bo, bs, cb, i).compare(VectorOperators.GT, 0.0);
      zero.blend(operand(a, ao, as, ca, i), m).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int eq(double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
    DoubleVector ca = DoubleVector.broadcast(SPECIES, a[ao]);
    DoubleVector cb = DoubleVector.broadcast(SPECIES, b[bo]);
    DoubleVector zero = DoubleVector.zero(SPECIES);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      VectorMask<Double> m = operand(a, ao, as, ca, i).compare(VectorOperators.EQ, operand(b, bo, bs, cb, i));
      zero.blend(1.0, m).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int lt(double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
    DoubleVector ca = DoubleVector.broadcast(SPECIES, a[ao]);
    DoubleVector cb = DoubleVector.broadcast(SPECIES, b[bo]);
    DoubleVector zero = DoubleVector.zero(SPECIES);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      VectorMask<Double> m = operand(a, ao, as, ca, i).compare(VectorOperators.LT, operand(b, bo, bs, cb, i));
      zero.blend(1.0, m).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int le(double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
    DoubleVector ca = DoubleVector.broadcast(SPECIES, a[ao]);
    DoubleVector cb = DoubleVector.broadcast(SPECIES, b[bo]);
    DoubleVector zero = DoubleVector.zero(SPECIES);
    int bound = SPECIES.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      VectorMask<Double> m = operand(a, ao, as, ca, i).compare(VectorOperators.LE, operand(b, bo, bs, cb, i));
      zero.blend(1.0, m).intoArray(out, oo + i);
    }
    return bound;
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

  private static void whereRow(
      double[] c, int co, int cs, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
    int bound = 0;
    if (n >= L && (cs == 0 || cs == 1) && (as == 0 || as == 1) && (bs == 0 || bs == 1)) {
      DoubleVector cc = DoubleVector.broadcast(SPECIES, c[co]);
      DoubleVector ca = DoubleVector.broadcast(SPECIES, a[ao]);
      DoubleVector cb = DoubleVector.broadcast(SPECIES, b[bo]);
      bound = SPECIES.loopBound(n);
      for (int i = 0; i < bound; i += L) {
        VectorMask<Double> m = operand(c, co, cs, cc, i).compare(VectorOperators.NE, 0.0);
        operand(b, bo, bs, cb, i).blend(operand(a, ao, as, ca, i), m).intoArray(out, oo + i);
      }
    }
    ScalarDoubleKernels.whereRow(
        c, co + bound * cs, cs, a, ao + bound * as, as, b, bo + bound * bs, bs, out, oo + bound, n - bound);
  }

  // ---- reductions, the input viewed as [outer, axis, inner] ----------------------------------

  static void sum(double[] x, int outer, int axis, int inner, double[] out) {
    for (int o = 0; o < outer; o++) {
      int base = o * axis * inner;
      if (inner == 1) {
        out[o] = sumRow(x, base, axis);
        continue;
      }
      // inner > 1: accumulate whole rows; the input is read in order and out stays in cache.
      int ob = o * inner;
      if (axis == 0) {
        Arrays.fill(out, ob, ob + inner, 0.0);
        continue;
      }
      System.arraycopy(x, base, out, ob, inner);
      for (int k = 1; k < axis; k++) addInto(x, base + k * inner, out, ob, inner);
    }
  }

  private static double sumRow(double[] x, int off, int n) {
    // Four accumulators hide the latency of the adds.
    DoubleVector s0 = DoubleVector.zero(SPECIES);
    DoubleVector s1 = s0;
    DoubleVector s2 = s0;
    DoubleVector s3 = s0;
    int i = 0;
    for (int bound4 = n - n % (4 * L); i < bound4; i += 4 * L) {
      s0 = s0.add(load(x, off + i));
      s1 = s1.add(load(x, off + i + L));
      s2 = s2.add(load(x, off + i + 2 * L));
      s3 = s3.add(load(x, off + i + 3 * L));
    }
    for (int bound = SPECIES.loopBound(n); i < bound; i += L) s0 = s0.add(load(x, off + i));
    double s = Simd.sumLanes(s0.add(s1).add(s2.add(s3)));
    for (; i < n; i++) s += x[off + i];
    return s;
  }

  /** y[yo + i] += x[xo + i] for i in [0, n). */
  private static void addInto(double[] x, int xo, double[] y, int yo, int n) {
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
      load(y, yo + i).add(load(x, xo + i)).intoArray(y, yo + i);
    }
    for (; i < n; i++) y[yo + i] += x[xo + i];
  }

  static void max(double[] x, int outer, int axis, int inner, double[] out) {
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
  private static double maxRow(double[] x, int off, int n) {
    int i = 0;
    double m = x[off];
    if (n >= L) {
      DoubleVector acc = load(x, off);
      for (int bound = SPECIES.loopBound(n); i < bound; i += L) acc = acc.max(load(x, off + i));
      m = acc.reduceLanes(VectorOperators.MAX);
    }
    for (; i < n; i++) m = Math.max(m, x[off + i]);
    return m;
  }

  /** y[yo + i] = max(y[yo + i], x[xo + i]) for i in [0, n). */
  private static void maxInto(double[] x, int xo, double[] y, int yo, int n) {
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
      load(y, yo + i).max(load(x, xo + i)).intoArray(y, yo + i);
    }
    for (; i < n; i++) y[yo + i] = Math.max(y[yo + i], x[xo + i]);
  }

  // ---- softmax --------------------------------------------------------------------------------

  static void softmax(double[] x, int outer, int axis, int inner, double[] out) {
    if (axis == 0) {
      return;
    }
    if (inner == 1) {
      for (int o = 0, off = 0; o < outer; o++, off += axis) {
        double m = maxRow(x, off, axis);
        double s = expRow(x, off, axis, m, out);
        scaleRow(out, off, axis, 1 / s);
      }
      return;
    }
    // inner > 1: whole rows at a time, with the per-column max and sum in two scratch rows.
    double[] m = new double[inner];
    double[] s = new double[inner];
    for (int o = 0; o < outer; o++) {
      int base = o * axis * inner;
      System.arraycopy(x, base, m, 0, inner);
      for (int k = 1; k < axis; k++) maxInto(x, base + k * inner, m, 0, inner);
      Arrays.fill(s, 0.0);
      for (int k = 0; k < axis; k++) expInto(x, base + k * inner, m, out, s, inner);
      for (int i = 0; i < inner; i++) s[i] = 1 / s[i];
      for (int k = 0; k < axis; k++) mulInto(s, out, base + k * inner, inner);
    }
  }

  static void logSoftmax(double[] x, int outer, int axis, int inner, double[] out) {
    if (axis == 0) {
      return;
    }
    if (inner == 1) {
      for (int o = 0, off = 0; o < outer; o++, off += axis) {
        double m = maxRow(x, off, axis);
        double logS = ScalarMath.log(expRow(x, off, axis, m, null));
        shiftRow(x, off, axis, m, logS, out);
      }
      return;
    }
    double[] m = new double[inner];
    double[] s = new double[inner];
    for (int o = 0; o < outer; o++) {
      int base = o * axis * inner;
      System.arraycopy(x, base, m, 0, inner);
      for (int k = 1; k < axis; k++) maxInto(x, base + k * inner, m, 0, inner);
      Arrays.fill(s, 0.0);
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
  private static double expRow(double[] x, int off, int n, double m, double[] out) {
    int bound = SPECIES.loopBound(n);
    double s = bound == 0 ? 0 : expVectors(x, off, bound, m, out);
    for (int i = bound; i < n; i++) {
      double e = ScalarMath.exp(x[off + i] - m);
      if (out != null) {
        out[off + i] = e;
      }
      s += e;
    }
    return s;
  }

  /** expRow's whole vectors, [0, bound) with bound > 0 (see the class comment): their lanes' sum. */
  private static double expVectors(double[] x, int off, int bound, double m, double[] out) {
    DoubleVector vm = DoubleVector.broadcast(SPECIES, m);
    DoubleVector acc = DoubleVector.zero(SPECIES);
    if (out != null) {
      for (int i = 0; i < bound; i += L) {
        DoubleVector e = VectorMath.exp(load(x, off + i).sub(vm));
        e.intoArray(out, off + i);
        acc = acc.add(e);
      }
    } else {
      for (int i = 0; i < bound; i += L) acc = acc.add(VectorMath.exp(load(x, off + i).sub(vm)));
    }
    return Simd.sumLanes(acc);
  }

  /** out[off + i] *= scale for i in [0, n). */
  private static void scaleRow(double[] out, int off, int n, double scale) {
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += L) load(out, off + i).mul(scale).intoArray(out, off + i);
    for (; i < n; i++) out[off + i] *= scale;
  }

  /** out[off + i] = x[off + i] - m - logS for i in [0, n). */
  private static void shiftRow(double[] x, int off, int n, double m, double logS, double[] out) {
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
      load(x, off + i).sub(m).sub(logS).intoArray(out, off + i);
    }
    for (; i < n; i++) out[off + i] = x[off + i] - m - logS;
  }

  /** For i in [0, n): e = e^(x[row + i] - m[i]); out[row + i] = e unless out is null; s[i] += e. */
  private static void expInto(double[] x, int row, double[] m, double[] out, double[] s, int n) {
    int bound = SPECIES.loopBound(n);
    if (bound > 0) {
      expIntoVectors(x, row, m, out, s, bound);
    }
    for (int i = bound; i < n; i++) {
      double e = ScalarMath.exp(x[row + i] - m[i]);
      if (out != null) {
        out[row + i] = e;
      }
      s[i] += e;
    }
  }

  /** expInto's whole vectors, [0, bound) with bound > 0 (see the class comment). */
  private static void expIntoVectors(double[] x, int row, double[] m, double[] out, double[] s, int bound) {
    for (int i = 0; i < bound; i += L) {
      DoubleVector e = VectorMath.exp(load(x, row + i).sub(load(m, i)));
      if (out != null) {
        e.intoArray(out, row + i);
      }
      load(s, i).add(e).intoArray(s, i);
    }
  }

  /** out[row + i] *= scale[i] for i in [0, n). */
  private static void mulInto(double[] scale, double[] out, int row, int n) {
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
      load(out, row + i).mul(load(scale, i)).intoArray(out, row + i);
    }
    for (; i < n; i++) out[row + i] *= scale[i];
  }
}
