package dev.jgrad.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The all-reduce among threads of one process: every worker ends with the rank-order sum, bit for
 * bit; 4 M values (16 MB, more than socket buffers hold) check that the two directions never wait on
 * each other.
 */
class ChainAllReduceTest {

  /** Starts n workers' listening sockets and joins them into a chain, one thread each. */
  static List<ChainAllReduce> chain(int n, ExecutorService pool) throws Exception {
    List<ServerSocketChannel> servers = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ServerSocketChannel server = ChainAllReduce.listen("127.0.0.1");
      servers.add(server);
      addresses.add("127.0.0.1:" + server.socket().getLocalPort());
    }
    List<Future<ChainAllReduce>> joined = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int rank = i;
      joined.add(pool.submit(() -> ChainAllReduce.connect(rank, addresses, servers.get(rank))));
    }
    List<ChainAllReduce> out = new ArrayList<>();
    for (Future<ChainAllReduce> f : joined) {
      out.add(f.get(10, TimeUnit.SECONDS));
    }
    return out;
  }

  /** Worker's sum of values, on a thread of the pool. */
  static Future<?> sum(ExecutorService pool, ChainAllReduce worker, float[] values) {
    return pool.submit(() -> {
      worker.sum(values);
      return null;
    });
  }

  @ParameterizedTest(name = "{0} workers, {1} values")
  @CsvSource({"1, 5", "2, 1", "2, 65536", "3, 100", "3, 200003", "5, 131073", "3, 4000001"})
  @Timeout(60)
  void everyWorkerGetsTheRankOrderSum(int workers, int length) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<ChainAllReduce> chain = chain(workers, pool);
      var random = new SplittableRandom(workers * 31L + length);
      float[][] floats = new float[workers][length];
      double[][] doubles = new double[workers][length];
      for (int w = 0; w < workers; w++) {
        for (int i = 0; i < length; i++) {
          // Magnitudes from 1e-6 to 1e6, so that the order of the additions shows in the last bits.
          doubles[w][i] = random.nextGaussian() * Math.pow(10, random.nextInt(-6, 7));
          floats[w][i] = (float) doubles[w][i];
        }
      }
      float[] floatSum = floats[0].clone();
      double[] doubleSum = doubles[0].clone();
      for (int w = 1; w < workers; w++) {
        for (int i = 0; i < length; i++) {
          floatSum[i] = floatSum[i] + floats[w][i];
          doubleSum[i] = doubleSum[i] + doubles[w][i];
        }
      }
      List<Future<?>> runs = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int rank = w;
        runs.add(pool.submit(() -> {
          chain.get(rank).sum(floats[rank]);
          chain.get(rank).sum(doubles[rank]);
          return null;
        }));
      }
      for (Future<?> f : runs) {
        f.get(30, TimeUnit.SECONDS);
      }
      for (int w = 0; w < workers; w++) {
        // Arrays.equals compares bits (as Float.equals does); AssertJ's element-wise report is slow at 200 K.
        assertThat(Arrays.equals(floats[w], floatSum)).as("worker %s, float32: the rank-order sums", w).isTrue();
        assertThat(Arrays.equals(doubles[w], doubleSum)).as("worker %s, float64: the rank-order sums", w).isTrue();
        chain.get(w).close();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Timeout(30)
  void aWorkerThatDiesEndsTheOthersWaitInsteadOfHangingIt() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<ChainAllReduce> chain = chain(3, pool);
      chain.get(1).close(); // worker 1's task failed: its sockets close
      Future<?> first = sum(pool, chain.get(0), new float[300_000]);
      Future<?> last = sum(pool, chain.get(2), new float[300_000]);
      for (Future<?> f : List.of(first, last)) {
        assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS))
            .hasCauseInstanceOf(UncheckedIOException.class)
            .cause().hasMessageContaining("lost a neighbour");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Timeout(30)
  void aWorkerInterruptedByTheTaskKillLeavesItsReadAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<ChainAllReduce> chain = chain(2, pool);
      // Worker 0 never sends: worker 1 waits in its read until Spark's kill interrupts the thread.
      Future<?> waiting = sum(pool, chain.get(1), new float[10]);
      Thread.sleep(200);
      waiting.cancel(true);
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("the interrupted read returned").isTrue();
      chain.get(0).close();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Timeout(30)
  void workersSummingVectorsOfDifferentLengthsFailInsteadOfHangingOrMisaligning() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<ChainAllReduce> chain = chain(2, pool);
      Future<?> twelve = sum(pool, chain.get(0), new float[12]);
      Future<?> ten = sum(pool, chain.get(1), new float[10]);
      assertThatThrownBy(() -> ten.get(20, TimeUnit.SECONDS))
          .cause().isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("worker 1 is at sum 1 of 10 values of 4 bytes, worker 0 at sum 1 of 12 values")
          .hasMessageContaining("the replicas differ");
      assertThatThrownBy(() -> twelve.get(20, TimeUnit.SECONDS))
          .cause().isInstanceOf(UncheckedIOException.class)
          // The cause reported is the back-phase thread's (end of stream or reset: its neighbour
          // went away), not this thread's "the channel was closed" that followed from it.
          .rootCause().isInstanceOf(java.io.IOException.class)
          .isNotInstanceOf(java.nio.channels.AsynchronousCloseException.class);
    } finally {
      pool.shutdownNow();
    }
  }
}
