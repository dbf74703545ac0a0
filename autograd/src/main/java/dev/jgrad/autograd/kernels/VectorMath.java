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
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_FAST_D;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_FAST_F;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_MAX_D;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_MAX_F;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_MIN_D;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_MIN_F;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_TINY_D;
import static dev.jgrad.autograd.kernels.ScalarMath.EXP_TINY_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LN2_HI_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LN2_HI_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LN2_LO_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LN2_LO_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG2E_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG2E_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_WIDE_ADD_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_WIDE_ADD_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_WIDE_MIN_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_WIDE_MIN_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_L1_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_L2_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_L3_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_L4_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_L5_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_L6_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_L7_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_OFFSET_D;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_OFFSET_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_P0_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_P1_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_P2_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_P3_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_P4_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_P5_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_P6_F;
import static dev.jgrad.autograd.kernels.ScalarMath.LOG_P7_F;
import static dev.jgrad.autograd.kernels.ScalarMath.SHIFT_D;
import static dev.jgrad.autograd.kernels.ScalarMath.SHIFT_D_BITS;
import static dev.jgrad.autograd.kernels.ScalarMath.SHIFT_F;
import static dev.jgrad.autograd.kernels.ScalarMath.SHIFT_F_BITS;
import static dev.jgrad.autograd.kernels.ScalarMath.SQRT_HALF_D_BITS;
import static dev.jgrad.autograd.kernels.ScalarMath.SQRT_HALF_F_BITS;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_CLAMP_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_CLAMP_F;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P0_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P1_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P2_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P3_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P4_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P5_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P6_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P7_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P8_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P9_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P10_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_P11_D;
import static dev.jgrad.autograd.kernels.ScalarMath.TANH_SPLIT_D;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
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
 * IEEE 754 defines exactly (add, sub, mul, div, fma, compare, blend, integer add, and, or, shifts,
 * reinterpreting casts). {@code lanewise(EXP)} and its kin run Math's scalar functions per lane
 * until C2 compiles the loop and SVML-like stubs after, and the two disagree in the last bits, so a
 * result changed after a few thousand calls. These give the same bits forever, and the same bits as
 * their scalar twins in {@link ScalarMath} (same operations, same constants, same order), which
 * finish the vector loops' tails. Methods take the species from their argument, since the caller
 * picks the width at start-up; constants are broadcasts and every operator is a constant.
 *
 * <p>Each function has a fast path for the lanes that occur in practice (|x| ≤ 87 for float exp,
 * positive normals for log) and one branch, taken when any lane falls outside it, to a wide path
 * with the clamps, blends and two-factor scaling; on the lanes both cover, the two give the same
 * bits. Compares and blends cost as much as the arithmetic: the branch made exp 30% faster. The
 * branch returns rather than merging vectors from both paths, which C2 compiled worse, and the hot
 * methods stay under C2's inlining limits (325 bytes of bytecode, 2,500 bytes of machine code), so
 * that they inline into the kernels' loops.
 *
 * <p>Speed, 1M elements array to array, one thread, AMD EPYC (AVX-512, 2 cores), JDK 25, ns an
 * element at 512 / 256 bits; in brackets lanewise(EXP, LOG, LOG1P, TANH), for tanh also the rational
 * tanh of VectorFloatKernels, for sigmoid today's lanewise(EXP) + div. Float: exp 0.20 / 0.23 (0.27 /
 * 0.33), log 0.25 / 0.34 (0.28 / 0.42), log1p 0.35 / 0.49 (0.47 / 0.97), tanh 0.29 / 0.39 (0.55 /
 * 1.58; rational 0.36 / 0.45), sigmoid 0.27 / 0.34 (0.40 / 0.54). Double: exp 0.61 / 0.76 (0.70 /
 * 1.00), log 0.72 / 1.02 (0.78 / 1.54), log1p 0.92 / 1.31 (1.06 / 2.02), tanh 1.34 / 1.76 (1.98 /
 * 3.12), sigmoid 1.05 / 1.55 (0.99 / 1.50). Inputs in [-10, 10], for log e^[-10, 10]; with inputs in
 * [-100, 100], where most float vectors take the wide path, float exp takes 0.41 and sigmoid 1.24.
 */
