package dev.jgrad.autograd.kernels;

import static dev.jgrad.autograd.kernels.ScalarMath.EXP_C2_D;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_C2_F;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_C3_D;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_C3_F;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_C4_D;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_C4_F;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_C5_D;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_C5_F;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_C6_D;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_C6_F;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_C7_D;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_C8_D;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_C9_D;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_C10_D;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_C11_D;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_MAX_D;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_MAX_F;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_MIN_D;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_MIN_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LN2_HI_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LN2_HI_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LN2_LO_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LN2_LO_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG2E_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG2E_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_L1_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_L1_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_L2_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_L2_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_L3_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_L3_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_L4_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_L5_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_L6_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_L7_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_OFFSET_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_OFFSET_F;
import static dev.jgrad.autograd.kernels.ScalarMath.SHIFT_D;
import static dev.jgrad.autograd.kernels.ScalarMath.SHIFT_D_BITS;
import static dev.jgrad.autograd.kernels.ScalarMath.SHIFT_F;
import static dev.jgrad.autograd.kernels.ScalarMath.SHIFT_F_BITS;
import static dev.jgrad.autograd.kernels.ScalarMath.SQRT_HALF_D_BITS;
import static dev.jgrad.autograd.kernels.ScalarMath.SQRT_HALF_F_BITS;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P0_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P0_F;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P10_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P11_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P1_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P1_F;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P2_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P2_F;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P3_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P3_F;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P4_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P4_F;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P5_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P5_F;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P6_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P7_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P8_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P9_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_SPLIT_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_SPLIT_F;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.LT;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;

/**
 * exp, log, log1p, tanh and sigmoid on vectors of any width, built only from lane operations that
 * IEEE 754 defines exactly (add, sub, mul, div, fma, min/max, compare, blend, integer add, and,
 * shifts, reinterpreting casts). {@code lanewise(EXP)} and its kin run Math's scalar functions per
 * lane until C2 compiles the loop and SVML-like stubs after, and the two disagree in the last bits,
 * so a result changed after a few thousand calls. These give the same bits forever, and the same
 * bits as their scalar twins in {@link ScalarMath} (same operations, same constants, same order),
 * which finish the vector loops' tails. Methods take the species from their argument, since the
 * caller picks the width at start-up; the code is straight-line, with constants as broadcasts and
 * every operator a constant, so that C2 turns each method into plain SIMD instructions.
 *
 * <p>Accuracy is documented on {@link ScalarMath}.
 */
final class VectorMath {
  private VectorMath() {}

  // ---- float ------------------------------------------------------------------------------------

  /** e^x = 2^n·e^r, n = round(x/ln2), r = x − n·ln2; see {@link ScalarMath#exp(float)}. */
  static FloatVector exp(FloatVector v) {
    FloatVector x = v.max(EXP_MIN_F).min(EXP_MAX_F);
    FloatVector t = x.fma(LOG2E_F, SHIFT_F);
    FloatVector n = t.sub(SHIFT_F);
    FloatVector r = n.fma(v.broadcast(-LN2_HI_F), x);
    r = n.fma(v.broadcast(-LN2_LO_F), r);
    FloatVector p = r.fma(EXP_C6_F, EXP_C5_F);
    p = p.fma(r, v.broadcast(EXP_C4_F));
    p = p.fma(r, v.broadcast(EXP_C3_F));
    p = p.fma(r, v.broadcast(EXP_C2_F));
    p = p.fma(r, v.broadcast(1f));
    p = p.fma(r, v.broadcast(1f));
    IntVector j = t.reinterpretAsInts().sub(SHIFT_F_BITS - 150);
    IntVector h = j.lanewise(LSHR, 1);
    FloatVector s1 = h.add(52).lanewise(LSHL, 23).reinterpretAsFloats();
    FloatVector s2 = j.sub(h).add(52).lanewise(LSHL, 23).reinterpretAsFloats();
    return p.mul(s1).mul(s2);
  }

