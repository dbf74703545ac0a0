package dev.jgrad.autograd.kernels;

/**
 * Elementary functions built only from exactly rounded IEEE operations (add, sub, mul, div, fma,
 * compares and integer bit tricks), so that each result is one fixed function of the input
 * bits on every JVM and at every stage of compilation. {@code Math.exp} and friends promise only an
 * ulp bound, and the Vector API's {@code lanewise(EXP)} differs between its Java fallback and the
 * JIT's intrinsic stubs, which made a program's last bits change once C2 compiled a loop.
 *
 * <p>Each method is the scalar twin of the method of the same name in {@link VectorMath}: the same
 * operations on the same constants in the same order, fma where the vector uses fma and nowhere
 * else. So a scalar result is bit-identical to every lane of the vector result, and a vector loop
 * may finish its tail here, or run here entirely when SIMD is off, without changing a bit. Any edit
 * here must be mirrored there (VectorMathTwinTest checks it). This class must not touch
 * {@code jdk.incubator.vector}: it runs on JVMs without that module. The constants live here and
 * VectorMath reads them, so the two cannot drift apart.
 *
 * <p>Accuracy, measured by VectorMathAccuracyTest against StrictMath (float) and double-double
 * (double) references, is listed on each method as a bound a little above the largest error found:
 * float over all 2^32 inputs, double over 10^7 random ones, subnormals and specials included.
 */
final class ScalarMath {
  private ScalarMath() {}

  // ---- float constants --------------------------------------------------------------------------

  /** exp: below this the float result rounds to 0 and above it to +inf; clamping keeps n small. */
  static final float EXP_MIN_F = -104f;
  static final float EXP_MAX_F = 89f;
  /** Below this, results are near or under the normal range: 2^n is applied as 2^(n+63)·2^-63. */
  static final float EXP_TINY_F = -80f;
  /** For |x| ≤ 87, 2^n is a normal float and exp needs neither clamps nor a second factor. */
  static final float EXP_FAST_F = 87f;
  static final float LOG2E_F = 1.4426950216293335f;
  /** 1.5·2^23: adding it rounds to an integer, which then sits in the low mantissa bits. */
  static final float SHIFT_F = 0x1.8p23f;
  static final int SHIFT_F_BITS = 0x4B400000;
  /** ln 2 = LN2_HI + LN2_LO; with fma, x − n·LN2_HI is exact for the n that occur. */
  static final float LN2_HI_F = 0.6931471824645996f;
  static final float LN2_LO_F = -1.9046542121259336e-09f;
  /** e^r ≈ 1 + r + r²(C2 + C3·r + … + C6·r⁴) on |r| ≤ ln2/2: Remez fit, relative error 2^-28.3. */
  static final float EXP_C2_F = 0.4999999403953552f;
  static final float EXP_C3_F = 0.1666652113199234f;
  static final float EXP_C4_F = 0.04166838899254799f;
  static final float EXP_C5_F = 0.008368715643882751f;
  static final float EXP_C6_F = 0.0013814603444188833f;
  /** Bits of 1.0 minus bits of sqrt(1/2): adding it puts mantissas in [sqrt(1/2), sqrt(2)). */
  static final int LOG_OFFSET_F = 0x3F800000 - 0x3F3504F3;
  static final int SQRT_HALF_F_BITS = 0x3F3504F3;
  /**
   * x is a positive normal float iff bits − MIN_NORMAL_BITS < INF_BITS − MIN_NORMAL_BITS unsigned,
   * that is, with 2^31 added to both sides, iff bits + LOG_WIDE_ADD_F < LOG_WIDE_MIN_F signed.
   */
  static final int LOG_WIDE_ADD_F = 0x80000000 - 0x00800000;
  static final int LOG_WIDE_MIN_F = (0x7F800000 - 0x00800000) ^ 0x80000000;
  /** log1p(f) ≈ f − f²/2 + f³·P(f) on [sqrt(1/2) − 1, sqrt(2) − 1], P of degree 7: error 2^-27.4. */
  static final float LOG_P0_F = 0.3333333134651184f;
  static final float LOG_P1_F = -0.2500081956386566f;
  static final float LOG_P2_F = 0.20001226663589478f;
  static final float LOG_P3_F = -0.16623356938362122f;
  static final float LOG_P4_F = 0.14201757311820984f;
  static final float LOG_P5_F = -0.13160181045532227f;
  static final float LOG_P6_F = 0.127615824341774f;
  static final float LOG_P7_F = -0.0763450562953949f;
  /** tanh takes e^2|x| − 1 at min(2|x|, 40), where tanh has long rounded to ±1. */
  static final float TANH_CLAMP_F = 40f;

