package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Same bits on every run: a network trained twice, with 1, 2, 3 and 8 threads, and in a JVM whose
 * JIT never compiles the Vector API into machine code (C1 only, so every vector operation runs its
 * Java fallback), ends with the same weights to the last bit. The network is large enough that
 * its products and elementwise ops are split over the threads, and uses every transcendental the
 * kernels compute (tanh, sigmoid, exp and log in the softmax cross-entropy).
 */
class DeterminismTest {

  /** Trains a 3-layer network for a few steps and returns a digest of every weight's bits. */
  static long train(DType dtype, int batch, int in, int hidden, int steps) {
    SplittableRandom random = new SplittableRandom(11);
    Tensor x = Tensor.randn(random, dtype, batch, in);
    int[] labels = new int[batch];
    for (int i = 0; i < batch; i++) labels[i] = random.nextInt(7);
    Tensor w1 = Tensor.randn(random, dtype, in, hidden).mul(Math.sqrt(1.0 / in)).requiresGrad(true);
    Tensor b1 = Tensor.zeros(dtype, hidden).requiresGrad(true);
    Tensor w2 = Tensor.randn(random, dtype, hidden, hidden).mul(Math.sqrt(1.0 / hidden)).requiresGrad(true);
    Tensor w3 = Tensor.randn(random, dtype, hidden, 7).mul(Math.sqrt(1.0 / hidden)).requiresGrad(true);
    List<Tensor> parameters = List.of(w1, b1, w2, w3);
    List<Tensor> m = new ArrayList<>();
    List<Tensor> v = new ArrayList<>();
    for (Tensor p : parameters) {
      m.add(Tensor.zeros(dtype, p.shape()));
      v.add(Tensor.zeros(dtype, p.shape()));
    }
    for (int step = 1; step <= steps; step++) {
      Tensor h1 = Functional.linear(x, w1, b1).tanh();
      Tensor h2 = h1.matmul(w2).sigmoid().mul(h1.relu().add(1));
      Tensor loss = Functional.crossEntropy(h2.matmul(w3), labels, Reduction.MEAN).add(h1.exp().mean().log());
      loss.backward();
      try (var g = Autograd.noGrad()) {
        for (int i = 0; i < parameters.size(); i++) {
          Tensor p = parameters.get(i);
          Updates.adam(p, p.grad(), m.get(i), v.get(i), 1e-2, 0.9, 0.999, 1e-8, 0, false, step);
          p.zeroGrad();
        }
      }
    }
    long digest = 17;
    for (Tensor p : parameters) {
      for (double d : p.toDoubleArray()) digest = digest * 31 + Double.doubleToRawLongBits(d);
    }
    return digest;
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void trainingGivesTheSameBitsForAnyThreadCountAndOnEveryRun(DType dtype) {
    int before = Settings.threads();
    try {
      Settings.threads(1);
      long reference = train(dtype, 256, 300, 160, 4);
      for (int threads : new int[] {2, 3, 8, 1, 2}) {
        Settings.threads(threads);
        assertThat(train(dtype, 256, 300, 160, 4)).as("%s threads", threads).isEqualTo(reference);
      }
    } finally {
      Settings.threads(before);
    }
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void theJavaFallbackOfTheVectorApiGivesTheJitsBits(DType dtype) throws Exception {
    long here = 0;
    for (int run = 0; run < 3; run++) here = train(dtype, 48, 40, 24, 3); // by the last run, compiled
    String child = runChild(dtype, "-XX:TieredStopAtLevel=1");
    assertThat(child).contains("digest=" + here);
  }

  private static String runChild(DType dtype, String... jvmFlags) throws IOException, InterruptedException {
    List<String> options = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector"));
    options.addAll(List.of(jvmFlags));
    // The same vector width and tile as this JVM's: results may differ between widths.
    for (String property : List.of("jgrad.vectorBits", "jgrad.vectorRegisters")) {
      if (System.getProperty(property) != null) {
        options.add("-D" + property + "=" + System.getProperty(property));
      }
    }
    return ChildJvm.run(Child.class, options, 120, dtype.name());
  }

  /** Trains once, cold, and prints the digest. */
  static final class Child {
    public static void main(String[] args) {
      System.out.println("digest=" + train(DType.valueOf(args[0]), 48, 40, 24, 3));
    }
  }
}
