package dev.jgrad.autograd.kernels;

import static dev.jgrad.autograd.kernels.KernelTestSupport.assertClose;
import static dev.jgrad.autograd.kernels.KernelTestSupport.assertSameBits;
import static dev.jgrad.autograd.kernels.KernelTestSupport.copy;
import static dev.jgrad.autograd.kernels.KernelTestSupport.get;
import static dev.jgrad.autograd.kernels.KernelTestSupport.set;

import dev.jgrad.autograd.kernels.KernelTestSupport.Type;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fused optimizer updates: the vector kernels give the scalar kernels' bits at every size (so
 * an element's result does not depend on whether it falls in a tail), and both match the updates
 * written out step by step in double precision.
 */
class KernelUpdateTest {

  @ParameterizedTest
  @EnumSource(Type.class)
  void sgdMatchesItsDefinition(Type type) {
    Random random = new Random(60);
    double tol = type == Type.FLOAT ? 1e-6 : 1e-14;
    for (int n : KernelTestSupport.sizes(type)) {
      for (int variant = 0; variant < 6; variant++) {
        double momentum = variant == 0 ? 0 : 0.9;
        boolean nesterov = variant == 3;
        boolean first = variant == 2;
        double weightDecay = variant >= 4 ? 0.01 : 0;
        double dampening = variant == 5 ? 0.1 : 0;
        Object p = type.random(random, n, -1, 1);
        Object g = type.random(random, n, -1, 1);
        Object b = momentum == 0 ? null : type.random(random, n, -1, 1);
        UpdateKernels.Sgd s = new UpdateKernels.Sgd(0.05, momentum, dampening, nesterov, weightDecay, first);
        Object expectedP = copy(p);
        Object expectedB = b == null ? null : copy(b);
        for (int i = 0; i < n; i++) {
          double gi = get(g, i) + weightDecay * get(p, i);
          if (b != null) {
            double bi = first ? gi : momentum * get(b, i) + (1 - dampening) * gi;
            set(expectedB, i, bi);
            gi = nesterov ? gi + momentum * bi : bi;
          }
          set(expectedP, i, get(p, i) - 0.05 * gi);
        }
        Object scalarP = copy(p);
        Object scalarB = b == null ? null : copy(b);
        Object vectorP = copy(p);
        Object vectorB = b == null ? null : copy(b);
        if (type == Type.FLOAT) {
          UpdateKernels.sgd((float[]) scalarP, (float[]) g, (float[]) scalarB, 0, n, s);
          VectorUpdateKernels.sgd((float[]) vectorP, (float[]) g, (float[]) vectorB, 0, n, s);
        } else {
          UpdateKernels.sgd((double[]) scalarP, (double[]) g, (double[]) scalarB, 0, n, s);
          VectorUpdateKernels.sgd((double[]) vectorP, (double[]) g, (double[]) vectorB, 0, n, s);
        }
        String what = "sgd " + type + " n=" + n + " variant " + variant;
        assertClose(expectedP, scalarP, n, tol, tol, what);
        assertSameBits(scalarP, vectorP, what + ": vector against scalar");
        if (b != null) {
          assertClose(expectedB, scalarB, n, tol, tol, what + " buffer");
          assertSameBits(scalarB, vectorB, what + ": vector buffer against scalar");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void adamMatchesItsDefinition(Type type) {
    Random random = new Random(61);
    double tol = type == Type.FLOAT ? 1e-5 : 1e-12;
    for (int n : KernelTestSupport.sizes(type)) {
      for (int variant = 0; variant < 3; variant++) {
        double weightDecay = variant == 0 ? 0 : 0.01;
        boolean decoupled = variant == 2;
        int step = 1 + random.nextInt(20);
        double lr = 1e-2;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        Object p = type.random(random, n, -1, 1);
        Object g = type.random(random, n, -1, 1);
        Object m = type.random(random, n, -0.1, 0.1);
        Object v = type.random(random, n, 0, 0.01);
        double c1 = 1 - Math.pow(b1, step);
        double c2 = 1 - Math.pow(b2, step);
        UpdateKernels.Adam a = new UpdateKernels.Adam(lr, b1, b2, eps, weightDecay, decoupled, c1, c2);
        Object expectedP = copy(p);
        for (int i = 0; i < n; i++) {
          double pi = get(p, i);
          double gi = get(g, i);
          if (decoupled) {
            pi *= 1 - lr * weightDecay;
          } else {
            gi += weightDecay * pi;
          }
          double mi = b1 * get(m, i) + (1 - b1) * gi;
          double vi = b2 * get(v, i) + (1 - b2) * gi * gi;
          set(expectedP, i, pi - lr / c1 * mi / (Math.sqrt(vi) / Math.sqrt(c2) + eps));
        }
        Object[] scalar = {copy(p), copy(m), copy(v)};
        Object[] vector = {copy(p), copy(m), copy(v)};
        if (type == Type.FLOAT) {
          UpdateKernels.adam((float[]) scalar[0], (float[]) g, (float[]) scalar[1], (float[]) scalar[2], 0, n, a);
          VectorUpdateKernels.adam((float[]) vector[0], (float[]) g, (float[]) vector[1], (float[]) vector[2], 0, n, a);
        } else {
          UpdateKernels.adam((double[]) scalar[0], (double[]) g, (double[]) scalar[1], (double[]) scalar[2], 0, n, a);
          VectorUpdateKernels.adam((double[]) vector[0], (double[]) g, (double[]) vector[1], (double[]) vector[2], 0, n, a);
        }
        String what = "adam " + type + " n=" + n + " variant " + variant;
        assertClose(expectedP, scalar[0], n, tol, tol, what);
        for (int k = 0; k < 3; k++) assertSameBits(scalar[k], vector[k], what + ": vector against scalar, array " + k);
      }
    }
  }
  /**
   * Large updates are split over the pool (Kernels.PARALLEL_UPDATE); every element is its own, so
   * one thread and three give the same bits, at a size whose ranges end mid-vector.
   */
  @ParameterizedTest
  @EnumSource(Type.class)
  void updatesSplitOverThreadsGiveOneThreadsBits(Type type) {
    Random random = new Random(61);
    int n = 3 * Kernels.PARALLEL_UPDATE + 7;
    Object p = type.random(random, n, -1, 1);
    Object g = type.random(random, n, -1, 1);
    Object b = type.random(random, n, -1, 1);
    Object m = type.random(random, n, -1, 1);
    Object v = type.random(random, n, 0, 1);
    Object[][] results = new Object[2][];
    int before = Kernels.threads();
    try {
      for (int run = 0; run < 2; run++) {
        Kernels.threads(run == 0 ? 1 : 3);
        Object[] r = {copy(p), copy(b), copy(p), copy(m), copy(v), copy(p)};
        Kernels.sgd(r[0], g, r[1], n, 0.05, 0.9, 0.1, true, 0.01, false);
        Kernels.adam(r[2], g, r[3], r[4], n, 1e-3, 0.9, 0.999, 1e-8, 0.01, true, 3);
        Kernels.axpy(-0.05, g, r[5], n);
        results[run] = r;
      }
    } finally {
      Kernels.threads(before);
    }
    String[] names = {"sgd p", "sgd buffer", "adam p", "adam m", "adam v", "axpy"};
    for (int i = 0; i < names.length; i++) {
      assertSameBits(results[0][i], results[1][i], type + " " + names[i] + " on 3 threads");
    }
  }
}
