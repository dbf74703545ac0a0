package dev.jgrad.examples;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Tanh;
import dev.jgrad.nn.init.Init;
import dev.jgrad.nn.loss.Loss;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.nn.optim.SGD;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The course's planar data set: a flower whose petals alternate between two classes. Logistic
 * regression can only draw a line through it; one hidden layer of tanh units bends the boundary
 * around the petals.
 *
 * <p>The network is 2 → h (tanh) → 1 (sigmoid), initialised as the course does (weights N(0, 0.01²),
 * biases 0) and trained by full-batch gradient descent on the cross-entropy cost. Accuracies are on
 * the 400 points it trained on, as in the course.
 */
@Command(
    name = "shallow",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "One hidden tanh layer on the planar flower data, against logistic regression.",
      "Then sweeps the hidden layer's size. Writes boundary.png, logistic-boundary.png and hidden-sizes.png."
    })
public final class ShallowExample implements Callable<Integer> {

  @Option(names = "--hidden", defaultValue = "4", description = "hidden units (default: ${DEFAULT-VALUE})")
  int hidden = 4;

  @Option(names = "--iterations", defaultValue = "10000", description = "gradient-descent steps (default: ${DEFAULT-VALUE})")
  int iterations = 10000;

  @Option(names = {"--learning-rate", "--lr"}, defaultValue = "1.2", description = "learning rate (default: ${DEFAULT-VALUE})")
  double learningRate = 1.2;

  @Option(names = "--print-every", defaultValue = "1000", description = "print the cost every N iterations (default: ${DEFAULT-VALUE})")
  int printEvery = 1000;

  @Option(names = "--points", defaultValue = "400", description = "points in the flower, half per class (default: ${DEFAULT-VALUE})")
  int points = FlowerData.DEFAULT_SIZE;

  @Option(
      names = "--sweep",
      paramLabel = "H,H,...",
      defaultValue = "1,2,3,4,5,20,50",
      description = "hidden sizes to compare, each trained for --iterations; \"none\" to skip (default: ${DEFAULT-VALUE})")
  String sweep = "1,2,3,4,5,20,50";

  @Option(names = "--seed", defaultValue = "1", description = "seed of the data and of the initial weights (default: ${DEFAULT-VALUE})")
  long seed = 1;

