package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-op overhead of the graph: 500 × y = tanh(1.01·y) on 4 elements, then sum().backward().
 * Reported per recorded op (1001 of them, each with its backward).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Djgrad.threads=1")
public class TinyOpsBenchmark {
  final Tensor x = Workloads.tinyInput();

  @Benchmark
  @OperationsPerInvocation(Workloads.TINY_OPS)
  public double tanhChain() {
    return Workloads.tinyOps(x);
  }
}