  // ---- double constants -------------------------------------------------------------------------

  static final double EXP_MIN_D = -746;
  static final double EXP_MAX_D = 710;
  static final double EXP_TINY_D = -700;
  static final double EXP_FAST_D = 708;
  static final double LOG2E_D = 1.4426950408889634;
  static final double SHIFT_D = 0x1.8p52;
  static final long SHIFT_D_BITS = 0x4338000000000000L;
  static final double LN2_HI_D = 0.6931471805599453;
  static final double LN2_LO_D = 2.3190468138462996e-17;
  /** e^r ≈ 1 + r + r²(C2 + … + C11·r⁹) on |r| ≤ ln2/2: Remez fit, relative error 2^-56.8. */
  static final double EXP_C2_D = 0.500000000000001;
  static final double EXP_C3_D = 0.16666666666666674;
  static final double EXP_C4_D = 0.04166666666652261;
  static final double EXP_C5_D = 0.008333333333322259;
  static final double EXP_C6_D = 0.0013888888947673622;
  static final double EXP_C7_D = 0.00019841269886470935;
  static final double EXP_C8_D = 2.4801487463372238e-05;
  static final double EXP_C9_D = 2.755724244903901e-06;
  static final double EXP_C10_D = 2.7632611397794525e-07;
  static final double EXP_C11_D = 2.5110013488542183e-08;
  static final long LOG_OFFSET_D = 0x3FF0000000000000L - 0x3FE6A09E667F3BCDL;
  static final long SQRT_HALF_D_BITS = 0x3FE6A09E667F3BCDL;
  static final long LOG_WIDE_ADD_D = 0x8000000000000000L - 0x0010000000000000L;
  static final long LOG_WIDE_MIN_D = (0x7FF0000000000000L - 0x0010000000000000L) ^ 0x8000000000000000L;
  /** R(z) ≈ L1·z + … + L7·z⁷ on z ≤ 0.0295: Remez fit, error 2^-57.6. */
  static final double LOG_L1_D = 0.666666666666671;
  static final double LOG_L2_D = 0.39999999999520597;
  static final double LOG_L3_D = 0.28571428729144166;
  static final double LOG_L4_D = 0.22222199101130413;
  static final double LOG_L5_D = 0.1818357121153183;
  static final double LOG_L6_D = 0.15313168511175201;
  static final double LOG_L7_D = 0.14810512707381018;
  static final double TANH_CLAMP_D = 40;
  /** Double tanh uses the odd polynomial below this (m/(m + 2) lost up to 2.6 ulps there). */
  static final double TANH_SPLIT_D = 0.625;
  /** tanh x ≈ x + x³·P(x²) on |x| ≤ 0.625, P of degree 11: Remez fit, relative error 2^-60.3. */
  static final double TANH_P0_D = -0.33333333333333326;
  static final double TANH_P1_D = 0.13333333333331146;
  static final double TANH_P2_D = -0.05396825396664148;
  static final double TANH_P3_D = 0.02186948848062181;
  static final double TANH_P4_D = -0.008863234450804251;
  static final double TANH_P5_D = 0.003592114973173262;
  static final double TANH_P6_D = -0.0014557301743122924;
  static final double TANH_P7_D = 0.0005894626841125534;
  static final double TANH_P8_D = -0.00023702562178619445;
  static final double TANH_P9_D = 9.155835284487014e-05;
  static final double TANH_P10_D = -3.0166059508615462e-05;
  static final double TANH_P11_D = 6.025176620534699e-06;

  // ---- float ------------------------------------------------------------------------------------