final class VectorMath {
  private VectorMath() {}

  // ---- float ------------------------------------------------------------------------------------

  /** e^x = 2^n·e^r, n = round(x/ln2), r = x − n·ln2; see {@link ScalarMath#exp(float)}. */
  static FloatVector exp(FloatVector v) {
    // One branch, taken only when a lane is outside [-87, 87]; it returns rather than merging vectors
    // from two paths, which C2 handled worse (measured).
    if (v.abs().compare(GT, EXP_FAST_F).anyTrue()) return expWide(v);
    FloatVector t = v.fma(v.broadcast(LOG2E_F), v.broadcast(SHIFT_F + 127));
    FloatVector n = t.sub(SHIFT_F + 127);
    FloatVector r = n.fma(v.broadcast(-LN2_HI_F), v);
    r = n.fma(v.broadcast(-LN2_LO_F), r);
    FloatVector p = r.fma(EXP_C6_F, EXP_C5_F);
    p = p.fma(r, v.broadcast(EXP_C4_F));
    p = p.fma(r, v.broadcast(EXP_C3_F));
    p = p.fma(r, v.broadcast(EXP_C2_F));
    p = p.fma(r, v.broadcast(1f));
    p = p.fma(r, v.broadcast(1f));
    return p.mul(t.reinterpretAsInts().lanewise(LSHL, 23).reinterpretAsFloats());
  }

  /** e^x on the whole line, equal to {@link #exp} where both apply; see ScalarMath's expWide. */
  private static FloatVector expWide(FloatVector v) {
    FloatVector x = v.blend(EXP_MIN_F, v.compare(LT, EXP_MIN_F));
    x = x.blend(EXP_MAX_F, x.compare(GT, EXP_MAX_F));
    VectorMask<Float> tiny = x.compare(LT, EXP_TINY_F);
    FloatVector magic = x.broadcast(SHIFT_F + 126).blend(SHIFT_F + 190, tiny);
    FloatVector t = x.fma(x.broadcast(LOG2E_F), magic);
    FloatVector n = t.sub(magic);
    FloatVector r = n.fma(x.broadcast(-LN2_HI_F), x);
    r = n.fma(x.broadcast(-LN2_LO_F), r);
    FloatVector p = r.fma(EXP_C6_F, EXP_C5_F);
    p = p.fma(r, x.broadcast(EXP_C4_F));
    p = p.fma(r, x.broadcast(EXP_C3_F));
    p = p.fma(r, x.broadcast(EXP_C2_F));
    p = p.fma(r, x.broadcast(1f));
    p = p.fma(r, x.broadcast(1f));
    FloatVector s = t.reinterpretAsInts().lanewise(LSHL, 23).reinterpretAsFloats();
    return p.mul(s).mul(x.broadcast(2f).blend(0x1p-63f, tiny));
  }

  /** log x = k·ln2 + log1p(m − 1), x = 2^k·m; see {@link ScalarMath#log(float)}. */
  static FloatVector log(FloatVector v) {
    IntVector bits = v.reinterpretAsInts();
    if (bits.add(LOG_WIDE_ADD_F).compare(GE, LOG_WIDE_MIN_F).anyTrue()) return logWide(v);
    IntVector jx = bits.add(LOG_OFFSET_F);
    FloatVector f = jx.and(0x7FFFFF).add(SQRT_HALF_F_BITS).reinterpretAsFloats().sub(1f);
    FloatVector k = jx.lanewise(LSHR, 23).add(SHIFT_F_BITS - 127).reinterpretAsFloats().sub(SHIFT_F);
    FloatVector f2 = f.mul(f);
    FloatVector p = f.fma(LOG_P7_F, LOG_P6_F);
    p = p.fma(f, v.broadcast(LOG_P5_F));
    p = p.fma(f, v.broadcast(LOG_P4_F));
    p = p.fma(f, v.broadcast(LOG_P3_F));
    p = p.fma(f, v.broadcast(LOG_P2_F));
    p = p.fma(f, v.broadcast(LOG_P1_F));
    p = p.fma(f, v.broadcast(LOG_P0_F));
    FloatVector w = f2.mul(f).fma(p, f2.mul(-0.5f));
    return k.fma(v.broadcast(LN2_HI_F), f.add(w.add(k.mul(LN2_LO_F))));
  }

