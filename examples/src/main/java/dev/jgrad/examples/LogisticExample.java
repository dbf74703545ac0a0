package dev.jgrad.examples;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Functional;
import dev.jgrad.autograd.Reduction;
import dev.jgrad.autograd.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Logistic regression as the course builds it, from tensor operations and nothing else: a = σ(Xw + b)
 * for all m examples at once, the cross-entropy cost, and batch gradient descent — except that the
 * gradients come from {@code cost.backward()} instead of being derived by hand.
 *
 * <p>The task is a yes/no question about Fashion-MNIST images, like the course's "cat or not?": by
 * default "is this a shirt or a T-shirt/top?" — two classes that look alike, so a linear model gets
 * most but far from all of them right.
 */
@Command(
    name = "logistic",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Logistic regression built from tensor ops: is this Fashion-MNIST image a shirt or a T-shirt?",
      "Batch gradient descent over all the images of two classes, then a comparison of learning rates.",
      "Writes cost.png and learning-rates.png."
    })
public final class LogisticExample implements Callable<Integer> {
  /** T-shirt/top (0) against Shirt (6): the pair a linear model finds hardest but can still learn. */
  static final int DEFAULT_NEGATIVE = 0;

  static final int DEFAULT_POSITIVE = 6;

  @Option(
      names = "--classes",
      split = ",",
      arity = "1",
      paramLabel = "NEG,POS",
      defaultValue = DEFAULT_NEGATIVE + "," + DEFAULT_POSITIVE,
      description = "the two Fashion-MNIST classes, labelled 0 and 1 (default: ${DEFAULT-VALUE}, T-shirt/top or Shirt;"
          + " 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot)")
  int[] classes = {DEFAULT_NEGATIVE, DEFAULT_POSITIVE};

  @Option(names = "--iterations", defaultValue = "1000", description = "gradient-descent steps (default: ${DEFAULT-VALUE})")
  int iterations = 1000;

  @Option(names = {"--learning-rate", "--lr"}, defaultValue = "0.05", description = "learning rate (default: ${DEFAULT-VALUE})")
  double learningRate = 0.05;

  @Option(names = "--print-every", defaultValue = "100", description = "print the cost every N iterations (default: ${DEFAULT-VALUE})")
  int printEvery = 100;

  @Option(
      names = "--compare-rates",
      paramLabel = "LR,LR,...",
      defaultValue = "0.01,0.001,0.0001",
      description = "learning rates to compare on one plot, each run for --iterations; \"none\" to skip (default: ${DEFAULT-VALUE})")
  String compareRates = "0.01,0.001,0.0001";

