package dev.jgrad.nn.loss;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Reduction;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.testing.Elements;
import dev.jgrad.autograd.testing.TensorGen;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every loss's gradient, in float64, under every reduction, against central differences. */
class LossGradientTest {

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void mse(long seed) {
    var random = new SplittableRandom(seed);
    int[] shape = TensorGen.shape(random, 0, 3, 1, 4);
    Tensor prediction = TensorGen.tensor(random, shape, Elements.uniform(-3, 3)).requiresGrad(true);
    Tensor target = TensorGen.tensor(random, shape, Elements.uniform(-3, 3)).requiresGrad(true);
    for (Reduction r : Reduction.values()) {
      GradCheck.check(t -> Losses.mse(t[0], t[1], r), prediction, target);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void binaryCrossEntropyOnProbabilities(long seed) {
    var random = new SplittableRandom(seed);
    int[] shape = TensorGen.shape(random, 0, 3, 1, 4);
    Tensor p = TensorGen.tensor(random, shape, Elements.uniform(0.05, 0.95)).requiresGrad(true);
    Tensor y = TensorGen.tensor(random, shape, Elements.uniform(0, 1)).requiresGrad(true);
    for (Reduction r : Reduction.values()) {
      GradCheck.check(t -> Losses.binaryCrossEntropy(t[0], t[1], r), p, y);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void binaryCrossEntropyWithLogits(long seed) {
    var random = new SplittableRandom(seed);
    int[] shape = TensorGen.shape(random, 0, 3, 1, 4);
    Tensor z = TensorGen.tensor(random, shape, Elements.uniform(-5, 5)).requiresGrad(true);
    Tensor y = TensorGen.tensor(random, shape, Elements.uniform(0, 1)).requiresGrad(true);
    for (Reduction r : Reduction.values()) {
      GradCheck.check(t -> Losses.binaryCrossEntropyWithLogits(t[0], t[1], r), z, y);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void crossEntropy(long seed) {
    var random = new SplittableRandom(seed);
    int n = random.nextInt(1, 6);
    int classes = random.nextInt(1, 6);
    Tensor logits = TensorGen.tensor(random, new int[] {n, classes}, Elements.uniform(-4, 4)).requiresGrad(true);
    int[] labels = TensorGen.indices(random, n, classes);
    for (Reduction r : Reduction.values()) {
      GradCheck.check(t -> Losses.crossEntropy(t[0], labels, r), logits);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void crossEntropyLossObjectFromTensorLabels(long seed) {
    var random = new SplittableRandom(seed);
    int n = random.nextInt(1, 6);
    int classes = random.nextInt(2, 6);
    Tensor logits = TensorGen.tensor(random, new int[] {n, classes}, Elements.uniform(-4, 4)).requiresGrad(true);
    int[] labels = TensorGen.indices(random, n, classes);
    double[] asDoubles = new double[n];
    for (int i = 0; i < n; i++) {
      asDoubles[i] = labels[i];
    }
    Tensor target = Tensor.of(asDoubles, n);
    GradCheck.check(t -> Loss.crossEntropy(Reduction.SUM).compute(t[0], target), logits);
  }
}
