package dev.jgrad.autograd.kernels;

/**
 * References for the ulp tests of {@link ScalarMath} and {@link VectorMath}: float functions from
 * StrictMath in double (its error, below 2^-52, is 2^-29 of a float ulp), double functions in
 * double-double arithmetic (about 2^-90 relative), since StrictMath's own 1-ulp error would blur a
 * 2-ulp bound. A reference is (hi + lo)·2^scale, so that exp's subnormal results keep all their bits.
 */
final class MathReference {
  private MathReference() {}

  /** The exact value (hi + lo)·2^scale, hi carrying the leading bits. */
  record Ref(double hi, double lo, int scale) {
    static Ref of(double v) {
      return new Ref(v, 0, 0);
    }
  }

  private static final double LN2_HI = 0x1.62e42fefa39efp-1;
  private static final double LN2_LO = 0x1.abc9e3b39803fp-56;

  // ---- ulp error --------------------------------------------------------------------------------

  /** |y − ref| in ulps of the float that ref rounds to; infinities count as 2^128. */
  static double ulpErrorFloat(float y, double ref) {
    return ulpError(y, new Ref(ref, 0, 0), 24, -126, 128);
  }

  /** |y − ref| in ulps of the double that ref rounds to; infinities count as 2^1024. */
  static double ulpErrorDouble(double y, Ref ref) {
    return ulpError(y, ref, 53, -1022, 1024);
  }

  /**
   * The error of y in units of the last place of a format with p bits, minimum normal exponent
   * emin and overflow threshold 2^emax. Equal values, NaN against NaN and an infinity against a
   * reference that rounds to it are 0; NaN against a number is +inf.
   */
  private static double ulpError(double y, Ref ref, int p, int emin, int emax) {
    double r = ref.hi() + ref.lo();
    if (Double.isNaN(y) || Double.isNaN(r)) return Double.isNaN(y) && Double.isNaN(r) ? 0 : Double.POSITIVE_INFINITY;
    if (y == Math.scalb(r, ref.scale()) && (y != 0 || r == 0)) return 0;
    if (Double.isInfinite(r)) return Double.isInfinite(y) && y == r ? 0 : Double.POSITIVE_INFINITY;
    // Beyond 2^emax·(1 − 2^−(p+1)) the exact value rounds to infinity.
    boolean overflows = Math.getExponent(r) + ref.scale() >= emax
        || Math.abs(Math.scalb(r, ref.scale() - emax)) >= 1 - Math.scalb(1.0, -p - 1);
    if (Double.isInfinite(y) && overflows && Math.signum(y) == Math.signum(r)) return 0;
    int e = r == 0 ? emin : Math.max(Math.getExponent(r) + ref.scale(), emin);
    if (e >= emax) e = emax - 1;
    int ulpExp = e - (p - 1); // ulp = 2^ulpExp
    double ys;
    if (Double.isInfinite(y)) {
      ys = Math.copySign(Math.scalb(1.0, emax - ref.scale()), y);
    } else {
      ys = Math.scalb(y, -ref.scale());
    }
    double d = (ys - ref.hi()) - ref.lo();
    return Math.abs(Math.scalb(d, ref.scale() - ulpExp));
  }

  // ---- float references -------------------------------------------------------------------------

  static double expF(float x) {
    return StrictMath.exp(x);
  }

  static double logF(float x) {
    return StrictMath.log(x);
  }

  static double log1pF(float x) {
    return StrictMath.log1p(x);
  }

  static double tanhF(float x) {
    return StrictMath.tanh(x);
  }

  static double sigmoidF(float x) {
    double e = StrictMath.exp(-Math.abs((double) x));
    return (x < 0 ? e : 1) / (1 + e);
  }

  // ---- double references ------------------------------------------------------------------------

  /** e^x: x = n·ln2 + r, e^r = (e^(r/1024))^1024 by ten squarings of expm1, Taylor for r/1024. */
  static Ref exp(double x) {
    if (Double.isNaN(x)) return Ref.of(Double.NaN);
    if (x > 800) return Ref.of(Double.POSITIVE_INFINITY);
    if (x < -800) return Ref.of(0);
    double n = Math.rint(x * 1.4426950408889634);
    double[] p = mul(n, 0, LN2_HI, LN2_LO);
    double[] r = add(x, 0, -p[0], -p[1]);
    double rh = Math.scalb(r[0], -10);
    double rl = Math.scalb(r[1], -10);
    // q = expm1(r/1024) = r(1 + r/2(1 + r/3(1 + ...)))
    double qh = 0;
    double ql = 0;
    for (int k = 12; k >= 1; k--) {
      double[] s = add(1, 0, qh, ql);
      double[] m = mul(rh, rl, s[0], s[1]);
      qh = m[0] / k;
      double[] back = mul(qh, 0, k, 0);
      double[] rem = add(m[0], m[1], -back[0], -back[1]);
      ql = rem[0] / k;
      double[] norm = add(qh, ql, 0, 0);
      qh = norm[0];
      ql = norm[1];
    }
    for (int i = 0; i < 10; i++) {
      // (1 + q)^2 = 1 + (2q + q^2)
      double[] q2 = mul(qh, ql, qh, ql);
      double[] s = add(2 * qh, 2 * ql, q2[0], q2[1]);
      qh = s[0];
      ql = s[1];
    }
    double[] e = add(1, 0, qh, ql);
    return new Ref(e[0], e[1], (int) n);
  }