  /** log x = k·ln2 + log1p(m − 1), x = 2^k·m; see {@link ScalarMath#log(float)}. */
  static FloatVector log(FloatVector v) {
    VectorMask<Float> sub = v.compare(LT, Float.MIN_NORMAL);
    FloatVector x = v.blend(v.mul(0x1p23f), sub);
    FloatVector bias = v.broadcast(0f).blend(23f, sub);
    IntVector jx = x.reinterpretAsInts().add(LOG_OFFSET_F);
    FloatVector m = jx.and(0x7FFFFF).add(SQRT_HALF_F_BITS).reinterpretAsFloats();
    FloatVector k = jx.lanewise(LSHR, 23).add(SHIFT_F_BITS - 127).reinterpretAsFloats().sub(SHIFT_F).sub(bias);
    FloatVector r = logCore(m.sub(1f), k, k.mul(LN2_LO_F));
    r = r.blend(Float.POSITIVE_INFINITY, v.compare(EQ, Float.POSITIVE_INFINITY));
    r = r.blend(Float.NEGATIVE_INFINITY, v.compare(EQ, 0f));
    return r.blend(Float.NaN, v.compare(GE, 0f).not());
  }

  /** log(1 + x) = log u + (1 + x − u)/u, u = fl(1 + x); see {@link ScalarMath#log1p(float)}. */
  static FloatVector log1p(FloatVector x) {
    FloatVector u = x.add(1f);
    FloatVector b = u.sub(1f);
    FloatVector c = x.broadcast(1f).sub(u.sub(b)).add(x.sub(b));
    IntVector jx = u.reinterpretAsInts().add(LOG_OFFSET_F);
    FloatVector m = jx.and(0x7FFFFF).add(SQRT_HALF_F_BITS).reinterpretAsFloats();
    FloatVector k = jx.lanewise(LSHR, 23).add(SHIFT_F_BITS - 127).reinterpretAsFloats().sub(SHIFT_F);
    FloatVector r = logCore(m.sub(1f), k, k.fma(x.broadcast(LN2_LO_F), c.div(u)));
    r = r.blend(Float.POSITIVE_INFINITY, u.compare(EQ, Float.POSITIVE_INFINITY));
    r = r.blend(Float.NEGATIVE_INFINITY, u.compare(EQ, 0f));
    r = r.blend(Float.NaN, u.compare(GE, 0f).not());
    return r.blend(x, x.compare(EQ, 0f));
  }

  /** k·ln2 + log1p(f) with s = f/(2 + f); see {@link ScalarMath}'s logCore. */
  private static FloatVector logCore(FloatVector f, FloatVector k, FloatVector lo0) {
    FloatVector s = f.div(f.add(2f));
    FloatVector z = s.mul(s);
    FloatVector rz = z.fma(LOG_L3_F, LOG_L2_F);
    rz = rz.fma(z, f.broadcast(LOG_L1_F)).mul(z);
    FloatVector hfsq = f.mul(0.5f).mul(f);
    FloatVector lo = s.fma(hfsq.add(rz), lo0);
    return k.fma(f.broadcast(LN2_HI_F), hfsq.sub(lo).sub(f).neg());
  }