  /**
   * e^x = 2^n·e^r with n = round(x/ln2), r = x − n·ln2 (Cody–Waite, two fmas), e^r by a degree-6
   * polynomial. For |x| ≤ 87, 2^n is one normal float; beyond, {@link #expWide} clamps and applies
   * 2^n as two normal factors so that subnormal results round once and 2^128 does not overflow
   * early. The two paths agree where both apply. Within 1 ulp.
   */
  static float exp(float v) {
    if (Math.abs(v) > EXP_FAST_F) return expWide(v);
    float t = Math.fma(v, LOG2E_F, SHIFT_F + 127);
    float p = expReduced(v, t - (SHIFT_F + 127));
    // n + 127 sits in t's low mantissa bits: shifted into the exponent field it is 2^n.
    return p * Float.intBitsToFloat(Float.floatToRawIntBits(t) << 23);
  }

  /** e^x on the whole line: 2^n as 2^(n−1)·2, or 2^(n+63)·2^-63 near the subnormal range. */
  private static float expWide(float v) {
    float x = v < EXP_MIN_F ? EXP_MIN_F : v;
    x = x > EXP_MAX_F ? EXP_MAX_F : x;
    boolean tiny = x < EXP_TINY_F;
    float magic = tiny ? SHIFT_F + 190 : SHIFT_F + 126;
    float t = Math.fma(x, LOG2E_F, magic);
    float p = expReduced(x, t - magic);
    return p * Float.intBitsToFloat(Float.floatToRawIntBits(t) << 23) * (tiny ? 0x1p-63f : 2f);
  }

  /** e^r for r = x − n·ln2, as 1 + r·(1 + r·(C2 + C3·r + … + C6·r⁴)). */
  private static float expReduced(float x, float n) {
    float r = Math.fma(n, -LN2_HI_F, x);
    r = Math.fma(n, -LN2_LO_F, r);
    float p = Math.fma(expPoly(r), r, 1f);
    return Math.fma(p, r, 1f);
  }

  /** (e^r − 1 − r)/r² ≈ C2 + C3·r + … + C6·r⁴ on |r| ≤ ln2/2. */
  private static float expPoly(float r) {
    float p = Math.fma(r, EXP_C6_F, EXP_C5_F);
    p = Math.fma(p, r, EXP_C4_F);
    p = Math.fma(p, r, EXP_C3_F);
    return Math.fma(p, r, EXP_C2_F);
  }

  /**
   * log x = k·ln2 + log1p(m − 1) with x = 2^k·m, m in [sqrt(1/2), sqrt(2)) taken from the bits.
   * Zero, subnormals, negatives, infinity and NaN go to {@link #logWide}. Within 1 ulp.
   */
  static float log(float v) {
    if (Float.floatToRawIntBits(v) + LOG_WIDE_ADD_F >= LOG_WIDE_MIN_F) {
      return logWide(v);
    }
    int jx = Float.floatToRawIntBits(v) + LOG_OFFSET_F;
    float m = Float.intBitsToFloat((jx & 0x7FFFFF) + SQRT_HALF_F_BITS);
    float k = Float.intBitsToFloat((jx >>> 23) + (SHIFT_F_BITS - 127)) - SHIFT_F;
    return logCore(m - 1f, k, k * LN2_LO_F);
  }

  /** log x for any x: subnormals scaled by 2^23 first, then the special values. */
  private static float logWide(float v) {
    boolean sub = v < Float.MIN_NORMAL;
    float x = sub ? v * 0x1p23f : v;
    float bias = sub ? 23f : 0f;
    int jx = Float.floatToRawIntBits(x) + LOG_OFFSET_F;
    float m = Float.intBitsToFloat((jx & 0x7FFFFF) + SQRT_HALF_F_BITS);
    float k = Float.intBitsToFloat((jx >>> 23) + (SHIFT_F_BITS - 127)) - SHIFT_F - bias;
    float r = logCore(m - 1f, k, k * LN2_LO_F);
    r = v == Float.POSITIVE_INFINITY ? Float.POSITIVE_INFINITY : r;
    r = v == 0f ? Float.NEGATIVE_INFINITY : r;
    return v >= 0f ? r : Float.NaN;
  }