  /** log x by one Newton step on StrictMath.log, or the series of log1p(x − 1) near 1. */
  static Ref log(double x) {
    if (Double.isNaN(x) || x < 0) return Ref.of(Double.NaN);
    if (x == 0) return Ref.of(Double.NEGATIVE_INFINITY);
    if (x == Double.POSITIVE_INFINITY) return Ref.of(x);
    if (Math.abs(x - 1) < 0x1p-6) return log1pSeries(x - 1, 0);
    return newton(StrictMath.log(x), x, 0);
  }

  /** log(1 + x), 1 + x held exactly as a double-double. */
  static Ref log1p(double x) {
    if (Double.isNaN(x) || x < -1) return Ref.of(Double.NaN);
    if (x == -1) return Ref.of(Double.NEGATIVE_INFINITY);
    if (x == Double.POSITIVE_INFINITY) return Ref.of(x);
    if (Math.abs(x) < 0x1p-6) return log1pSeries(x, 0);
    double[] u = add(1, 0, x, 0);
    return newton(StrictMath.log1p(x), u[0], u[1]);
  }

  /** y0 + log(u·e^−y0) ≈ y0 + d − d²/2 with d = u·e^−y0 − 1 for u = uh + ul. */
  private static Ref newton(double y0, double uh, double ul) {
    Ref e = exp(-y0);
    double[] w = mul(Math.scalb(uh, e.scale()), Math.scalb(ul, e.scale()), e.hi(), e.lo());
    double[] d = add(w[0], w[1], -1, 0);
    double[] y = add(y0, 0, d[0], d[1] - d[0] * d[0] / 2);
    return new Ref(y[0], y[1], 0);
  }

  /** log1p(x) = Σ (−1)^(k+1) x^k / k for |x| < 2^-6, to 2^-110. */
  private static Ref log1pSeries(double xh, double xl) {
    double sh = 0;
    double sl = 0;
    for (int k = 20; k >= 1; k--) {
      // s = x^0/k − x·s  (Horner on 1/1 − x/2 + x²/3 − ...), then times x at the end
      double[] xs = mul(xh, xl, sh, sl);
      double[] inv = div(1, 0, k, 0);
      double[] s = add(inv[0], inv[1], -xs[0], -xs[1]);
      sh = s[0];
      sl = s[1];
    }
    double[] r = mul(xh, xl, sh, sl);
    return new Ref(r[0], r[1], 0);
  }

  /** tanh x: the series below 2^-20, (e^2x − 1)/(e^2x + 1) up to 25, ±1 beyond. */
  static Ref tanh(double x) {
    if (Double.isNaN(x)) return Ref.of(x);
    double a = Math.abs(x);
    double sign = Math.copySign(1, x);
    if (a < 0x1p-20) {
      double[] r = add(x, 0, -x * x * x / 3, 2 * x * x * x * x * x / 15);
      return new Ref(r[0], r[1], 0);
    }
    if (a > 25) return new Ref(sign, -sign * 2 * StrictMath.exp(-2 * a), 0);
    Ref e = exp(2 * a);
    double eh = Math.scalb(e.hi(), e.scale());
    double el = Math.scalb(e.lo(), e.scale());
    double[] num = add(eh, el, -1, 0);
    double[] den = add(eh, el, 1, 0);
    double[] t = div(num[0], num[1], den[0], den[1]);
    return new Ref(sign * t[0], sign * t[1], 0);
  }

  /** 1/(1 + e^-x) as 1/(1 + e) or e/(1 + e), e = e^-|x|. */
  static Ref sigmoid(double x) {
    if (Double.isNaN(x)) return Ref.of(x);
    Ref e = exp(-Math.abs(x));
    double[] den = add(1, 0, Math.scalb(e.hi(), e.scale()), Math.scalb(e.lo(), e.scale()));
    if (x >= 0) {
      double[] q = div(1, 0, den[0], den[1]);
      return new Ref(q[0], q[1], 0);
    }
    double[] q = div(e.hi(), e.lo(), den[0], den[1]);
    return new Ref(q[0], q[1], e.scale());
  }

  // ---- double-double arithmetic (values as {hi, lo}, |lo| ≤ ulp(hi)/2) --------------------------

  static double[] add(double ah, double al, double bh, double bl) {
    double s = ah + bh;
    double bb = s - ah;
    double err = (ah - (s - bb)) + (bh - bb);
    err += al + bl;
    double hi = s + err;
    return new double[] {hi, err - (hi - s)};
  }

  static double[] mul(double ah, double al, double bh, double bl) {
    double p = ah * bh;
    double err = Math.fma(ah, bh, -p);
    err += ah * bl + al * bh;
    double hi = p + err;
    return new double[] {hi, err - (hi - p)};
  }

  static double[] div(double ah, double al, double bh, double bl) {
    double q1 = ah / bh;
    double[] r = add(ah, al, -mul(q1, 0, bh, bl)[0], -mul(q1, 0, bh, bl)[1]);
    double q2 = r[0] / bh;
    double[] r2 = add(r[0], r[1], -mul(q2, 0, bh, bl)[0], -mul(q2, 0, bh, bl)[1]);
    double q3 = r2[0] / bh;
    double[] q = add(q1, 0, q2, 0);
    return add(q[0], q[1], q3, 0);
  }
}
