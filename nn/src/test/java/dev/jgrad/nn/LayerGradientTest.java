package dev.jgrad.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.testing.Elements;
import dev.jgrad.autograd.testing.TensorGen;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every layer's gradients, in float64, against central differences — with respect to inputs and parameters. */
class LayerGradientTest {

  private static Tensor x(SplittableRandom random, int[] shape, Elements elements) {
    return TensorGen.tensor(random, shape, elements).requiresGrad(true);
  }

  /** [batch dims..., features]: rank 1 to 3. */
  private static int[] batchShape(SplittableRandom random, int features) {
    int[] lead = TensorGen.shape(random, 0, 2, 1, 4);
    int[] shape = new int[lead.length + 1];
    System.arraycopy(lead, 0, shape, 0, lead.length);
    shape[lead.length] = features;
    return shape;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void linear(long seed) {
    var random = new SplittableRandom(seed);
    int in = random.nextInt(1, 5);
    int out = random.nextInt(1, 5);
    Tensor input = x(random, batchShape(random, in), Elements.uniform(-2, 2));
    Tensor weight = x(random, new int[] {in, out}, Elements.uniform(-1, 1));
    Tensor bias = x(random, new int[] {out}, Elements.uniform(-1, 1));
    GradCheck.check(t -> new Linear(t[1], t[2]).forward(t[0]), input, weight, bias);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void linearWithoutBias(long seed) {
    var random = new SplittableRandom(seed);
    int in = random.nextInt(1, 5);
    int out = random.nextInt(1, 5);
    Tensor input = x(random, batchShape(random, in), Elements.uniform(-2, 2));
    Tensor weight = x(random, new int[] {in, out}, Elements.uniform(-1, 1));
    GradCheck.check(t -> new Linear(t[1], null).forward(t[0]), input, weight);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void builtLinearInFloat64(long seed) {
    var random = new SplittableRandom(seed);
    int in = random.nextInt(1, 5);
    int out = random.nextInt(1, 5);
    Linear layer = Linear.builder(in, out).dtype(DType.FLOAT64).build(random);
    assertThat(layer.weight().dtype()).isEqualTo(DType.FLOAT64);
    Tensor input = x(random, batchShape(random, in), Elements.uniform(-2, 2));
    GradCheck.check(t -> layer.forward(t[0]), input);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void sequentialNetwork(long seed) {
    var random = new SplittableRandom(seed);
    int in = random.nextInt(1, 4);
    int hidden = random.nextInt(1, 5);
    int out = random.nextInt(1, 4);
    Tensor input = x(random, new int[] {random.nextInt(1, 5), in}, Elements.uniform(-2, 2));
    Tensor w1 = x(random, new int[] {in, hidden}, Elements.uniform(-1, 1));
    Tensor b1 = x(random, new int[] {hidden}, Elements.uniform(-1, 1));
    Tensor w2 = x(random, new int[] {hidden, out}, Elements.uniform(-1, 1));
    Tensor b2 = x(random, new int[] {out}, Elements.uniform(-1, 1));
    GradCheck.check(
        t -> new Sequential(new Linear(t[1], t[2]), new Tanh(), new Linear(t[3], t[4]), new Sigmoid()).forward(t[0]),
        input, w1, b1, w2, b2);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void sigmoid(long seed) {
    var random = new SplittableRandom(seed);
    GradCheck.check(t -> new Sigmoid().forward(t[0]), x(random, TensorGen.shape(random, 0, 3, 1, 4), Elements.uniform(-4, 4)));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void tanh(long seed) {
    var random = new SplittableRandom(seed);
    GradCheck.check(t -> new Tanh().forward(t[0]), x(random, TensorGen.shape(random, 0, 3, 1, 4), Elements.uniform(-3, 3)));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void relu(long seed) {
    var random = new SplittableRandom(seed);
    Tensor input = x(random, TensorGen.shape(random, 0, 3, 1, 4), Elements.awayFrom(-3, 3, 0.01, 0));
    GradCheck.check(t -> new ReLU().forward(t[0]), input);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void leakyRelu(long seed) {
    var random = new SplittableRandom(seed);
    double slope = random.nextDouble(0, 0.5);
    Tensor input = x(random, TensorGen.shape(random, 0, 3, 1, 4), Elements.awayFrom(-3, 3, 0.01, 0));
    GradCheck.check(t -> new LeakyReLU(slope).forward(t[0]), input);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void softmax(long seed) {
    var random = new SplittableRandom(seed);
    int[] shape = TensorGen.shape(random, 1, 3, 1, 4);
    int axis = random.nextInt(-shape.length, shape.length);
    Tensor input = x(random, shape, Elements.uniform(-3, 3));
    GradCheck.check(t -> new Softmax(axis).forward(t[0]), input);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void flatten(long seed) {
    var random = new SplittableRandom(seed);
    Tensor input = x(random, TensorGen.shape(random, 1, 4, 1, 3), Elements.uniform(-3, 3));
    GradCheck.check(t -> new Flatten().forward(t[0]).tanh(), input);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void dropoutInTraining(long seed) {
    var random = new SplittableRandom(seed);
    double p = random.nextDouble(0, 0.9);
    long maskSeed = random.nextLong();
    Tensor input = x(random, TensorGen.shape(random, 0, 3, 1, 4), Elements.uniform(-3, 3));
    // A fresh, identically seeded generator per call, so every evaluation uses the same mask.
    GradCheck.check(t -> new Dropout(p, new SplittableRandom(maskSeed)).forward(t[0]), input);
  }
}