  /** log x for lanes that include zero, subnormals, negatives, infinity or NaN. */
  private static FloatVector logWide(FloatVector v) {
    VectorMask<Float> sub = v.compare(LT, Float.MIN_NORMAL);
    FloatVector x = v.blend(v.mul(0x1p23f), sub);
    FloatVector bias = v.broadcast(0f).blend(23f, sub);
    IntVector jx = x.reinterpretAsInts().add(LOG_OFFSET_F);
    FloatVector f = jx.and(0x7FFFFF).add(SQRT_HALF_F_BITS).reinterpretAsFloats().sub(1f);
    FloatVector k = jx.lanewise(LSHR, 23).add(SHIFT_F_BITS - 127).reinterpretAsFloats().sub(SHIFT_F).sub(bias);
    FloatVector r = logCore(f, k, k.mul(LN2_LO_F));
    r = r.blend(Float.POSITIVE_INFINITY, v.compare(EQ, Float.POSITIVE_INFINITY));
    r = r.blend(Float.NEGATIVE_INFINITY, v.compare(EQ, 0f));
    return r.blend(Float.NaN, v.compare(GE, 0f).not());
  }

  /** k·ln2 + (f + (f³·P(f) − f²/2 + lo0)), as inlined in {@link #log}; see ScalarMath's logCore. */
  private static FloatVector logCore(FloatVector f, FloatVector k, FloatVector lo0) {
    FloatVector f2 = f.mul(f);
    FloatVector p = f.fma(LOG_P7_F, LOG_P6_F);
    p = p.fma(f, f.broadcast(LOG_P5_F));
    p = p.fma(f, f.broadcast(LOG_P4_F));
    p = p.fma(f, f.broadcast(LOG_P3_F));
    p = p.fma(f, f.broadcast(LOG_P2_F));
    p = p.fma(f, f.broadcast(LOG_P1_F));
    p = p.fma(f, f.broadcast(LOG_P0_F));
    FloatVector w = f2.mul(f).fma(p, f2.mul(-0.5f));
    return k.fma(f.broadcast(LN2_HI_F), f.add(w.add(lo0)));
  }

