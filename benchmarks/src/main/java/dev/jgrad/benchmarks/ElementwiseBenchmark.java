package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Tensor;
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
 * Elementwise ops on 1M floats against their baselines: a plain copy into a new array (add and mul
 * should stream at memory speed), and a scalar Math.tanh loop (for the transcendental ops).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Djgrad.threads=1")
public class ElementwiseBenchmark {
  static final int N = 1 << 20;
  final float[] xa = Workloads.randomFloats(6, N);
  final float[] xb = Workloads.randomFloats(7, N);
  final float[] out = new float[N];
  final Tensor a = Tensor.of(xa, N);
  final Tensor b = Tensor.of(xb, N);

  @Benchmark
  public float[] copy() {
    float[] y = new float[N];
    System.arraycopy(xa, 0, y, 0, N);
    return y;
  }

  @Benchmark
  public Tensor add() {
    return a.add(b);
  }

  @Benchmark
  public Tensor mul() {
    return a.mul(b);
  }

  @Benchmark
  public Tensor tanh() {
    return a.tanh();
  }

  @Benchmark
  public Tensor exp() {
    return a.exp();
  }

  @Benchmark
  public Tensor sigmoid() {
    return a.sigmoid();
  }

  @Benchmark
  public float[] scalarTanh() {
    Workloads.scalarTanh(xa, out);
    return out;
  }
}