  /** tanh x = x + x³·P(x²) or ±(1 − 2/(e^2|x| + 1)); see {@link ScalarMath#tanh(float)}. */
  static FloatVector tanh(FloatVector v) {
    FloatVector a = v.abs();
    FloatVector z = a.mul(a);
    FloatVector p = z.fma(TANH_P5_F, TANH_P4_F);
    p = p.fma(z, v.broadcast(TANH_P3_F));
    p = p.fma(z, v.broadcast(TANH_P2_F));
    p = p.fma(z, v.broadcast(TANH_P1_F));
    p = p.fma(z, v.broadcast(TANH_P0_F));
    FloatVector small = p.mul(z).fma(a, a);
    FloatVector one = v.broadcast(1f);
    FloatVector large = one.sub(v.broadcast(2f).div(exp(a.add(a)).add(one)));
    FloatVector t = large.blend(small, a.compare(LT, TANH_SPLIT_F));
    return t.reinterpretAsInts().or(v.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
  }

  /** 1/(1 + e^-x) as 1/(1 + e) or e/(1 + e), e = e^-|x|; see {@link ScalarMath#sigmoid(float)}. */
  static FloatVector sigmoid(FloatVector v) {
    FloatVector e = exp(v.abs().neg());
    FloatVector d = e.add(1f);
    return v.broadcast(1f).blend(e, v.compare(LT, 0f)).div(d);
  }

  // ---- double -----------------------------------------------------------------------------------

  /** e^x; see {@link ScalarMath#exp(double)}. */
  static DoubleVector exp(DoubleVector v) {
    DoubleVector x = v.max(EXP_MIN_D).min(EXP_MAX_D);
    DoubleVector t = x.fma(LOG2E_D, SHIFT_D);
    DoubleVector n = t.sub(SHIFT_D);
    DoubleVector r = n.fma(v.broadcast(-LN2_HI_D), x);
    r = n.fma(v.broadcast(-LN2_LO_D), r);
    DoubleVector p = r.fma(EXP_C11_D, EXP_C10_D);
    p = p.fma(r, v.broadcast(EXP_C9_D));
    p = p.fma(r, v.broadcast(EXP_C8_D));
    p = p.fma(r, v.broadcast(EXP_C7_D));
    p = p.fma(r, v.broadcast(EXP_C6_D));
    p = p.fma(r, v.broadcast(EXP_C5_D));
    p = p.fma(r, v.broadcast(EXP_C4_D));
    p = p.fma(r, v.broadcast(EXP_C3_D));
    p = p.fma(r, v.broadcast(EXP_C2_D));
    p = p.fma(r, v.broadcast(1.0));
    p = p.fma(r, v.broadcast(1.0));
    LongVector j = t.reinterpretAsLongs().sub(SHIFT_D_BITS - 1076);
    LongVector h = j.lanewise(LSHR, 1);
    DoubleVector s1 = h.add(485).lanewise(LSHL, 52).reinterpretAsDoubles();
    DoubleVector s2 = j.sub(h).add(485).lanewise(LSHL, 52).reinterpretAsDoubles();
    return p.mul(s1).mul(s2);
  }

  /** log x; see {@link ScalarMath#log(double)}. */
  static DoubleVector log(DoubleVector v) {
    VectorMask<Double> sub = v.compare(LT, Double.MIN_NORMAL);
    DoubleVector x = v.blend(v.mul(0x1p52), sub);
    DoubleVector bias = v.broadcast(0.0).blend(52.0, sub);
    LongVector jx = x.reinterpretAsLongs().add(LOG_OFFSET_D);
    DoubleVector m = jx.and(0xFFFFFFFFFFFFFL).add(SQRT_HALF_D_BITS).reinterpretAsDoubles();
    DoubleVector k = jx.lanewise(LSHR, 52).add(SHIFT_D_BITS - 1023).reinterpretAsDoubles().sub(SHIFT_D).sub(bias);
    DoubleVector r = logCore(m.sub(1.0), k, k.mul(LN2_LO_D));
    r = r.blend(Double.POSITIVE_INFINITY, v.compare(EQ, Double.POSITIVE_INFINITY));
    r = r.blend(Double.NEGATIVE_INFINITY, v.compare(EQ, 0.0));
    return r.blend(Double.NaN, v.compare(GE, 0.0).not());
  }

  /** log(1 + x); see {@link ScalarMath#log1p(double)}. */
  static DoubleVector log1p(DoubleVector x) {
    DoubleVector u = x.add(1.0);
    DoubleVector b = u.sub(1.0);
    DoubleVector c = x.broadcast(1.0).sub(u.sub(b)).add(x.sub(b));
    LongVector jx = u.reinterpretAsLongs().add(LOG_OFFSET_D);
    DoubleVector m = jx.and(0xFFFFFFFFFFFFFL).add(SQRT_HALF_D_BITS).reinterpretAsDoubles();
    DoubleVector k = jx.lanewise(LSHR, 52).add(SHIFT_D_BITS - 1023).reinterpretAsDoubles().sub(SHIFT_D);
    DoubleVector r = logCore(m.sub(1.0), k, k.fma(x.broadcast(LN2_LO_D), c.div(u)));
    r = r.blend(Double.POSITIVE_INFINITY, u.compare(EQ, Double.POSITIVE_INFINITY));
    r = r.blend(Double.NEGATIVE_INFINITY, u.compare(EQ, 0.0));
    r = r.blend(Double.NaN, u.compare(GE, 0.0).not());
    return r.blend(x, x.compare(EQ, 0.0));
  }

  private static DoubleVector logCore(DoubleVector f, DoubleVector k, DoubleVector lo0) {
    DoubleVector s = f.div(f.add(2.0));
    DoubleVector z = s.mul(s);
    DoubleVector rz = z.fma(LOG_L7_D, LOG_L6_D);
    rz = rz.fma(z, f.broadcast(LOG_L5_D));
    rz = rz.fma(z, f.broadcast(LOG_L4_D));
    rz = rz.fma(z, f.broadcast(LOG_L3_D));
    rz = rz.fma(z, f.broadcast(LOG_L2_D));
    rz = rz.fma(z, f.broadcast(LOG_L1_D)).mul(z);
    DoubleVector hfsq = f.mul(0.5).mul(f);
    DoubleVector lo = s.fma(hfsq.add(rz), lo0);
    return k.fma(f.broadcast(LN2_HI_D), hfsq.sub(lo).sub(f).neg());
  }

  /** tanh x; see {@link ScalarMath#tanh(double)}. */
  static DoubleVector tanh(DoubleVector v) {
    DoubleVector a = v.abs();
    DoubleVector z = a.mul(a);
    DoubleVector p = z.fma(TANH_P11_D, TANH_P10_D);
    p = p.fma(z, v.broadcast(TANH_P9_D));
    p = p.fma(z, v.broadcast(TANH_P8_D));
    p = p.fma(z, v.broadcast(TANH_P7_D));
    p = p.fma(z, v.broadcast(TANH_P6_D));
    p = p.fma(z, v.broadcast(TANH_P5_D));
    p = p.fma(z, v.broadcast(TANH_P4_D));
    p = p.fma(z, v.broadcast(TANH_P3_D));
    p = p.fma(z, v.broadcast(TANH_P2_D));
    p = p.fma(z, v.broadcast(TANH_P1_D));
    p = p.fma(z, v.broadcast(TANH_P0_D));
    DoubleVector small = p.mul(z).fma(a, a);
    DoubleVector one = v.broadcast(1.0);
    DoubleVector large = one.sub(v.broadcast(2.0).div(exp(a.add(a)).add(one)));
    DoubleVector t = large.blend(small, a.compare(LT, TANH_SPLIT_D));
    return t.reinterpretAsLongs().or(v.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles();
  }

  /** 1/(1 + e^-x); see {@link ScalarMath#sigmoid(double)}. */
  static DoubleVector sigmoid(DoubleVector v) {
    DoubleVector e = exp(v.abs().neg());
    DoubleVector one = v.broadcast(1.0);
    DoubleVector d = e.add(one);
    DoubleVector dl = one.sub(d).add(e);
    VectorMask<Double> neg = v.compare(LT, 0.0);
    DoubleVector y = one.blend(e, neg).div(d);
    DoubleVector inv = y.blend(one.sub(y), neg);
    return y.sub(y.mul(dl.mul(inv)));
  }
}