  /**
   * log1p x = log u + (1 + x − u)/u with u = fl(1 + x), the rounding error of u found exactly by
   * TwoSum. The result has x's sign, which is ORed in: that keeps log1p(−0) = −0. Within 1 ulp.
   */
  static float log1p(float x) {
    float u = x + 1f;
    float b = u - 1f;
    float c = (1f - (u - b)) + (x - b);
    int jx = Float.floatToRawIntBits(u) + LOG_OFFSET_F;
    float m = Float.intBitsToFloat((jx & 0x7FFFFF) + SQRT_HALF_F_BITS);
    float k = Float.intBitsToFloat((jx >>> 23) + (SHIFT_F_BITS - 127)) - SHIFT_F;
    float r = logCore(m - 1f, k, Math.fma(k, LN2_LO_F, c / u));
    if (Float.floatToRawIntBits(u) + LOG_WIDE_ADD_F >= LOG_WIDE_MIN_F) {
      r = log1pSpecial(u, r);
    }
    return Float.intBitsToFloat(Float.floatToRawIntBits(r) | (Float.floatToRawIntBits(x) & 0x80000000));
  }

  /** log1p for u = 1 + x outside the positive normals: x = +inf, x = −1, x < −1 or NaN. */
  private static float log1pSpecial(float u, float r) {
    r = u == Float.POSITIVE_INFINITY ? Float.POSITIVE_INFINITY : r;
    r = u == 0f ? Float.NEGATIVE_INFINITY : r;
    return u >= 0f ? r : Float.NaN;
  }

  /**
   * k·ln2 + log1p(f) for f in [sqrt(1/2) − 1, sqrt(2) − 1], as k·LN2_HI + (f + (w + lo0)) with
   * w = f³·P(f) − f²/2: f and k·LN2_HI are exact and the rounding falls on the smaller terms; lo0
   * carries k·LN2_LO and any correction. A polynomial rather than fdlibm's s = f/(2 + f): no division.
   */
  private static float logCore(float f, float k, float lo0) {
    float f2 = f * f;
    float p = Math.fma(f, LOG_P7_F, LOG_P6_F);
    p = Math.fma(p, f, LOG_P5_F);
    p = Math.fma(p, f, LOG_P4_F);
    p = Math.fma(p, f, LOG_P3_F);
    p = Math.fma(p, f, LOG_P2_F);
    p = Math.fma(p, f, LOG_P1_F);
    p = Math.fma(p, f, LOG_P0_F);
    float w = Math.fma(f2 * f, p, f2 * -0.5f);
    return Math.fma(k, LN2_HI_F, f + (w + lo0));
  }

  /**
   * tanh |x| = m/(m + 2) with m = e^2|x| − 1 = 2^n·(1 + q) − 1 = fma(2^n, q, 2^n − 1), q = e^r − 1;
   * no cancellation anywhere, so one formula serves from subnormals (m/2 = |x|) to saturation (m + 2
   * rounds to m, giving exactly 1). The sign is copied back: odd, and tanh(−0) = −0. Within 3 ulps.
   */
  static float tanh(float v) {
    float a = Math.abs(v);
    float y = a + a;
    y = y > TANH_CLAMP_F ? TANH_CLAMP_F : y;
    float t = Math.fma(y, LOG2E_F, SHIFT_F + 127);
    float n = t - (SHIFT_F + 127);
    float r = Math.fma(n, -LN2_HI_F, y);
    r = Math.fma(n, -LN2_LO_F, r);
    float q = Math.fma(r * r, expPoly(r), r);
    float s = Float.intBitsToFloat(Float.floatToRawIntBits(t) << 23);
    float m = Math.fma(s, q, s - 1f);
    float th = m / (m + 2f);
    return Float.intBitsToFloat(Float.floatToRawIntBits(th) | (Float.floatToRawIntBits(v) & 0x80000000));
  }

  /** 1/(1 + e^-x) as 1/(1 + e) for x ≥ 0 and e/(1 + e) below, e = e^-|x| ≤ 1. Within 3 ulps. */
  static float sigmoid(float v) {
    float e = exp(-Math.abs(v));
    float d = e + 1f;
    return (v < 0f ? e : 1f) / d;
  }

  // ---- double -----------------------------------------------------------------------------------

  /** e^x, as {@link #exp(float)} with a degree-11 polynomial and the fast path for |x| ≤ 708. Within 1 ulp. */
  static double exp(double v) {
    if (Math.abs(v) > EXP_FAST_D) return expWide(v);
    double t = Math.fma(v, LOG2E_D, SHIFT_D + 1023);
    double p = expReduced(v, t - (SHIFT_D + 1023));
    return p * Double.longBitsToDouble(Double.doubleToRawLongBits(t) << 52);
  }

