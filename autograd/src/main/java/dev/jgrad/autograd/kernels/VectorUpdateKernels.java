package dev.jgrad.autograd.kernels;

import dev.jgrad.autograd.kernels.UpdateKernels.Adam;
import dev.jgrad.autograd.kernels.UpdateKernels.Sgd;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link UpdateKernels} with the Vector API: the same operations lane by lane, the scalar loop
 * finishing the tail. Loaded only when {@link Kernels#SIMD} is true.
 */
final class VectorUpdateKernels {
  private VectorUpdateKernels() {}

  private static final VectorSpecies<Float> F = Simd.FLOAT;
  private static final VectorSpecies<Double> D = Simd.DOUBLE;

  static void sgd(float[] p, float[] g, float[] b, int from, int to, Sgd s) {
    float lr = (float) -s.lr();
    float mu = (float) s.momentum();
    float keep = (float) (1 - s.dampening());
    float wd = (float) s.weightDecay();
    int bound = from + F.loopBound(to - from);
    for (int i = from; i < bound; i += F.length()) {
      FloatVector pi = FloatVector.fromArray(F, p, i);
      FloatVector gi = FloatVector.fromArray(F, g, i);
      if (wd != 0) {
        gi = pi.fma(pi.broadcast(wd), gi);
      }
      if (b != null) {
        FloatVector bi = s.first() ? gi : gi.fma(gi.broadcast(keep), FloatVector.fromArray(F, b, i).mul(mu));
        bi.intoArray(b, i);
        gi = s.nesterov() ? bi.fma(bi.broadcast(mu), gi) : bi;
      }
      gi.fma(gi.broadcast(lr), pi).intoArray(p, i);
    }
    UpdateKernels.sgd(p, g, b, bound, to, s);
  }

  static void sgd(double[] p, double[] g, double[] b, int from, int to, Sgd s) {
    double lr = -s.lr();
    double mu = s.momentum();
    double keep = 1 - s.dampening();
    double wd = s.weightDecay();
    int bound = from + D.loopBound(to - from);
    for (int i = from; i < bound; i += D.length()) {
      DoubleVector pi = DoubleVector.fromArray(D, p, i);
      DoubleVector gi = DoubleVector.fromArray(D, g, i);
      if (wd != 0) {
        gi = pi.fma(pi.broadcast(wd), gi);
      }
      if (b != null) {
        DoubleVector bi = s.first() ? gi : gi.fma(gi.broadcast(keep), DoubleVector.fromArray(D, b, i).mul(mu));
        bi.intoArray(b, i);
        gi = s.nesterov() ? bi.fma(bi.broadcast(mu), gi) : bi;
      }
      gi.fma(gi.broadcast(lr), pi).intoArray(p, i);
    }
    UpdateKernels.sgd(p, g, b, bound, to, s);
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
    int bound = from + F.loopBound(to - from);
    for (int i = from; i < bound; i += F.length()) {
      FloatVector pi = FloatVector.fromArray(F, p, i);
      FloatVector gi = FloatVector.fromArray(F, g, i);
      if (wd != 0) {
        if (a.decoupled()) {
          pi = pi.mul(decay);
        } else {
          gi = pi.fma(pi.broadcast(wd), gi);
        }
      }
      FloatVector mi = gi.fma(gi.broadcast(c1), FloatVector.fromArray(F, m, i).mul(b1));
      FloatVector vi = gi.mul(gi).fma(gi.broadcast(c2), FloatVector.fromArray(F, v, i).mul(b2));
      mi.intoArray(m, i);
      vi.intoArray(v, i);
      mi.div(vi.sqrt().fma(vi.broadcast(scale), vi.broadcast(eps))).fma(mi.broadcast(step), pi).intoArray(p, i);
    }
    UpdateKernels.adam(p, g, m, v, bound, to, a);
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
    int bound = from + D.loopBound(to - from);
    for (int i = from; i < bound; i += D.length()) {
      DoubleVector pi = DoubleVector.fromArray(D, p, i);
      DoubleVector gi = DoubleVector.fromArray(D, g, i);
      if (wd != 0) {
        if (a.decoupled()) {
          pi = pi.mul(decay);
        } else {
          gi = pi.fma(pi.broadcast(wd), gi);
        }
      }
      DoubleVector mi = gi.fma(gi.broadcast(c1), DoubleVector.fromArray(D, m, i).mul(b1));
      DoubleVector vi = gi.mul(gi).fma(gi.broadcast(c2), DoubleVector.fromArray(D, v, i).mul(b2));
      mi.intoArray(m, i);
      vi.intoArray(v, i);
      mi.div(vi.sqrt().fma(vi.broadcast(scale), vi.broadcast(eps))).fma(mi.broadcast(step), pi).intoArray(p, i);
    }
    UpdateKernels.adam(p, g, m, v, bound, to, a);
  }
}
