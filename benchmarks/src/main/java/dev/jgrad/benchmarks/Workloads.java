package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Functional;
import dev.jgrad.autograd.Reduction;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.Kernels;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The workloads of the comparison with PyTorch and NumPy (benchmarks/compare.py runs the same ones
 * there), shared by the JMH benchmarks and by {@link Compare}. Sizes are fixed; data is random from
 * fixed seeds. Training workloads use the public autograd API only (Tensor, Functional, Autograd).
 */
public final class Workloads {
  private Workloads() {}

  static Tensor randn(long seed, double scale, int... shape) {
    return Tensor.randn(new SplittableRandom(seed), shape).mul(scale);
  }

  static float[] randomFloats(long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) (random.nextDouble() * 2 - 1);
    return x;
  }

  // ---- tiny ops: the per-op overhead of the graph -----------------------------------------------

  /** Recorded operations in one {@link #tinyOps} call: 500 × (mul, tanh) and the final sum. */
  public static final int TINY_OPS = 1001;

  /** 500 × y = tanh(1.01·y) on 4 elements, then sum().backward(); returns x's gradient sum. */
  public static double tinyOps(Tensor x) {
    Tensor y = x;
    for (int i = 0; i < 500; i++) y = y.mul(1.01).tanh();
    y.sum().backward();
    double g = x.grad().get(0);
    x.zeroGrad();
    return g;
  }

  public static Tensor tinyInput() {
    return Tensor.of(new float[] {0.1f, -0.2f, 0.3f, 0.4f}).requiresGrad(true);
  }

  // ---- MLP: 784-256-128-10, ReLU, softmax cross-entropy, batch 128, one epoch of 60,000 ----------

  /** A minibatch stream of Fashion-MNIST's shape (random data) and the network's parameters. */
  public static final class Mlp {
    public static final int EXAMPLES = 60_000;
    public static final int BATCH = 128;
    final List<Tensor> inputs = new java.util.ArrayList<>();
    final List<int[]> labels = new java.util.ArrayList<>();
    final Tensor w1 = randn(11, Math.sqrt(2.0 / 784), 784, 256).requiresGrad(true);
    final Tensor b1 = Tensor.zeros(256).requiresGrad(true);
    final Tensor w2 = randn(12, Math.sqrt(2.0 / 256), 256, 128).requiresGrad(true);
    final Tensor b2 = Tensor.zeros(128).requiresGrad(true);
    final Tensor w3 = randn(13, Math.sqrt(2.0 / 128), 128, 10).requiresGrad(true);
    final Tensor b3 = Tensor.zeros(10).requiresGrad(true);
    final List<Tensor> parameters = List.of(w1, b1, w2, b2, w3, b3);

    public Mlp() {
      SplittableRandom random = new SplittableRandom(10);
      for (int start = 0; start < EXAMPLES; start += BATCH) {
        int n = Math.min(BATCH, EXAMPLES - start);
        float[] x = new float[n * 784];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextDouble();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = random.nextInt(10);
        inputs.add(Tensor.of(x, n, 784));
        labels.add(y);
      }
    }

    public int steps() {
      return inputs.size();
    }

    /**
     * Whether a step forgets the gradients (PyTorch's default {@code set_to_none}, and the PyTorch
     * side of the comparison) or zeroes them in place, keeping their arrays.
     */
    boolean setToNone = true;

    /**
     * Bytes that any step must allocate when nothing is reused from one step to the next: the
     * activations a step makes (the layers' outputs, before and after ReLU, and the log-probabilities)
     * and one gradient per parameter.
     */
    public long activationAndGradientBytes() {
      long floats = 0;
      for (int width : new int[] {256, 128}) floats += 2L * BATCH * width; // linear out, ReLU out
      floats += 2L * BATCH * 10; // logits, log-probabilities
      for (Tensor p : parameters) floats += p.size();
      return floats * Float.BYTES;
    }

    /** One SGD step on minibatch {@code b}; returns the loss. */
    public double step(int b, double learningRate) {
      Tensor h1 = Functional.linearRelu(inputs.get(b), w1, b1);
      Tensor h2 = Functional.linearRelu(h1, w2, b2);
      Tensor logits = Functional.linear(h2, w3, b3);
      Tensor loss = Functional.crossEntropy(logits, labels.get(b), Reduction.MEAN);
      loss.backward();
      try (var g = Autograd.noGrad()) {
        for (Tensor p : parameters) {
          p.addInPlace(p.grad(), -learningRate);
          p.zeroGrad(setToNone);
        }
      }
      return loss.item();
    }

    /** One epoch: 469 steps; returns the last loss. */
    public double epoch() {
      double loss = 0;
      for (int b = 0; b < steps(); b++) loss = step(b, 0.05);
      return loss;
    }
  }

  // ---- logistic regression: 100 full-batch gradient-descent steps on 12,000 × 784 ---------------

  public static final class LogReg {
    final Tensor x;
    final Tensor y;
    final Tensor w = Tensor.zeros(784, 1).requiresGrad(true);
    final Tensor b = Tensor.zeros(1).requiresGrad(true);

    public LogReg() {
      SplittableRandom random = new SplittableRandom(20);
      float[] data = new float[12_000 * 784];
      for (int i = 0; i < data.length; i++) data[i] = (float) random.nextDouble();
      float[] targets = new float[12_000];
      for (int i = 0; i < targets.length; i++) targets[i] = random.nextInt(2);
      x = Tensor.of(data, 12_000, 784);
      y = Tensor.of(targets, 12_000, 1);
    }

    /** 100 iterations from zero weights; returns the last loss. */
    public double train() {
      try (var g = Autograd.noGrad()) {
        w.mulInPlace(0);
        b.mulInPlace(0);
      }
      double last = 0;
      for (int i = 0; i < 100; i++) {
        Tensor loss = Functional.binaryCrossEntropyWithLogits(Functional.linear(x, w, b), y, Reduction.MEAN);
        loss.backward();
        try (var g = Autograd.noGrad()) {
          w.addInPlace(w.grad(), -0.1);
          b.addInPlace(b.grad(), -0.1);
          w.zeroGrad();
          b.zeroGrad();
        }
        last = loss.item();
      }
      return last;
    }
  }

  // ---- products at the kernel level: the transposed forms of matmul's backward ------------------

  /** C = op(A)·op(B) through the kernels jgrad's MatMul uses, C preallocated. */
  public static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c) {
    Kernels.gemm(transA, transB, m, n, k, a, 0, b, 0, c, 0, false);
  }

  /** A float Math.tanh loop: the scalar baseline of the transcendental kernels. */
  public static void scalarTanh(float[] x, float[] out) {
    for (int i = 0; i < x.length; i++) out[i] = (float) Math.tanh(x[i]);
  }
}
