package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Autograd.JacobianMode;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Functional;
import dev.jgrad.autograd.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What forward mode and the transforms cost: the MLP's forward pass (128 × 784 → 256 → 128 → 10,
 * ReLU) plain and carrying a tangent (jvp); a Jacobian of 10 inputs and 1,000 outputs and of the
 * transposed shape, by forward and by reverse mode; H·v against forming the Hessian, n = 100, 300.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Djgrad.threads=1")
public class TransformsBenchmark {
  final Tensor x = Tensor.rand(new SplittableRandom(1), 0, 1, DType.FLOAT32, 128, 784);
  final Tensor direction = Tensor.randn(new SplittableRandom(2), 128, 784);
  final Tensor w1 = Tensor.randn(new SplittableRandom(3), 784, 256).mul(0.05);
  final Tensor b1 = Tensor.zeros(256);
  final Tensor w2 = Tensor.randn(new SplittableRandom(4), 256, 128).mul(0.09);
  final Tensor b2 = Tensor.zeros(128);
  final Tensor w3 = Tensor.randn(new SplittableRandom(5), 128, 10).mul(0.12);
  final Tensor b3 = Tensor.zeros(10);

  Tensor mlp(Tensor in) {
    Tensor h1 = Functional.linear(in, w1, b1).relu();
    Tensor h2 = Functional.linear(h1, w2, b2).relu();
    return Functional.linear(h2, w3, b3);
  }

  @Benchmark
  public Tensor mlpForward() {
    return mlp(x);
  }

  @Benchmark
  public Tensor mlpJvp() {
    return Autograd.jvp(this::mlp, x, direction);
  }

  /** f: R¹⁰ → R¹⁰⁰⁰ (tall) and R¹⁰⁰⁰ → R¹⁰ (wide): tanh(A·x). */
  final Tensor tall = Tensor.randn(new SplittableRandom(6), DType.FLOAT64, 1000, 10).mul(0.3);
  final Tensor wide = Tensor.randn(new SplittableRandom(7), DType.FLOAT64, 10, 1000).mul(0.03);
  final Tensor x10 = Tensor.randn(new SplittableRandom(8), DType.FLOAT64, 10);
  final Tensor x1000 = Tensor.randn(new SplittableRandom(9), DType.FLOAT64, 1000);

  @Benchmark
  public Tensor jacobianTallForward() {
    return Autograd.jacobian(v -> tall.matmul(v).tanh(), x10, JacobianMode.FORWARD);
  }

  @Benchmark
  public Tensor jacobianTallReverse() {
    return Autograd.jacobian(v -> tall.matmul(v).tanh(), x10, JacobianMode.REVERSE);
  }

  @Benchmark
  public Tensor jacobianWideForward() {
    return Autograd.jacobian(v -> wide.matmul(v).tanh(), x1000, JacobianMode.FORWARD);
  }

  @Benchmark
  public Tensor jacobianWideReverse() {
    return Autograd.jacobian(v -> wide.matmul(v).tanh(), x1000, JacobianMode.REVERSE);
  }

  /** f(x) = Σ softplus(C·x) for C n × n. */
  @State(Scope.Thread)
  public static class Curvature {
    @Param({"100", "300"})
    int n;

    Tensor c;
    Tensor x;
    Tensor v;

    @org.openjdk.jmh.annotations.Setup
    public void setUp() {
      c = Tensor.randn(new SplittableRandom(10), DType.FLOAT64, n, n).mul(1.0 / Math.sqrt(n));
      x = Tensor.randn(new SplittableRandom(11), DType.FLOAT64, n);
      v = Tensor.randn(new SplittableRandom(12), DType.FLOAT64, n);
    }

    Tensor f(Tensor in) {
      return c.matmul(in).softplus().sum();
    }
  }

  @Benchmark
  public Tensor hvp(Curvature s) {
    return Autograd.hvp(s::f, s.x, s.v);
  }

  @Benchmark
  public Tensor hessianTimesV(Curvature s) {
    return Autograd.hessian(s::f, s.x).matmul(s.v);
  }
}
