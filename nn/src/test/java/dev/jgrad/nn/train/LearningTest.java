package dev.jgrad.nn.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Reduction;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Sigmoid;
import dev.jgrad.nn.Tanh;
import dev.jgrad.nn.data.ArrayDataset;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.init.Init;
import dev.jgrad.nn.init.Initializer;
import dev.jgrad.nn.loss.Loss;
import dev.jgrad.nn.loss.Losses;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.nn.optim.SGD;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Small end-to-end training runs: the networks must actually learn. */
class LearningTest {

  private static final Tensor XOR_X = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
  private static final Tensor XOR_Y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#handful")
  void twoFourOneTanhNetworkLearnsXor(long seed) {
    var random = new SplittableRandom(seed);
    Module model = new Sequential(
        Linear.builder(2, 4).weightInit(Init.xavierUniform()).build(random), new Tanh(),
        Linear.builder(4, 1).weightInit(Init.xavierUniform()).build(random), new Sigmoid());
    Optimizer adam = Adam.builder(model.parameters()).learningRate(0.05).build();
    DataLoader loader = DataLoader.builder(ArrayDataset.of(XOR_X, XOR_Y)).batchSize(4).build();
    Trainer trainer = Trainer.builder(model, Loss.binaryCrossEntropy(), adam)
        .epochs(1500)
        .accuracy(Accuracy.binaryFromProbabilities())
        .progressBar(false)
        .build();

    List<EpochMetrics> history = trainer.fit(loader);

    Evaluation end = trainer.evaluate(loader);
    assertThat(end.accuracy()).as("final accuracy, %s", end).isEqualTo(1.0);
    assertThat(end.loss()).isLessThan(history.get(0).train().loss());
    float[] p = model.forward(XOR_X).toFloatArray();
    assertThat(p[0]).isLessThan(0.5f);
    assertThat(p[1]).isGreaterThan(0.5f);
    assertThat(p[2]).isGreaterThan(0.5f);
    assertThat(p[3]).isLessThan(0.5f);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#handful")
  void logisticRegressionSeparatesSeparableData(long seed) {
    var random = new SplittableRandom(seed);
    int n = 200;
    int d = 3;
    double[] trueW = {random.nextDouble(-1, 1), random.nextDouble(-1, 1), random.nextDouble(-1, 1)};
    double trueB = random.nextDouble(-0.3, 0.3);
    float[] x = new float[n * d];
    float[] y = new float[n];
    for (int i = 0; i < n; ) {
      double margin = trueB;
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (float) random.nextDouble(-1, 1);
        margin += trueW[j] * x[i * d + j];
      }
      if (Math.abs(margin) >= 0.1) {  // keep a margin, so the classes are strictly separable
        y[i] = margin > 0 ? 1 : 0;
        i++;
      }
    }
    Tensor features = Tensor.of(x, n, d);
    Tensor targets = Tensor.of(y, n, 1);
    Linear model = Linear.builder(d, 1).weightInit(Init.zeros()).biasInit(Init.zeros()).build(random);
    Optimizer adam = Adam.builder(model.parameters()).learningRate(0.1).build();
    double accuracy = 0;
    for (int step = 0; step < 2000 && accuracy < 1; step++) {
      adam.zeroGrad();
      Tensor logits = model.forward(features);
      Losses.binaryCrossEntropyWithLogits(logits, targets, Reduction.MEAN).backward();
      adam.step();
      accuracy = (double) Accuracy.binaryFromLogits().correct(model.forward(features), targets) / n;
    }
    assertThat(accuracy).isEqualTo(1.0);
  }

  /**
   * The course's point about initialisation: when every hidden unit starts with the same weights,
   * every unit gets the same gradient, so they stay copies of each other however long one trains;
   * random initialisation breaks the symmetry.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#handful")
  void zeroInitialisationKeepsHiddenUnitsIdenticalRandomDoesNot(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = Tensor.randn(random, DType.FLOAT64, 16, 3);
    Tensor y = Tensor.rand(random, 0, 1, DType.FLOAT64, 16, 1).gt(0.5);

    Linear zeroHidden = train(Init.zeros(), random, x, y);
    assertUnitsIdentical(zeroHidden);
    // With tanh and all-zero weights, no gradient ever reaches the weights: they stay 0.
    assertThat(zeroHidden.weight().toDoubleArray()).containsOnly(0.0);

    Linear constantHidden = train(Init.constant(0.3), random, x, y);
    assertUnitsIdentical(constantHidden);
    assertThat(constantHidden.weight().get(0, 0)).isNotEqualTo(0.3);  // they moved, together

    Linear randomHidden = train(Init.normal(0.01), random, x, y);
    assertThat(maxColumnSpread(randomHidden)).isGreaterThan(1e-4);
  }

  /** A 3-4-1 tanh network whose weights all start from {@code init}; returns its hidden layer after 50 steps. */
  private static Linear train(Initializer init, SplittableRandom random, Tensor x, Tensor y) {
    Linear hidden = Linear.builder(3, 4).dtype(DType.FLOAT64).weightInit(init).biasInit(Init.zeros()).build(random);
    Linear output = Linear.builder(4, 1).dtype(DType.FLOAT64).weightInit(init).biasInit(Init.zeros()).build(random);
    Module model = new Sequential(hidden, new Tanh(), output);
    Optimizer sgd = SGD.builder(model.parameters()).learningRate(0.5).build();
    for (int step = 0; step < 50; step++) {
      sgd.zeroGrad();
      Losses.binaryCrossEntropyWithLogits(model.forward(x), y, Reduction.MEAN).backward();
      sgd.step();
    }
    return hidden;
  }

  /** Unit j of the hidden layer is column j of its [in, out] weight and element j of its bias. */
  private static void assertUnitsIdentical(Linear hidden) {
    assertThat(maxColumnSpread(hidden)).isLessThan(1e-12);
    double[] b = hidden.bias().toDoubleArray();
    for (double v : b) {
      assertThat(Math.abs(v - b[0])).isLessThan(1e-12);
    }
  }

  private static double maxColumnSpread(Linear hidden) {
    double spread = 0;
    for (int i = 0; i < hidden.inFeatures(); i++) {
      for (int j = 1; j < hidden.outFeatures(); j++) {
        spread = Math.max(spread, Math.abs(hidden.weight().get(i, j) - hidden.weight().get(i, 0)));
      }
    }
    return spread;
  }
}
