package dev.jgrad.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The products of the MLP's first layer (batch 128): forward x·W (128×784 · 784×256) and its
 * backward's transposed forms, dW = xᵀ·g and dx = g·Wᵀ, read transposed in place by the kernels.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Djgrad.threads=1")
public class MlpShapesBenchmark {
  final float[] x = Workloads.randomFloats(3, 128 * 784);
  final float[] w = Workloads.randomFloats(4, 784 * 256);
  final float[] g = Workloads.randomFloats(5, 128 * 256);
  final float[] h = new float[128 * 256];
  final float[] dw = new float[784 * 256];
  final float[] dx = new float[128 * 784];

  @Benchmark
  public float[] forward() {
    Workloads.gemm(false, false, 128, 256, 784, x, w, h);
    return h;
  }

  @Benchmark
  public float[] weightGradient() {
    Workloads.gemm(true, false, 784, 256, 128, x, g, dw);
    return dw;
  }

  @Benchmark
  public float[] inputGradient() {
    Workloads.gemm(false, true, 128, 784, 256, g, w, dx);
    return dx;
  }
}
