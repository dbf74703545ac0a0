package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Recording state is per thread: independent graphs built and differentiated at once agree with sequential runs. */
class ConcurrencyTest {

  /** A small network's gradients, as bits, for one seed. */
  private static double[] gradients(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Tensor x = Tensor.randn(random, DType.FLOAT64, 8, 16);
    Tensor w1 = Tensor.randn(random, DType.FLOAT64, 16, 12).requiresGrad(true);
    Tensor w2 = Tensor.randn(random, DType.FLOAT64, 12, 3).requiresGrad(true);
    int[] labels = new int[8];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = random.nextInt(3);
    }
    Tensor logits = x.matmul(w1).tanh().matmul(w2);
    Tensor loss = logits.logSoftmax(1).pick(1, labels).mean().neg();
    if (seed % 2 == 0) {
      try (var g = Autograd.noGrad()) {
        x.mul(2).exp(); // another thread's no-grad block must not affect recording here
      }
    }
    loss.backward();
    double[] a = w1.grad().toDoubleArray();
    double[] b = w2.grad().toDoubleArray();
    double[] out = new double[a.length + b.length + 1];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    out[out.length - 1] = loss.item();
    return out;
  }

  @Test
  void eightThreadsMatchSequentialResults() throws Exception {
    int threads = 8;
    int rounds = 25;
    List<double[]> sequential = new ArrayList<>();
    for (int t = 0; t < threads * rounds; t++) {
      sequential.add(gradients(t));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<double[]>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Callable<List<double[]>> task = () -> {
          start.await();
          List<double[]> results = new ArrayList<>();
          for (int r = 0; r < rounds; r++) {
            results.add(gradients(r * threads + thread));
          }
          return results;
        };
        futures.add(pool.submit(task));
      }
      start.countDown();
      for (int t = 0; t < threads; t++) {
        List<double[]> results = futures.get(t).get();
        for (int r = 0; r < rounds; r++) {
          assertThat(results.get(r)).containsExactly(sequential.get(r * threads + t));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(Autograd.isGradEnabled()).isTrue();
  }
}