  /** As {@link #expWide(float)}: 2^n as 2^(n−1)·2, or 2^(n+511)·2^-511. */
  private static double expWide(double v) {
    double x = v < EXP_MIN_D ? EXP_MIN_D : v;
    x = x > EXP_MAX_D ? EXP_MAX_D : x;
    boolean tiny = x < EXP_TINY_D;
    double magic = tiny ? SHIFT_D + 1534 : SHIFT_D + 1022;
    double t = Math.fma(x, LOG2E_D, magic);
    double p = expReduced(x, t - magic);
    return p * Double.longBitsToDouble(Double.doubleToRawLongBits(t) << 52) * (tiny ? 0x1p-511 : 2.0);
  }

  private static double expReduced(double x, double n) {
    double r = Math.fma(n, -LN2_HI_D, x);
    r = Math.fma(n, -LN2_LO_D, r);
    double p = Math.fma(expPoly(r), r, 1.0);
    return Math.fma(p, r, 1.0);
  }

  /** (e^r − 1 − r)/r² ≈ C2 + C3·r + … + C11·r⁹. */
  private static double expPoly(double r) {
    double p = Math.fma(r, EXP_C11_D, EXP_C10_D);
    p = Math.fma(p, r, EXP_C9_D);
    p = Math.fma(p, r, EXP_C8_D);
    p = Math.fma(p, r, EXP_C7_D);
    p = Math.fma(p, r, EXP_C6_D);
    p = Math.fma(p, r, EXP_C5_D);
    p = Math.fma(p, r, EXP_C4_D);
    p = Math.fma(p, r, EXP_C3_D);
    return Math.fma(p, r, EXP_C2_D);
  }

  /** log x, as {@link #log(float)} with fdlibm's s = f/(2 + f) and a degree-7 R(s²). Within 1 ulp. */
  static double log(double v) {
    if (Double.doubleToRawLongBits(v) + LOG_WIDE_ADD_D >= LOG_WIDE_MIN_D) {
      return logWide(v);
    }
    long jx = Double.doubleToRawLongBits(v) + LOG_OFFSET_D;
    double m = Double.longBitsToDouble((jx & 0xFFFFFFFFFFFFFL) + SQRT_HALF_D_BITS);
    double k = Double.longBitsToDouble((jx >>> 52) + (SHIFT_D_BITS - 1023)) - SHIFT_D;
    return logCore(m - 1.0, k, k * LN2_LO_D);
  }

  private static double logWide(double v) {
    boolean sub = v < Double.MIN_NORMAL;
    double x = sub ? v * 0x1p52 : v;
    double bias = sub ? 52.0 : 0.0;
    long jx = Double.doubleToRawLongBits(x) + LOG_OFFSET_D;
    double m = Double.longBitsToDouble((jx & 0xFFFFFFFFFFFFFL) + SQRT_HALF_D_BITS);
    double k = Double.longBitsToDouble((jx >>> 52) + (SHIFT_D_BITS - 1023)) - SHIFT_D - bias;
    double r = logCore(m - 1.0, k, k * LN2_LO_D);
    r = v == Double.POSITIVE_INFINITY ? Double.POSITIVE_INFINITY : r;
    r = v == 0.0 ? Double.NEGATIVE_INFINITY : r;
    return v >= 0.0 ? r : Double.NaN;
  }

  /** log1p x, as {@link #log1p(float)}. Within 1 ulp. */
  static double log1p(double x) {
    double u = x + 1.0;
    double b = u - 1.0;
    double c = (1.0 - (u - b)) + (x - b);
    long jx = Double.doubleToRawLongBits(u) + LOG_OFFSET_D;
    double m = Double.longBitsToDouble((jx & 0xFFFFFFFFFFFFFL) + SQRT_HALF_D_BITS);
    double k = Double.longBitsToDouble((jx >>> 52) + (SHIFT_D_BITS - 1023)) - SHIFT_D;
    double r = logCore(m - 1.0, k, Math.fma(k, LN2_LO_D, c / u));
    if (Double.doubleToRawLongBits(u) + LOG_WIDE_ADD_D >= LOG_WIDE_MIN_D) {
      r = log1pSpecial(u, r);
    }
    return Double.longBitsToDouble(Double.doubleToRawLongBits(r) | (Double.doubleToRawLongBits(x) & Long.MIN_VALUE));
  }