  @Option(names = "--out", defaultValue = "runs/shallow", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out = Path.of("runs/shallow");

  @Mixin RunOptions run = new RunOptions();

  /** A trained network, its cost before each iteration, and its accuracy on the training points. */
  public record Result(Module model, List<Double> costs, double accuracy) {}

  @Override
  public Integer call() throws IOException {
    if (hidden < 1 || points < 2) {
      throw new ExampleException("--hidden must be at least 1 and --points at least 2");
    }
    PrintStream o = System.out;
    FlowerData flower = FlowerData.generate(points, seed);
    Tensor x = flower.features();
    Tensor y = flower.targets();
    o.printf(Locale.ROOT, "data: %d points of a flower with %d petals, two classes (seed %d)%n", flower.size(), 8, seed);

    // The baseline: logistic regression, the same tensor-op model as in the logistic example.
    LogisticExample.Fit logistic = LogisticExample.fit(x, y, iterations, learningRate, printEvery, null);
    double logisticAccuracy = logistic.model().accuracy(x, y);
    o.printf(Locale.ROOT, "logistic regression: accuracy %.1f%% (a straight line cannot follow the petals)%n",
        100 * logisticAccuracy);

    o.printf(Locale.ROOT, "network 2 → %d (tanh) → 1 (sigmoid), learning rate %s:%n", hidden, learningRate);
    Result result = train(flower, hidden, iterations, learningRate, seed, printEvery, o);
    o.printf(Locale.ROOT, "accuracy with %d hidden units: %.1f%%%n", hidden, 100 * result.accuracy());

    Path boundaryPng = out.resolve("boundary.png");
    Path logisticPng = out.resolve("logistic-boundary.png");
    double[][] pts = flower.points();
    int[] labels = flower.labels();
    Plots.saveBoundary(
        new Plots.Boundary(String.format(Locale.ROOT, "%d hidden units (tanh): %.1f%%", hidden, 100 * result.accuracy()),
            probabilities(result.model())),
        pts, labels, boundaryPng);
    Plots.saveBoundary(
        new Plots.Boundary(String.format(Locale.ROOT, "logistic regression: %.1f%%", 100 * logisticAccuracy),
            probabilities(logistic.model())),
        pts, labels, logisticPng);
    List<String> pictures = new ArrayList<>(List.of(boundaryPng.toString(), logisticPng.toString()));

    List<Integer> sizes = parseSizes(sweep);
    if (!sizes.isEmpty()) {
      o.println("hidden-layer sizes (" + iterations + " iterations each):");
      List<Plots.Boundary> panels = new ArrayList<>();
      panels.add(new Plots.Boundary(
          String.format(Locale.ROOT, "logistic regression: %.1f%%", 100 * logisticAccuracy), probabilities(logistic.model())));
      for (int h : sizes) {
        Result r = h == hidden ? result : train(flower, h, iterations, learningRate, seed, printEvery, null);
        o.printf(Locale.ROOT, "  %3d hidden units: accuracy %.1f%%%n", h, 100 * r.accuracy());
        panels.add(new Plots.Boundary(
            String.format(Locale.ROOT, "%d hidden unit%s: %.1f%%", h, h == 1 ? "" : "s", 100 * r.accuracy()),
            probabilities(r.model())));
      }
      Path gridPng = out.resolve("hidden-sizes.png");
      Plots.saveBoundaries(panels, 4, pts, labels, gridPng);
      pictures.add(gridPng.toString());
    }
    o.println("pictures: " + String.join(", ", pictures));
    return 0;
  }

  /**
   * Trains 2 → hidden (tanh) → 1 on the flower by full-batch gradient descent, printing the cost every
   * {@code printEvery} iterations to {@code log} when it is not null.
   */
  public static Result train(
      FlowerData flower, int hidden, int iterations, double learningRate, long seed, int printEvery, PrintStream log) {
    Tensor x = flower.features();
    Tensor y = flower.targets();
    SplittableRandom random = new SplittableRandom(seed);
    // Small random weights break the symmetry between hidden units; tanh is near-linear there, so
    // learning starts fast. The output layer gives a logit: the loss applies the sigmoid itself.
    Module model = new Sequential(
        Linear.builder(2, hidden).weightInit(Init.normal(0.01)).biasInit(Init.zeros()).build(random),
        new Tanh(),
        Linear.builder(hidden, 1).weightInit(Init.normal(0.01)).biasInit(Init.zeros()).build(random));
    Loss loss = Loss.binaryCrossEntropyWithLogits();
    Optimizer optimizer = SGD.builder(model.parameters()).learningRate(learningRate).build();
    List<Double> costs = new ArrayList<>();
    for (int i = 0; ; i++) {
      Tensor cost = loss.compute(model.forward(x), y);
      costs.add(cost.item());
      if (log != null && (i % printEvery == 0 || i == iterations)) {
        log.printf(Locale.ROOT, "cost after iteration %d: %.6f%n", i, cost.item());
      }
      if (i == iterations) {
        break;
      }
      optimizer.zeroGrad();
      cost.backward();
      optimizer.step();
    }
    double accuracy;
    try (var g = Autograd.noGrad()) {
      accuracy = BinaryTask.accuracy(model.forward(x), y, 0);
    }
    return new Result(model, costs, accuracy);
  }

  /** The network's probability of class 1 at any points of the plane, for the boundary pictures. */
  static Plots.PlaneModel probabilities(Module model) {
    return (xs, ys) -> probabilities(points(xs, ys), model::forward);
  }

  static Plots.PlaneModel probabilities(LogisticExample.LogisticRegression model) {
    return (xs, ys) -> probabilities(points(xs, ys), model::logits);
  }

  private static Tensor points(double[] xs, double[] ys) {
    float[] xy = new float[2 * xs.length];
    for (int i = 0; i < xs.length; i++) {
      xy[2 * i] = (float) xs[i];
      xy[2 * i + 1] = (float) ys[i];
    }
    return Tensor.of(xy, xs.length, 2);
  }

  private static double[] probabilities(Tensor points, UnaryOperator<Tensor> logits) {
    try (var g = Autograd.noGrad()) {
      float[] p = logits.apply(points).sigmoid().toFloatArray();
      double[] out = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        out[i] = p[i];
      }
      return out;
    }
  }

  private static List<Integer> parseSizes(String list) {
    List<Integer> sizes = new ArrayList<>();
    if (list.isBlank() || list.trim().equalsIgnoreCase("none")) {
      return sizes;
    }
    for (String part : list.split(",")) {
      try {
        int h = Integer.parseInt(part.trim());
        if (h < 1) {
          throw new NumberFormatException();
        }
        sizes.add(h);
      } catch (NumberFormatException e) {
        throw new ExampleException("--sweep takes hidden sizes (positive whole numbers) separated by commas, or none; got " + list);
      }
    }
    return sizes;
  }
}
