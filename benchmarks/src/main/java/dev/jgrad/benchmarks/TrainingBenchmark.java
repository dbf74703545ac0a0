package dev.jgrad.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole training runs through the public API: one epoch of the 784-256-128-10 MLP (469 SGD steps of
 * 128) and 100 full-batch gradient-descent steps of logistic regression on 12,000 × 784.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Djgrad.threads=1")
public class TrainingBenchmark {
  Workloads.Mlp mlp;
  Workloads.LogReg logReg;

  @Setup(Level.Trial)
  public void setup() {
    mlp = new Workloads.Mlp();
    logReg = new Workloads.LogReg();
  }

  @Benchmark
  public double mlpEpoch() {
    return mlp.epoch();
  }

  @Benchmark
  public double logisticRegression() {
    return logReg.train();
  }
}