  private static double log1pSpecial(double u, double r) {
    r = u == Double.POSITIVE_INFINITY ? Double.POSITIVE_INFINITY : r;
    r = u == 0.0 ? Double.NEGATIVE_INFINITY : r;
    return u >= 0.0 ? r : Double.NaN;
  }

  /**
   * k·ln2 + log1p(f) as k·LN2_HI − ((f²/2 − (s·(f²/2 + R) + lo0)) − f), s = f/(2 + f), R ≈
   * log((1+s)/(1−s)) − 2s as a polynomial in s²: in double a direct polynomial in f would need some
   * 20 terms, and this form keeps the rounding of s out of the leading terms.
   */
  private static double logCore(double f, double k, double lo0) {
    double s = f / (f + 2.0);
    double z = s * s;
    double rz = Math.fma(z, LOG_L7_D, LOG_L6_D);
    rz = Math.fma(rz, z, LOG_L5_D);
    rz = Math.fma(rz, z, LOG_L4_D);
    rz = Math.fma(rz, z, LOG_L3_D);
    rz = Math.fma(rz, z, LOG_L2_D);
    rz = Math.fma(rz, z, LOG_L1_D) * z;
    double hfsq = f * 0.5 * f;
    double lo = Math.fma(s, hfsq + rz, lo0);
    return Math.fma(k, LN2_HI_D, -(hfsq - lo - f));
  }

  /**
   * tanh x, as {@link #tanh(float)} for |x| ≥ 0.625, and x + x³·P(x²) below, where the rounding of
   * m = e^2|x| − 1 alone cost 2 ulps. Within 2 ulps.
   */
  static double tanh(double v) {
    double a = Math.abs(v);
    double y = a + a;
    y = y > TANH_CLAMP_D ? TANH_CLAMP_D : y;
    double t = Math.fma(y, LOG2E_D, SHIFT_D + 1023);
    double n = t - (SHIFT_D + 1023);
    double r = Math.fma(n, -LN2_HI_D, y);
    r = Math.fma(n, -LN2_LO_D, r);
    double q = Math.fma(r * r, expPoly(r), r);
    double s = Double.longBitsToDouble(Double.doubleToRawLongBits(t) << 52);
    double m = Math.fma(s, q, s - 1.0);
    double th = m / (m + 2.0);
    th = a < TANH_SPLIT_D ? tanhPoly(a) : th;
    return Double.longBitsToDouble(Double.doubleToRawLongBits(th) | (Double.doubleToRawLongBits(v) & Long.MIN_VALUE));
  }

  /** tanh a = a + a³·P(a²) for 0 ≤ a < 0.625. */
  private static double tanhPoly(double a) {
    double z = a * a;
    double p = Math.fma(z, TANH_P11_D, TANH_P10_D);
    p = Math.fma(p, z, TANH_P9_D);
    p = Math.fma(p, z, TANH_P8_D);
    p = Math.fma(p, z, TANH_P7_D);
    p = Math.fma(p, z, TANH_P6_D);
    p = Math.fma(p, z, TANH_P5_D);
    p = Math.fma(p, z, TANH_P4_D);
    p = Math.fma(p, z, TANH_P3_D);
    p = Math.fma(p, z, TANH_P2_D);
    p = Math.fma(p, z, TANH_P1_D);
    p = Math.fma(p, z, TANH_P0_D);
    return Math.fma(p * z, a, a);
  }

  /**
   * sigmoid x, as {@link #sigmoid(float)} plus one correction for the rounding of 1 + e, which
   * alone took the error past 2 ulps: d + dl = 1 + e exactly, y·(1 − dl/d) ≈ num/(d + dl), and 1/d
   * is at hand as y or 1 − y. Within 2 ulps.
   */
  static double sigmoid(double v) {
    double e = exp(-Math.abs(v));
    double d = e + 1.0;
    double dl = (1.0 - d) + e;
    boolean neg = v < 0.0;
    double y = (neg ? e : 1.0) / d;
    double inv = neg ? 1.0 - y : y;
    // Not fma(-y, dl·inv, y): NaN operands of opposite signs would make the result's sign bit
    // depend on which operand the JIT's fma form puts first.
    return y - y * (dl * inv);
  }
}
