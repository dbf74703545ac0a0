package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Several threads differentiating graphs that share one model, as data-parallel threads over one
 * set of parameters do: the gradients they accumulate equal the sequential sum, and gradients they
 * ask for with {@link Autograd#grad} are each exact.
 */
class SharedParametersTest {
  private static final int THREADS = 8;

  /** One model shared by every thread: two weights, a bias, and an intermediate every graph reuses. */
  private static final class Model {
    final Tensor w1;
    final Tensor b1;
    final Tensor w2;
    final Tensor scaledW2; // a node shared by all graphs (its saved tensors are kept: retainGraph)

    Model(long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      w1 = Tensor.randn(random, DType.FLOAT64, 6, 5).mul(0.5).detach().requiresGrad(true);
      b1 = Tensor.randn(random, DType.FLOAT64, 5).detach().requiresGrad(true);
      w2 = Tensor.randn(random, DType.FLOAT64, 5, 3).mul(0.5).detach().requiresGrad(true);
      scaledW2 = w2.mul(w2.detach().add(1)); // depends on w2 twice over: a saved tensor in its node
    }

    /** A loss with matmul, broadcasting, softmax and a value used twice. */
    Tensor loss(int step) {
      SplittableRandom random = new SplittableRandom(1000 + step);
      Tensor x = Tensor.randn(random, DType.FLOAT64, 4, 6);
      Tensor h = x.matmul(w1).add(b1).tanh(); // b1 broadcast over rows
      Tensor p = h.matmul(scaledW2).softmax(1);
      return p.mul(p).sum().add(h.mul(h).mean()); // p and h each used twice
    }

    List<Tensor> parameters() {
      return List.of(w1, b1, w2);
    }
  }

  private static <T> List<T> onThreads(int threads, IntFunction<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          return task.apply(thread);
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void eightThreadsAccumulateTheSequentialSumIntoSharedParameters() throws Exception {
    int passesPerThread = 1000;
    Model sequential = new Model(7);
    for (int step = 0; step < THREADS * passesPerThread; step++) {
      sequential.loss(step).backward(Tensor.scalar(1, DType.FLOAT64), true);
    }
    Model shared = new Model(7);
    onThreads(THREADS, thread -> {
      for (int i = 0; i < passesPerThread; i++) {
        shared.loss(thread * passesPerThread + i).backward(Tensor.scalar(1, DType.FLOAT64), true);
      }
      return null;
    });
    for (int i = 0; i < 3; i++) {
      double[] expected = sequential.parameters().get(i).grad().toDoubleArray();
      double[] actual = shared.parameters().get(i).grad().toDoubleArray();
      // The same 8,000 terms, summed in another order: equal to rounding, far from any lost pass.
      for (int j = 0; j < expected.length; j++) {
        assertThat(actual[j]).as("parameter %d element %d", i, j)
            .isCloseTo(expected[j], org.assertj.core.data.Offset.offset(1e-9 * (1 + Math.abs(expected[j]))));
      }
    }
  }

  @Test
  void eachThreadsGradientsAreExactWhenAskedForWithGrad() throws Exception {
    int calls = 2000;
    Tensor w = Tensor.randn(new SplittableRandom(3), DType.FLOAT64, 16, 8).requiresGrad(true);
    IntFunction<double[]> gradient = seed -> {
      Tensor x = Tensor.randn(new SplittableRandom(seed), DType.FLOAT64, 4, 16);
      return Autograd.grad(x.matmul(w).tanh().sum(), List.of(w), false).get(0).toDoubleArray();
    };
    List<double[]> expected = new ArrayList<>();
    for (int seed = 0; seed < THREADS * calls; seed++) {
      expected.add(gradient.apply(seed));
    }
    List<Integer> mismatches = onThreads(THREADS, thread -> {
      int wrong = 0;
      for (int i = 0; i < calls; i++) {
        int seed = thread * calls + i;
        // Deterministic kernels: the same bits as the sequential call, whatever runs beside it.
        if (!java.util.Arrays.equals(gradient.apply(seed), expected.get(seed))) {
          wrong++;
        }
      }
      return wrong;
    });
    assertThat(mismatches).containsOnly(0);
    assertThat(w.grad()).as("Autograd.grad returns gradients; it does not accumulate them").isNull();
  }
}