  @Option(names = "--out", defaultValue = "runs/logistic", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out = Path.of("runs/logistic");

  @Mixin RunOptions run = new RunOptions();

  @Mixin FashionMnistOptions data = new FashionMnistOptions();

  /** What one run of logistic regression reached; {@code costs} holds the cost before each iteration and after the last. */
  public record Result(LogisticRegression model, List<Double> costs, double trainAccuracy, double testAccuracy) {}

  /** The trained parameters: w [n, 1] and b [1]. */
  public record LogisticRegression(Tensor w, Tensor b) {
    /** Zeros, as the course starts (a single unit has no symmetry to break). */
    public static LogisticRegression zeros(int features) {
      return new LogisticRegression(Tensor.zeros(features, 1).requiresGrad(true), Tensor.zeros(1).requiresGrad(true));
    }

    /** z = Xw + b for X of shape [m, n]: one logit per example. */
    public Tensor logits(Tensor x) {
      return x.matmul(w).add(b);
    }

    /** The fraction of examples where σ(z) > 0.5 (that is, z > 0) agrees with the label. */
    public double accuracy(Tensor x, Tensor y) {
      try (var g = Autograd.noGrad()) {
        return BinaryTask.accuracy(logits(x), y, 0);
      }
    }
  }

  @Override
  public Integer call() throws IOException {
    if (classes.length != 2) {
      throw new ExampleException("--classes takes two class numbers, e.g. --classes 0,6");
    }
    BinaryTask task = BinaryTask.of(data.train(), data.test(), classes[0], classes[1]);
    PrintStream o = System.out;
    o.printf(Locale.ROOT, "task: %s? %,d training and %,d test images of 28×28 = 784 pixels%n",
        task.question(), task.trainSize(), task.testSize());

    Result result = train(task, iterations, learningRate, printEvery, o);
    o.printf(Locale.ROOT, "train accuracy: %.4f   test accuracy: %.4f   majority-class baseline: %.4f%n",
        result.trainAccuracy(), result.testAccuracy(), task.majorityBaseline());

    Path costPng = out.resolve("cost.png");
    Plots.save(
        Plots.lineChart(
            String.format(Locale.ROOT, "Logistic regression, learning rate %s", learningRate),
            "iteration", "cost",
            List.of(Plots.Series.ofIterations("cost", result.costs())), false),
        costPng);
    List<Path> pictures = new ArrayList<>(List.of(costPng));

    List<Double> rates = parseRates(compareRates);
    if (!rates.isEmpty()) {
      o.println("learning rates (" + iterations + " iterations each):");
      List<Plots.Series> curves = new ArrayList<>();
      for (double rate : rates) {
        Result r = train(task, iterations, rate, printEvery, null);
        o.printf(Locale.ROOT, "  %-8s final cost %.4f   train accuracy %.4f   test accuracy %.4f%n",
            plain(rate), r.costs().getLast(), r.trainAccuracy(), r.testAccuracy());
        curves.add(Plots.Series.ofIterations("learning rate " + plain(rate), r.costs()));
      }
      Path ratesPng = out.resolve("learning-rates.png");
      Plots.save(Plots.legendBelow(Plots.lineChart("Cost by learning rate", "iteration", "cost", curves, false)), ratesPng);
      pictures.add(ratesPng);
    }
    o.println("pictures: " + String.join(", ", pictures.stream().map(Path::toString).toList()));
    return 0;
  }

  /** 0.0001, not 1.0E-4. */
  private static String plain(double rate) {
    return java.math.BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
  }

  private static List<Double> parseRates(String list) {
    List<Double> rates = new ArrayList<>();
    if (list.isBlank() || list.trim().equalsIgnoreCase("none")) {
      return rates;
    }
    for (String part : list.split(",")) {
      try {
        rates.add(Double.parseDouble(part.trim()));
      } catch (NumberFormatException e) {
        throw new ExampleException("--compare-rates takes learning rates separated by commas, or none; got " + list);
      }
    }
    return rates;
  }

  /**
   * Trains logistic regression on the task by batch gradient descent from zeros, printing the cost
   * every {@code printEvery} iterations to {@code log} (when not null).
   */
  public static Result train(BinaryTask task, int iterations, double learningRate, int printEvery, PrintStream log) {
    Fit fit = fit(task.trainX(), task.trainY(), iterations, learningRate, printEvery, log);
    LogisticRegression model = fit.model();
    return new Result(
        model, fit.costs(), model.accuracy(task.trainX(), task.trainY()), model.accuracy(task.testX(), task.testY()));
  }

  /** A trained model and its cost before each iteration (and after the last). */
  public record Fit(LogisticRegression model, List<Double> costs) {}

  /**
   * Logistic regression on examples x [m, n] with labels y [m, 1] (0 or 1), trained by batch gradient
   * descent from zeros; prints the cost every {@code printEvery} iterations to {@code log} when it is
   * not null.
   */
  public static Fit fit(Tensor x, Tensor y, int iterations, double learningRate, int printEvery, PrintStream log) {
    if (iterations < 1 || printEvery < 1) {
      throw new ExampleException("--iterations and --print-every must be at least 1");
    }
    LogisticRegression model = LogisticRegression.zeros(x.dim(1));
    List<Double> costs = new ArrayList<>();
    for (int i = 0; ; i++) {
      // Forward, vectorised over all m examples: z = Xw + b, and the cross-entropy of a = σ(z),
      // J = −(1/m) Σ y·log a + (1 − y)·log(1 − a), computed from z so that it never takes log(0).
      Tensor cost = Functional.binaryCrossEntropyWithLogits(model.logits(x), y, Reduction.MEAN);
      costs.add(cost.item());
      if (log != null && (i % printEvery == 0 || i == iterations)) {
        log.printf(Locale.ROOT, "cost after iteration %d: %.6f%n", i, cost.item());
      }
      if (i == iterations) {
        return new Fit(model, costs);
      }
      // Backward: dJ/dw and dJ/db; then one step downhill.
      cost.backward();
      try (var g = Autograd.noGrad()) {
        model.w().addInPlace(model.w().grad(), -learningRate);
        model.b().addInPlace(model.b().grad(), -learningRate);
      }
      model.w().zeroGrad();
      model.b().zeroGrad();
    }
  }
}