  /** log(1 + x) = log u + (1 + x − u)/u, u = fl(1 + x); see {@link ScalarMath#log1p(float)}. */
  static FloatVector log1p(FloatVector x) {
    FloatVector u = x.add(1f);
    IntVector ubits = u.reinterpretAsInts();
    if (ubits.add(LOG_WIDE_ADD_F).compare(GE, LOG_WIDE_MIN_F).anyTrue()) return log1pWide(x);
    FloatVector b = u.sub(1f);
    FloatVector c = x.broadcast(1f).sub(u.sub(b)).add(x.sub(b));
    IntVector jx = ubits.add(LOG_OFFSET_F);
    FloatVector f = jx.and(0x7FFFFF).add(SQRT_HALF_F_BITS).reinterpretAsFloats().sub(1f);
    FloatVector k = jx.lanewise(LSHR, 23).add(SHIFT_F_BITS - 127).reinterpretAsFloats().sub(SHIFT_F);
    FloatVector f2 = f.mul(f);
    FloatVector p = f.fma(LOG_P7_F, LOG_P6_F);
    p = p.fma(f, x.broadcast(LOG_P5_F));
    p = p.fma(f, x.broadcast(LOG_P4_F));
    p = p.fma(f, x.broadcast(LOG_P3_F));
    p = p.fma(f, x.broadcast(LOG_P2_F));
    p = p.fma(f, x.broadcast(LOG_P1_F));
    p = p.fma(f, x.broadcast(LOG_P0_F));
    FloatVector w = f2.mul(f).fma(p, f2.mul(-0.5f));
    FloatVector lo0 = k.fma(x.broadcast(LN2_LO_F), c.div(u));
    FloatVector r = k.fma(x.broadcast(LN2_HI_F), f.add(w.add(lo0)));
    return r.reinterpretAsInts().or(x.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
  }

  /** log1p for lanes that include x = +inf, x ≤ −1 or NaN. */
  private static FloatVector log1pWide(FloatVector x) {
    FloatVector u = x.add(1f);
    FloatVector b = u.sub(1f);
    FloatVector c = x.broadcast(1f).sub(u.sub(b)).add(x.sub(b));
    IntVector jx = u.reinterpretAsInts().add(LOG_OFFSET_F);
    FloatVector f = jx.and(0x7FFFFF).add(SQRT_HALF_F_BITS).reinterpretAsFloats().sub(1f);
    FloatVector k = jx.lanewise(LSHR, 23).add(SHIFT_F_BITS - 127).reinterpretAsFloats().sub(SHIFT_F);
    FloatVector r = logCore(f, k, k.fma(x.broadcast(LN2_LO_F), c.div(u)));
    r = r.blend(Float.POSITIVE_INFINITY, u.compare(EQ, Float.POSITIVE_INFINITY));
    r = r.blend(Float.NEGATIVE_INFINITY, u.compare(EQ, 0f));
    r = r.blend(Float.NaN, u.compare(GE, 0f).not());
    return r.reinterpretAsInts().or(x.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
  }

  /** tanh |x| = m/(m + 2), m = e^2|x| − 1, sign copied back; see {@link ScalarMath#tanh(float)}. */
  static FloatVector tanh(FloatVector v) {
    FloatVector a = v.abs();
    FloatVector y = a.add(a);
    y = y.blend(TANH_CLAMP_F, y.compare(GT, TANH_CLAMP_F));
    FloatVector t = y.fma(v.broadcast(LOG2E_F), v.broadcast(SHIFT_F + 127));
    FloatVector n = t.sub(SHIFT_F + 127);
    FloatVector r = n.fma(v.broadcast(-LN2_HI_F), y);
    r = n.fma(v.broadcast(-LN2_LO_F), r);
    FloatVector p = r.fma(EXP_C6_F, EXP_C5_F);
    p = p.fma(r, v.broadcast(EXP_C4_F));
    p = p.fma(r, v.broadcast(EXP_C3_F));
    p = p.fma(r, v.broadcast(EXP_C2_F));
    FloatVector q = r.mul(r).fma(p, r);
    FloatVector s = t.reinterpretAsInts().lanewise(LSHL, 23).reinterpretAsFloats();
    FloatVector m = s.fma(q, s.sub(1f));
    FloatVector th = m.div(m.add(2f));
    return th.reinterpretAsInts().or(v.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
  }

  /** 1/(1 + e^-x) as 1/(1 + e) or e/(1 + e), e = e^-|x|; see {@link ScalarMath#sigmoid(float)}. */
  static FloatVector sigmoid(FloatVector v) {
    FloatVector x = v.abs().neg();
    if (x.compare(LT, -EXP_FAST_F).anyTrue()) return sigmoidWide(v, x);
    // exp's fast path, repeated so that sigmoid is one method with one return of computed lanes.
    FloatVector t = x.fma(v.broadcast(LOG2E_F), v.broadcast(SHIFT_F + 127));
    FloatVector n = t.sub(SHIFT_F + 127);
    FloatVector r = n.fma(v.broadcast(-LN2_HI_F), x);
    r = n.fma(v.broadcast(-LN2_LO_F), r);
    FloatVector p = r.fma(EXP_C6_F, EXP_C5_F);
    p = p.fma(r, v.broadcast(EXP_C4_F));
    p = p.fma(r, v.broadcast(EXP_C3_F));
    p = p.fma(r, v.broadcast(EXP_C2_F));
    p = p.fma(r, v.broadcast(1f));
    p = p.fma(r, v.broadcast(1f));
    FloatVector e = p.mul(t.reinterpretAsInts().lanewise(LSHL, 23).reinterpretAsFloats());
    return v.broadcast(1f).blend(e, v.compare(LT, 0f)).div(e.add(1f));
  }

  private static FloatVector sigmoidWide(FloatVector v, FloatVector x) {
    FloatVector e = expWide(x);
    return v.broadcast(1f).blend(e, v.compare(LT, 0f)).div(e.add(1f));
  }

  // ---- double -----------------------------------------------------------------------------------

  /** e^x; see {@link ScalarMath#exp(double)}. */
  static DoubleVector exp(DoubleVector v) {
    if (v.abs().compare(GT, EXP_FAST_D).anyTrue()) return expWide(v);
    DoubleVector t = v.fma(v.broadcast(LOG2E_D), v.broadcast(SHIFT_D + 1023));
    DoubleVector n = t.sub(SHIFT_D + 1023);
    DoubleVector r = n.fma(v.broadcast(-LN2_HI_D), v);
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
    return p.mul(t.reinterpretAsLongs().lanewise(LSHL, 52).reinterpretAsDoubles());
  }

  private static DoubleVector expWide(DoubleVector v) {
    DoubleVector x = v.blend(EXP_MIN_D, v.compare(LT, EXP_MIN_D));
    x = x.blend(EXP_MAX_D, x.compare(GT, EXP_MAX_D));
    VectorMask<Double> tiny = x.compare(LT, EXP_TINY_D);
    DoubleVector magic = x.broadcast(SHIFT_D + 1022).blend(SHIFT_D + 1534, tiny);
    DoubleVector t = x.fma(x.broadcast(LOG2E_D), magic);
    DoubleVector n = t.sub(magic);
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
    DoubleVector s = t.reinterpretAsLongs().lanewise(LSHL, 52).reinterpretAsDoubles();
    return p.mul(s).mul(x.broadcast(2.0).blend(0x1p-511, tiny));
  }

  /** log x; see {@link ScalarMath#log(double)}. */
  static DoubleVector log(DoubleVector v) {
    LongVector bits = v.reinterpretAsLongs();
    if (bits.add(LOG_WIDE_ADD_D).compare(GE, LOG_WIDE_MIN_D).anyTrue()) return logWide(v);
    LongVector jx = bits.add(LOG_OFFSET_D);
    DoubleVector f = jx.and(0xFFFFFFFFFFFFFL).add(SQRT_HALF_D_BITS).reinterpretAsDoubles().sub(1.0);
    DoubleVector k = jx.lanewise(LSHR, 52).add(SHIFT_D_BITS - 1023).reinterpretAsDoubles().sub(SHIFT_D);
    return logCore(f, k, k.mul(LN2_LO_D));
  }

  private static DoubleVector logWide(DoubleVector v) {
    VectorMask<Double> sub = v.compare(LT, Double.MIN_NORMAL);
    DoubleVector x = v.blend(v.mul(0x1p52), sub);
    DoubleVector bias = v.broadcast(0.0).blend(52.0, sub);
    LongVector jx = x.reinterpretAsLongs().add(LOG_OFFSET_D);
    DoubleVector f = jx.and(0xFFFFFFFFFFFFFL).add(SQRT_HALF_D_BITS).reinterpretAsDoubles().sub(1.0);
    DoubleVector k = jx.lanewise(LSHR, 52).add(SHIFT_D_BITS - 1023).reinterpretAsDoubles().sub(SHIFT_D).sub(bias);
    DoubleVector r = logCore(f, k, k.mul(LN2_LO_D));
    r = r.blend(Double.POSITIVE_INFINITY, v.compare(EQ, Double.POSITIVE_INFINITY));
    r = r.blend(Double.NEGATIVE_INFINITY, v.compare(EQ, 0.0));
    return r.blend(Double.NaN, v.compare(GE, 0.0).not());
  }

  /** log(1 + x); see {@link ScalarMath#log1p(double)}. */
  static DoubleVector log1p(DoubleVector x) {
    DoubleVector u = x.add(1.0);
    if (u.reinterpretAsLongs().add(LOG_WIDE_ADD_D).compare(GE, LOG_WIDE_MIN_D).anyTrue()) return log1pWide(x);
    return log1pOf(x, u);
  }

  /** log1p for lanes that include x = +inf, x ≤ −1 or NaN. */
  private static DoubleVector log1pWide(DoubleVector x) {
    DoubleVector u = x.add(1.0);
    DoubleVector r = log1pOf(x, u);
    r = r.blend(Double.POSITIVE_INFINITY, u.compare(EQ, Double.POSITIVE_INFINITY));
    r = r.blend(Double.NEGATIVE_INFINITY, u.compare(EQ, 0.0));
    r = r.blend(Double.NaN, u.compare(GE, 0.0).not());
    return r.reinterpretAsLongs().or(x.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles();
  }

  /** log u + (1 + x − u)/u with the sign of x, for u = fl(1 + x) a positive normal. */
  private static DoubleVector log1pOf(DoubleVector x, DoubleVector u) {
    DoubleVector b = u.sub(1.0);
    DoubleVector c = x.broadcast(1.0).sub(u.sub(b)).add(x.sub(b));
    LongVector jx = u.reinterpretAsLongs().add(LOG_OFFSET_D);
    DoubleVector f = jx.and(0xFFFFFFFFFFFFFL).add(SQRT_HALF_D_BITS).reinterpretAsDoubles().sub(1.0);
    DoubleVector k = jx.lanewise(LSHR, 52).add(SHIFT_D_BITS - 1023).reinterpretAsDoubles().sub(SHIFT_D);
    DoubleVector r = logCore(f, k, k.fma(x.broadcast(LN2_LO_D), c.div(u)));
    return r.reinterpretAsLongs().or(x.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles();
  }

  /** k·ln2 + log1p(f) with s = f/(2 + f); see ScalarMath's logCore. */
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
    DoubleVector th = tanhLarge(a).blend(tanhPoly(a), a.compare(LT, TANH_SPLIT_D));
    return th.reinterpretAsLongs().or(v.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles();
  }

  /** m/(m + 2) with m = e^2a − 1 = fma(2^n, q, 2^n − 1), q = e^r − 1; see ScalarMath's tanh. */
  private static DoubleVector tanhLarge(DoubleVector a) {
    DoubleVector y = a.add(a);
    y = y.blend(TANH_CLAMP_D, y.compare(GT, TANH_CLAMP_D));
    DoubleVector t = y.fma(a.broadcast(LOG2E_D), a.broadcast(SHIFT_D + 1023));
    DoubleVector n = t.sub(SHIFT_D + 1023);
    DoubleVector r = n.fma(a.broadcast(-LN2_HI_D), y);
    r = n.fma(a.broadcast(-LN2_LO_D), r);
    DoubleVector p = r.fma(EXP_C11_D, EXP_C10_D);
    p = p.fma(r, a.broadcast(EXP_C9_D));
    p = p.fma(r, a.broadcast(EXP_C8_D));
    p = p.fma(r, a.broadcast(EXP_C7_D));
    p = p.fma(r, a.broadcast(EXP_C6_D));
    p = p.fma(r, a.broadcast(EXP_C5_D));
    p = p.fma(r, a.broadcast(EXP_C4_D));
    p = p.fma(r, a.broadcast(EXP_C3_D));
    p = p.fma(r, a.broadcast(EXP_C2_D));
    DoubleVector q = r.mul(r).fma(p, r);
    DoubleVector s = t.reinterpretAsLongs().lanewise(LSHL, 52).reinterpretAsDoubles();
    DoubleVector m = s.fma(q, s.sub(1.0));
    return m.div(m.add(2.0));
  }

  /** a + a³·P(a²) for 0 ≤ a < 0.625; see ScalarMath's tanhPoly. */
  private static DoubleVector tanhPoly(DoubleVector a) {
    DoubleVector z = a.mul(a);
    DoubleVector p = z.fma(TANH_P11_D, TANH_P10_D);
    p = p.fma(z, a.broadcast(TANH_P9_D));
    p = p.fma(z, a.broadcast(TANH_P8_D));
    p = p.fma(z, a.broadcast(TANH_P7_D));
    p = p.fma(z, a.broadcast(TANH_P6_D));
    p = p.fma(z, a.broadcast(TANH_P5_D));
    p = p.fma(z, a.broadcast(TANH_P4_D));
    p = p.fma(z, a.broadcast(TANH_P3_D));
    p = p.fma(z, a.broadcast(TANH_P2_D));
    p = p.fma(z, a.broadcast(TANH_P1_D));
    p = p.fma(z, a.broadcast(TANH_P0_D));
    return p.mul(z).fma(a, a);
  }

  /**
   * 1/(1 + e^-x), corrected for the rounding of 1 + e; see {@link ScalarMath#sigmoid(double)}. Calls
   * exp rather than repeating its fast path as the float version does, which would take this method
   * past C2's 325-byte inlining limit; exp's wide path needs |x| > 708, rare enough not to matter.
   */
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
