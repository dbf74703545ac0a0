package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** float32 matmul n×n through Tensor.matmul, one thread (GFLOPS = 2n³ / time). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Djgrad.threads=1")
public class MatmulBenchmark {
  @Param({"512", "1024"})
  int n;

  Tensor a;
  Tensor b;

  @Setup
  public void setup() {
    a = Workloads.randn(1, 1, n, n);
    b = Workloads.randn(2, 1, n, n);
  }

  @Benchmark
  public Tensor matmul() {
    return a.matmul(b);
  }

  /** The same product on two threads: the two-thread row of the comparison. */
  @Fork(value = 1, jvmArgsAppend = "-Djgrad.threads=2")
  public static class TwoThreads extends MatmulBenchmark {}
}
