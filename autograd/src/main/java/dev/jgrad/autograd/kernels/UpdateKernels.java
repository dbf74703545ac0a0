package dev.jgrad.autograd.kernels;

/**
 * The optimizers' parameter updates, each one pass over a parameter and its state, in place: SGD
 * (with momentum, Nesterov and weight decay) and Adam / AdamW. The scalar loops are the reference
 * and finish the vector loops' tails; both use the same operations (with {@link Math#fma} where
 * the vector code fuses), so an element's result does not depend on where it falls.
 */
final class UpdateKernels {
  private UpdateKernels() {}

  /** The settings of one SGD step. {@code first}: the momentum buffer starts as the gradient. */
  record Sgd(double lr, double momentum, double dampening, boolean nesterov, double weightDecay, boolean first) {}

  /**
   * The settings of one Adam step; {@code correction1} and {@code correction2} are 1 − β₁ᵗ and 1 − β₂ᵗ.
   * With {@code decoupled} (AdamW) the decay scales the parameter, otherwise it is added to the gradient.
   */
  record Adam(
      double lr, double beta1, double beta2, double epsilon, double weightDecay, boolean decoupled,
      double correction1, double correction2) {}

  /** One SGD step over elements [from, to) of a float[] or double[] parameter (b null without momentum). */
  static void sgd(Object p, Object g, Object b, int from, int to, Sgd s) {
    if (p instanceof float[] f) {
      sgd(f, (float[]) g, (float[]) b, from, to, s);
    } else {
      sgd((double[]) p, (double[]) g, (double[]) b, from, to, s);
    }
  }

  /** One Adam step over elements [from, to) of a float[] or double[] parameter. */
  static void adam(Object p, Object g, Object m, Object v, int from, int to, Adam a) {
    if (p instanceof float[] f) {
      adam(f, (float[]) g, (float[]) m, (float[]) v, from, to, a);
    } else {
      adam((double[]) p, (double[]) g, (double[]) m, (double[]) v, from, to, a);
    }
  }

  static void sgd(float[] p, float[] g, float[] b, int from, int to, Sgd s) {
    float lr = (float) -s.lr();
    float mu = (float) s.momentum();
    float keep = (float) (1 - s.dampening());
    float wd = (float) s.weightDecay();
    for (int i = from; i < to; i++) {
      float gi = wd == 0 ? g[i] : Math.fma(p[i], wd, g[i]);
      if (b != null) {
        float bi = s.first() ? gi : Math.fma(gi, keep, b[i] * mu);
        b[i] = bi;
        gi = s.nesterov() ? Math.fma(bi, mu, gi) : bi;
      }
      p[i] = Math.fma(gi, lr, p[i]);
    }
  }

  static void sgd(double[] p, double[] g, double[] b, int from, int to, Sgd s) {
    double lr = -s.lr();
    double mu = s.momentum();
    double keep = 1 - s.dampening();
    double wd = s.weightDecay();
    for (int i = from; i < to; i++) {
      double gi = wd == 0 ? g[i] : Math.fma(p[i], wd, g[i]);
      if (b != null) {
        double bi = s.first() ? gi : Math.fma(gi, keep, b[i] * mu);
        b[i] = bi;
        gi = s.nesterov() ? Math.fma(bi, mu, gi) : bi;
      }
      p[i] = Math.fma(gi, lr, p[i]);
    }
  }

  static void adam(float[] p, float[] g, float[] m, float[] v, int from, int to, Adam a) {
    float b1 = (float) a.beta1();
    float b2 = (float) a.beta2();
    float c1 = (float) (1 - a.beta1());
    float c2 = (float) (1 - a.beta2());
    float eps = (float) a.epsilon();
    float scale = (float) (1 / Math.sqrt(a.correction2()));
    float step = (float) (-a.lr() / a.correction1());
    float wd = (float) a.weightDecay();
    float decay = (float) (1 - a.lr() * a.weightDecay());
    for (int i = from; i < to; i++) {
      float pi = p[i];
      float gi = g[i];
      if (wd != 0) {
        if (a.decoupled()) {
          pi *= decay;
        } else {
          gi = Math.fma(pi, wd, gi);
        }
      }
      float mi = Math.fma(gi, c1, m[i] * b1);
      float vi = Math.fma(gi * gi, c2, v[i] * b2);
      m[i] = mi;
      v[i] = vi;
      p[i] = Math.fma(mi / Math.fma((float) Math.sqrt(vi), scale, eps), step, pi);
    }
  }

  static void adam(double[] p, double[] g, double[] m, double[] v, int from, int to, Adam a) {
    double b1 = a.beta1();
    double b2 = a.beta2();
    double c1 = 1 - a.beta1();
    double c2 = 1 - a.beta2();
    double eps = a.epsilon();
    double scale = 1 / Math.sqrt(a.correction2());
    double step = -a.lr() / a.correction1();
    double wd = a.weightDecay();
    double decay = 1 - a.lr() * a.weightDecay();
    for (int i = from; i < to; i++) {
      double pi = p[i];
      double gi = g[i];
      if (wd != 0) {
        if (a.decoupled()) {
          pi *= decay;
        } else {
          gi = Math.fma(pi, wd, gi);
        }
      }
      double mi = Math.fma(gi, c1, m[i] * b1);
      double vi = Math.fma(gi * gi, c2, v[i] * b2);
      m[i] = mi;
      v[i] = vi;
      p[i] = Math.fma(mi / Math.fma(Math.sqrt(vi), scale, eps), step, pi);
    }
  }
}
