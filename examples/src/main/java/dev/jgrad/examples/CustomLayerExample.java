package dev.jgrad.examples;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.data.ArrayDataset;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.init.Init;
import dev.jgrad.nn.loss.Loss;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.train.Accuracy;
import dev.jgrad.nn.train.EpochMetrics;
import dev.jgrad.nn.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A layer of one's own: {@link Swish}, y = x·σ(βx) with a learnable β per unit, written as a custom
 * operation with a hand-written backward. GradCheck compares that backward with central differences
 * (first and second derivatives, in float64); then the layer goes into a network that trains on
 * Fashion-MNIST with nn's {@link Trainer}, and every unit learns its own β.
 */
@Command(
    name = "custom-layer",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "A layer of your own: Swish with a learnable slope, its backward checked by GradCheck.",
      "Then trained in a 784-128-64-10 network on Fashion-MNIST with nn's Trainer. Writes swish.png."
    })
public final class CustomLayerExample implements Callable<Integer> {

  @Option(names = "--hidden", split = ",", defaultValue = "128,64", description = "hidden layer sizes (default: ${DEFAULT-VALUE})")
  int[] hidden = {128, 64};

  @Option(names = "--epochs", defaultValue = "5", description = "passes over the training set (default: ${DEFAULT-VALUE})")
  int epochs = 5;

  @Option(names = "--batch-size", defaultValue = "128", description = "examples per mini-batch (default: ${DEFAULT-VALUE})")
  int batchSize = 128;

  @Option(names = {"--learning-rate", "--lr"}, defaultValue = "0.001", description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
  double learningRate = 0.001;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the weights, the shuffling and the GradCheck inputs (default: ${DEFAULT-VALUE})")
  long seed = 1;

  @Option(names = "--out", defaultValue = "runs/custom-layer", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out = Path.of("runs/custom-layer");

  @Mixin RunOptions run = new RunOptions();

  @Mixin FashionMnistOptions data = new FashionMnistOptions();

  /** The trained network, its epochs, and its Swish layers. */
  public record Result(Module model, List<EpochMetrics> history, List<Swish> swishLayers) {
    public double testAccuracy() {
      return history.getLast().validation().accuracy();
    }
  }

  @Override
  public Integer call() throws IOException {
    PrintStream o = System.out;
    ArrayDataset train = data.train();
    ArrayDataset test = data.test();
    checkGradients(seed);
    o.println("gradcheck: Swish's backward agrees with central differences in x and β, first and second order");
    Result r = train(train, test, o);
    for (int i = 0; i < r.swishLayers().size(); i++) {
      DoubleSummaryStatistics b = betas(r.swishLayers().get(i));
      o.printf(Locale.ROOT, "learned β of Swish layer %d: mean %.3f, from %.3f to %.3f (all started at 1)%n",
          i + 1, b.getAverage(), b.getMin(), b.getMax());
    }
    Path picture = out.resolve("swish.png");
    saveShapes(r.swishLayers().getFirst(), picture);
    o.println("pictures: " + picture);
    o.printf(Locale.ROOT, "test accuracy: %.4f%n", r.testAccuracy());
    return 0;
  }

  /**
   * Checks Swish's hand-written derivatives against central differences in float64 — with respect to
   * the input and to β, including points where βx is large and σ saturates — and its second
   * derivatives too. Throws {@link GradCheck.GradCheckError} naming the element that disagrees.
   */
  public static void checkGradients(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Tensor x = Tensor.randn(random, DType.FLOAT64, 5, 3).mul(3).detach().requiresGrad(true);
    Tensor beta = Tensor.rand(random, 0.2, 2, DType.FLOAT64, 3).requiresGrad(true);
    Swish.Op op = new Swish.Op();
    GradCheck.check(in -> op.apply(in[0], in[1]), x, beta);
    GradCheck.checkSecondOrder(in -> op.apply(in[0], in[1]), x, beta);
  }

  /** Trains 784 → hidden… → 10 with a Swish layer after each hidden layer. */
  Result train(ArrayDataset train, ArrayDataset test, PrintStream o) {
    if (epochs < 1 || batchSize < 1 || hidden.length == 0) {
      throw new ExampleException("--epochs, --batch-size and --hidden must be positive");
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<Module> layers = new ArrayList<>();
    List<Swish> swishes = new ArrayList<>();
    int in = train.featureSize();
    for (int h : hidden) {
      layers.add(Linear.builder(in, h).weightInit(Init.heNormal()).biasInit(Init.zeros()).build(random));
      Swish swish = new Swish(h);
      layers.add(swish);
      swishes.add(swish);
      in = h;
    }
    layers.add(Linear.builder(in, 10).weightInit(Init.xavierNormal()).biasInit(Init.zeros()).build(random));
    Module model = new Sequential(layers);
    o.printf(Locale.ROOT, "model: %,d parameters (%d of them β)%n%s%n", model.parameterCount(),
        swishes.stream().mapToInt(s -> s.beta().size()).sum(), model);

    Trainer.Builder builder = Trainer.builder(model, Loss.crossEntropy(), Adam.builder(model.parameters()).learningRate(learningRate).build())
        .epochs(epochs)
        .accuracy(Accuracy.argmax())
        .callback((m, control) -> o.printf(Locale.ROOT, "epoch %d/%d  %s  test %s%n", m.epoch() + 1, epochs, m.train(), m.validation()));
    if (Progress.stdoutIsTerminal()) {
      builder.progressBar(o);
    } else {
      builder.progressBar(false);
    }
    List<EpochMetrics> history = builder.build().fit(
        DataLoader.builder(train).batchSize(batchSize).shuffle(true).seed(seed).build(),
        DataLoader.builder(test).batchSize(1000).build());
    return new Result(model, history, swishes);
  }

  private static DoubleSummaryStatistics betas(Swish layer) {
    return Arrays.stream(layer.beta().toDoubleArray()).summaryStatistics();
  }

  /** Swish at the smallest, mean and largest β its first layer learned, with ReLU for comparison. */
  private static void saveShapes(Swish layer, Path file) throws IOException {
    DoubleSummaryStatistics b = betas(layer);
    double[] betas = {b.getMin(), b.getAverage(), b.getMax()};
    String[] names = {"smallest", "mean", "largest"};
    int n = 121;
    double[] xs = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = -6 + 12.0 * i / (n - 1);
    }
    List<Plots.Series> series = new ArrayList<>();
    for (int k = 0; k < betas.length; k++) {
      Tensor x = Tensor.of(xs, n);
      double[] y = new Swish.Op().apply(x, Tensor.full(betas[k], DType.FLOAT64, 1)).toDoubleArray();
      series.add(new Plots.Series(String.format(Locale.ROOT, "%s learned β = %.2f", names[k], betas[k]), xs, y));
    }
    double[] relu = new double[n];
    for (int i = 0; i < n; i++) {
      relu[i] = Math.max(0, xs[i]);
    }
    series.add(new Plots.Series("ReLU", xs, relu));
    Plots.save(Plots.lineChart("Swish x·σ(βx) in the first hidden layer", "x", "y", series, false), file);
  }
}
