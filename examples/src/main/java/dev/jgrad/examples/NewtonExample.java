package dev.jgrad.examples;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
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
import java.util.function.UnaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The logistic regression of {@code logistic} ("shirt or T-shirt?"), trained twice: by the course's
 * gradient descent, and by Newton's method, whose steps solve H·d = −∇J with conjugate gradients on
 * Hessian-vector products ({@link Autograd#hvp}, forward over reverse) — the 785 × 785 Hessian is
 * never formed. Newton reaches in a handful of iterations the cost that gradient descent reaches in
 * a thousand.
 */
@Command(
    name = "newton",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Logistic regression (shirt or T-shirt?) by gradient descent and by Newton's method, side by side.",
      "Newton's steps solve H·d = -grad J by conjugate gradients on Autograd.hvp. Writes newton.png."
    })
public final class NewtonExample implements Callable<Integer> {
  @Option(
      names = "--classes",
      split = ",",
      arity = "1",
      paramLabel = "NEG,POS",
      defaultValue = LogisticExample.DEFAULT_NEGATIVE + "," + LogisticExample.DEFAULT_POSITIVE,
      description = "the two Fashion-MNIST classes, labelled 0 and 1 (default: ${DEFAULT-VALUE}, T-shirt/top or Shirt)")
  int[] classes = {LogisticExample.DEFAULT_NEGATIVE, LogisticExample.DEFAULT_POSITIVE};

  @Option(names = "--iterations", defaultValue = "10", description = "Newton iterations (default: ${DEFAULT-VALUE})")
  int iterations = 10;

  @Option(names = "--gd-iterations", defaultValue = "1000",
      description = "gradient-descent iterations to compare with (default: ${DEFAULT-VALUE})")
  int gdIterations = 1000;

  @Option(names = {"--learning-rate", "--lr"}, defaultValue = "0.05",
      description = "gradient descent's learning rate (default: ${DEFAULT-VALUE})")
  double learningRate = 0.05;

  @Option(names = "--cg-iterations", defaultValue = "10",
      description = "conjugate-gradient steps (Hessian-vector products) per Newton step at most (default: ${DEFAULT-VALUE})")
  int cgIterations = 10;

  @Option(names = "--damping", defaultValue = "1e-4",
      description = "λ in (H + λI)·d = -grad J: pixels that are 0 in every image make H singular (default: ${DEFAULT-VALUE})")
  double damping = 1e-4;

  @Option(names = "--out", defaultValue = "runs/newton", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out = Path.of("runs/newton");

  @Mixin RunOptions run = new RunOptions();

  @Mixin FashionMnistOptions data = new FashionMnistOptions();

  /** Newton's method's course: the cost before each iteration and after the last, seconds, the parameters. */
  record NewtonFit(List<Double> costs, List<Double> seconds, Tensor theta, int hessianVectorProducts) {}

  @Override
  public Integer call() throws IOException {
    if (classes.length != 2) {
      throw new ExampleException("--classes takes two class numbers, e.g. --classes 0,6");
    }
    if (iterations < 1 || gdIterations < 1 || cgIterations < 1 || !(damping >= 0)) {
      throw new ExampleException("--iterations, --gd-iterations and --cg-iterations must be at least 1, --damping >= 0");
    }
    BinaryTask task = BinaryTask.of(data.train(), data.test(), classes[0], classes[1]);
    PrintStream o = System.out;
    o.printf(Locale.ROOT, "task: %s? %,d training and %,d test images%n", task.question(), task.trainSize(),
        task.testSize());

    long start = System.nanoTime();
    LogisticExample.Fit gd = LogisticExample.fit(task.trainX(), task.trainY(), gdIterations, learningRate,
        Integer.MAX_VALUE, null);
    double gdSeconds = (System.nanoTime() - start) / 1e9;
    double gdCost = gd.costs().getLast();
    double gdTest = gd.model().accuracy(task.testX(), task.testY());
    o.printf(Locale.ROOT, "gradient descent: %d iterations, %.2f s, cost %.6f, test accuracy %.4f%n",
        gdIterations, gdSeconds, gdCost, gdTest);

    NewtonFit newton = newton(withBias(task.trainX()), task.trainY().to(DType.FLOAT64), iterations, cgIterations,
        damping, o);
    int reached = -1;
    for (int i = 0; i < newton.costs().size(); i++) {
      if (newton.costs().get(i) <= gdCost) {
        reached = i;
        break;
      }
    }
    double newtonTest;
    try (var g = Autograd.noGrad()) {
      newtonTest = BinaryTask.accuracy(withBias(task.testX()).matmul(newton.theta()), task.testY(), 0);
    }
    if (reached >= 0) {
      o.printf(Locale.ROOT, "Newton reached gradient descent's final cost in %d iterations, %.2f s (%.1f× faster);"
              + " after %d: cost %.6f%n",
          reached, newton.seconds().get(reached), gdSeconds / Math.max(1e-9, newton.seconds().get(reached)),
          iterations, newton.costs().getLast());
    } else {
      o.printf(Locale.ROOT, "Newton did not reach gradient descent's final cost %.6f in %d iterations (cost %.6f)%n",
          gdCost, iterations, newton.costs().getLast());
    }
    o.printf(Locale.ROOT, "Newton: %d Hessian-vector products in all, %.2f s; test accuracy %.4f%n",
        newton.hessianVectorProducts(), newton.seconds().getLast(), newtonTest);

    Path png = out.resolve("newton.png");
    Plots.save(chart(gd.costs(), newton.costs()), png);
    o.println("picture: " + png);
    o.printf(Locale.ROOT, "test accuracy: %.4f%n", newtonTest);
    return 0;
  }

  /** The examples in float64 with a last column of ones: θ = [w; b] is then one vector, and z = X̃θ. */
  static Tensor withBias(Tensor x) {
    Tensor x64 = x.to(DType.FLOAT64);
    return Tensor.concat(List.of(x64, Tensor.ones(DType.FLOAT64, x.dim(0), 1)), 1);
  }

  /**
   * Newton's method from θ = 0 on J(θ) = mean binary cross-entropy of σ(X̃θ) against y: each step
   * solves (H + λI)·d = −∇J by conjugate gradients (H·v by {@link Autograd#hvp}), then halves the
   * step until J falls enough (Armijo), which the full step nearly always does.
   */
  static NewtonFit newton(Tensor xb, Tensor y, int iterations, int cgIterations, double damping, PrintStream log) {
    int n = xb.dim(1);
    UnaryOperator<Tensor> cost = theta ->
        Functional.binaryCrossEntropyWithLogits(xb.matmul(theta.reshape(n, 1)), y, Reduction.MEAN);
    Tensor theta = Tensor.zeros(DType.FLOAT64, n);
    List<Double> costs = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    long start = System.nanoTime();
    double j = value(cost, theta);
    costs.add(j);
    seconds.add(0.0);
    int products = 0;
    for (int k = 1; k <= iterations; k++) {
      Tensor grad = Autograd.vjp(cost, theta, Tensor.scalar(1, DType.FLOAT64));
      Tensor at = theta;
      int[] used = new int[1];
      Tensor step = conjugateGradient(p -> {
        used[0]++;
        return Autograd.hvp(cost, at, p).add(p.mul(damping));
      }, grad.neg(), cgIterations, 1e-3); // an inexact step (truncated Newton): exact solves cost more than they gain
      products += used[0];
      double slope = grad.mul(step).sum().item();
      double t = 1;
      Tensor next = theta.add(step);
      double jNext = value(cost, next);
      while (jNext > j + 1e-4 * t * slope && t > 1e-6) {
        t /= 2;
        next = theta.add(step.mul(t));
        jNext = value(cost, next);
      }
      theta = next;
      j = jNext;
      costs.add(j);
      seconds.add((System.nanoTime() - start) / 1e9);
      if (log != null) {
        log.printf(Locale.ROOT, "Newton iteration %d: cost %.6f (%d H·v products, step %s), %.2f s%n", k, j, used[0],
            t == 1 ? "1" : String.format(Locale.ROOT, "%.3g", t), seconds.getLast());
      }
    }
    return new NewtonFit(costs, seconds, theta.reshape(n, 1), products);
  }

  private static double value(UnaryOperator<Tensor> cost, Tensor theta) {
    try (var g = Autograd.noGrad()) {
      return cost.apply(theta).item();
    }
  }

  /** Solves A·x = b for a symmetric positive definite A given as a product, to relative residual tol. */
  static Tensor conjugateGradient(UnaryOperator<Tensor> a, Tensor b, int maxIterations, double tol) {
    try (var g = Autograd.noGrad()) {
      Tensor x = Tensor.zerosLike(b);
      Tensor r = b;
      Tensor p = r;
      double rs = r.mul(r).sum().item();
      double stop = tol * tol * rs;
      for (int i = 0; i < maxIterations && rs > stop; i++) {
        Tensor ap = a.apply(p);
        double alpha = rs / p.mul(ap).sum().item();
        x = x.add(p.mul(alpha));
        r = r.sub(ap.mul(alpha));
        double rsNext = r.mul(r).sum().item();
        p = r.add(p.mul(rsNext / rs));
        rs = rsNext;
      }
      return x;
    }
  }

  /** Both costs against the iteration, on a logarithmic iteration axis (iterations 1 and on). */
  private XYChart chart(List<Double> gd, List<Double> newton) {
    String newtonName = "Newton (CG on H·v)";
    XYChart chart = Plots.lineChart("Logistic regression: gradient descent and Newton's method",
        "iteration (log scale)", "cost",
        List.of(
            new Plots.Series(String.format(Locale.ROOT, "gradient descent, lr %s", learningRate),
                iterationsFromOne(gd), afterTheFirst(gd)),
            new Plots.Series(newtonName, iterationsFromOne(newton), afterTheFirst(newton))),
        false);
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getSeriesMap().get(newtonName).setMarker(SeriesMarkers.CIRCLE); // ten points among a thousand
    return chart;
  }

  private static double[] afterTheFirst(List<Double> costs) {
    return costs.subList(1, costs.size()).stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double[] iterationsFromOne(List<Double> costs) {
    double[] x = new double[costs.size() - 1];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1;
    }
    return x;
  }
}
