package dev.jgrad.examples;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Reduction;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.LeakyReLU;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Sigmoid;
import dev.jgrad.nn.Tanh;
import dev.jgrad.nn.data.ArrayDataset;
import dev.jgrad.nn.data.Batch;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.FashionMnist;
import dev.jgrad.nn.init.Init;
import dev.jgrad.nn.init.Initializer;
import dev.jgrad.nn.io.Safetensors;
import dev.jgrad.nn.loss.Loss;
import dev.jgrad.nn.loss.Losses;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.LearningRateSchedule;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.nn.optim.SGD;
import dev.jgrad.nn.train.Accuracy;
import dev.jgrad.nn.train.EpochMetrics;
import dev.jgrad.nn.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The flagship: an L-layer network on all of Fashion-MNIST. Dense layers with ReLU between them
 * (784-256-128-10 by default), He initialisation, softmax cross-entropy, mini-batches and Adam with a
 * cosine learning-rate schedule. The training loop is written out — forward, loss, backward, step —
 * because that loop is all there is to training.
 *
 * <p>Then the course's deep binary classifier, [784, 20, 7, 5, 1] with a sigmoid output, on the
 * logistic example's question (shirt or T-shirt?), next to logistic regression trained the same way.
 */
@Command(
    name = "deep",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "The flagship: an L-layer network on all of Fashion-MNIST, to 0.89+ test accuracy.",
      "Default 784-256-128-10 with ReLU, He initialisation, softmax cross-entropy, mini-batches and Adam. Then the",
      "course's deep binary net [784, 20, 7, 5, 1] against logistic regression on the logistic example's task.",
      "Writes curves.png, predictions.png, binary.png and model.safetensors; its last line is the test accuracy."
    })
public final class DeepExample implements Callable<Integer> {

  /** The hidden units' nonlinearity. */
  enum Activation {
    relu, leaky_relu, tanh, sigmoid;

    Module module() {
      return switch (this) {
        case relu -> new ReLU();
        case leaky_relu -> new LeakyReLU(0.01);
        case tanh -> new Tanh();
        case sigmoid -> new Sigmoid();
      };
    }

    /** He initialisation keeps the signal's variance through ReLU layers; Glorot through tanh and sigmoid. */
    Initializer weightInit() {
      return this == relu || this == leaky_relu ? Init.heNormal() : Init.xavierNormal();
    }

    String initName() {
      return this == relu || this == leaky_relu ? "He" : "Glorot";
    }

    String title() {
      return switch (this) {
        case relu -> "ReLU";
        case leaky_relu -> "leaky ReLU";
        case tanh -> "tanh";
        case sigmoid -> "sigmoid";
      };
    }
  }

  @Option(
      names = "--layers",
      paramLabel = "N-N-...",
      defaultValue = "784-256-128-10",
      description = "layer sizes, input first (784 pixels) and output last (10 classes) (default: ${DEFAULT-VALUE})")
  String layers = "784-256-128-10";

  @Option(
      names = "--activation",
      defaultValue = "relu",
      description = "hidden activation: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  Activation activation = Activation.relu;

  @Option(names = "--epochs", defaultValue = "12", description = "passes over the training set (default: ${DEFAULT-VALUE})")
  int epochs = 12;

  @Option(names = "--batch-size", defaultValue = "128", description = "examples per mini-batch (default: ${DEFAULT-VALUE})")
  int batchSize = 128;

  @Option(
      names = "--optimizer",
      defaultValue = "adam",
      description = "adam, or sgd (with momentum 0.9) (default: ${DEFAULT-VALUE})")
  String optimizer = "adam";

  @Option(
      names = {"--learning-rate", "--lr"},
      description = "initial learning rate, annealed to 0 by a cosine schedule (default: 0.001 for adam, 0.05 for sgd)")
  Double learningRate;

  @Option(
      names = "--binary",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "also train the course's binary net on the logistic example's task (default: ${DEFAULT-VALUE})")
  boolean binary = true;

  @Option(
      names = "--binary-layers",
      paramLabel = "N-N-...",
      defaultValue = "784-20-7-5-1",
      description = "layer sizes of the binary net (default: ${DEFAULT-VALUE})")
  String binaryLayers = "784-20-7-5-1";

  @Option(names = "--binary-epochs", defaultValue = "20", description = "epochs of the binary nets (default: ${DEFAULT-VALUE})")
  int binaryEpochs = 20;

  @Option(
      names = "--binary-lr",
      defaultValue = "0.003",
      description = "initial learning rate of the binary nets, annealed to 0 (default: ${DEFAULT-VALUE})")
  double binaryLearningRate = 0.003;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the initial weights and the shuffling (default: ${DEFAULT-VALUE})")
  long seed = 1;

  @Option(names = "--out", defaultValue = "runs/deep", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out = Path.of("runs/deep");

  @Mixin RunOptions run = new RunOptions();

  @Mixin FashionMnistOptions data = new FashionMnistOptions();

  /** Loss and accuracy of one epoch, on the training set (measured on the fly) and the test set. */
  public record Epoch(double trainLoss, double trainAccuracy, double testLoss, double testAccuracy, double seconds) {}

  /** What a run produced: the model, its history, and the binary comparison (NaN when skipped). */
  public record Result(
      Module model, List<Epoch> history, double testAccuracy, double binaryDeepAccuracy, double binaryLogisticAccuracy) {}

  @Override
  public Integer call() throws IOException {
    Result result = run(System.out);
    System.out.printf(Locale.ROOT, "test accuracy: %.4f%n", result.testAccuracy());
    return 0;
  }

  /** Everything but the last line. */
  Result run(PrintStream o) throws IOException {
    int pixels = FashionMnist.ROWS * FashionMnist.COLUMNS;
    int[] sizes = parseLayers("--layers", layers, pixels, FashionMnist.CLASSES);
    int[] binarySizes = binary ? parseLayers("--binary-layers", binaryLayers, pixels, 1) : null;
    if (epochs < 1 || batchSize < 1 || binaryEpochs < 1) {
      throw new ExampleException("--epochs, --batch-size and --binary-epochs must be at least 1");
    }
    if (!optimizer.equals("adam") && !optimizer.equals("sgd")) {
      throw new ExampleException("--optimizer is adam or sgd, got " + optimizer);
    }
    ArrayDataset train = data.train();
    ArrayDataset test = data.test();
    o.printf(Locale.ROOT, "Fashion-MNIST: %,d training and %,d test images of 28×28 pixels, %d classes%n",
        train.size(), test.size(), FashionMnist.CLASSES);

    SplittableRandom random = new SplittableRandom(seed);
    Module model = network(sizes, activation, random);
    double lr = learningRate != null ? learningRate : optimizer.equals("sgd") ? 0.05 : 0.001;
    Optimizer opt = optimizer(optimizer, model.parameters(), lr);
    LearningRateSchedule schedule = LearningRateSchedule.cosine(lr, 0, epochs);
    o.printf(Locale.ROOT, "model: %s, %s, %s initialisation, %,d parameters%n",
        join(sizes, " → "), activation.title(), activation.initName(), model.parameterCount());
    o.printf(Locale.ROOT, "training: %s, learning rate %s (cosine to 0), batches of %d, %d epochs, softmax cross-entropy%n",
        optimizer.equals("sgd") ? "SGD with momentum 0.9" : "Adam", lr, batchSize, epochs);

    DataLoader trainLoader = DataLoader.builder(train).batchSize(batchSize).shuffle(true).seed(seed).build();
    DataLoader testLoader = DataLoader.builder(test).batchSize(1000).build();
    List<Epoch> history = new ArrayList<>();
    for (int epoch = 0; epoch < epochs; epoch++) {
      schedule.applyTo(opt, epoch);
      Epoch e = trainEpoch(model, opt, trainLoader, epoch, o);
      double[] testEval = evaluate(model, testLoader);
      e = new Epoch(e.trainLoss(), e.trainAccuracy(), testEval[0], testEval[1], e.seconds());
      history.add(e);
      o.printf(Locale.ROOT, "epoch %2d/%d  loss %.4f  train %.2f%%  test %.2f%%  %.1f s  %,.0f examples/s%n",
          epoch + 1, epochs, e.trainLoss(), 100 * e.trainAccuracy(), 100 * e.testAccuracy(), e.seconds(),
          trainLoader.exampleCount() / e.seconds());
    }
    double testAccuracy = history.getLast().testAccuracy();

    Files.createDirectories(out);
    List<Path> pictures = new ArrayList<>();
    Path curves = out.resolve("curves.png");
    saveCurves(history, curves);
    pictures.add(curves);
    Path predictions = out.resolve("predictions.png");
    savePredictions(model, test, predictions);
    pictures.add(predictions);
    Path checkpoint = out.resolve("model.safetensors");
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("layers", layers);
    metadata.put("activation", activation.name());
    metadata.put("epochs", Integer.toString(epochs));
    metadata.put("test_accuracy", String.format(Locale.ROOT, "%.4f", testAccuracy));
    Safetensors.save(checkpoint, model, metadata);

    double binaryDeep = Double.NaN;
    double binaryLogistic = Double.NaN;
    if (binary) {
      double[] b = binaryComparison(binarySizes, train, test, out.resolve("binary.png"), o);
      binaryLogistic = b[0];
      binaryDeep = b[1];
      pictures.add(out.resolve("binary.png"));
    }
    o.println("pictures: " + String.join(", ", pictures.stream().map(Path::toString).toList()));
    o.println("checkpoint: " + checkpoint);
    return new Result(model, history, testAccuracy, binaryDeep, binaryLogistic);
  }

  /**
   * One pass over the training set in mini-batches: forward, loss, backward, step. Returns the
   * epoch's mean loss and accuracy as measured batch by batch (the test fields are NaN).
   */
  private Epoch trainEpoch(Module model, Optimizer opt, DataLoader loader, int epoch, PrintStream o) {
    model.train();
    double lossSum = 0;
    long correct = 0;
    int seen = 0;
    String task = String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs);
    try (Progress progress = Progress.start(task, loader.exampleCount(), Progress.stdoutIsTerminal(), o)) {
      for (Batch batch : loader.epoch(epoch)) {
        int[] labels = batch.labels();
        Tensor logits = model.forward(batch.features());                   // forward
        Tensor loss = Losses.crossEntropy(logits, labels, Reduction.MEAN); // softmax cross-entropy
        opt.zeroGrad();
        loss.backward();                                                   // backward
        opt.step();                                                        // update

        lossSum += loss.item() * batch.size();
        correct += countCorrect(logits, labels);
        seen += batch.size();
        progress.step(batch.size(), lossSum / seen, (double) correct / seen);
      }
      return new Epoch(lossSum / seen, (double) correct / seen, Double.NaN, Double.NaN, progress.seconds());
    }
  }

  /** Dense layers of the given sizes with the activation between them; the last layer gives logits. */
  static Module network(int[] sizes, Activation activation, SplittableRandom random) {
    List<Module> modules = new ArrayList<>();
    for (int i = 0; i + 1 < sizes.length; i++) {
      boolean last = i + 2 == sizes.length;
      modules.add(Linear.builder(sizes[i], sizes[i + 1])
          .weightInit(last ? Init.xavierNormal() : activation.weightInit())
          .biasInit(Init.zeros())
          .build(random));
      if (!last) {
        modules.add(activation.module());
      }
    }
    return new Sequential(modules);
  }

  static Optimizer optimizer(String name, List<Tensor> parameters, double lr) {
    return switch (name) {
      case "adam" -> Adam.builder(parameters).learningRate(lr).build();
      case "sgd" -> SGD.builder(parameters).learningRate(lr).momentum(0.9).build();
      default -> throw new ExampleException("--optimizer is adam or sgd, got " + name);
    };
  }

  /** Test loss and accuracy, with dropout and the like off and no graph recorded. */
  static double[] evaluate(Module model, DataLoader loader) {
    model.eval();
    try (var g = Autograd.noGrad()) {
      double lossSum = 0;
      long correct = 0;
      int seen = 0;
      for (Batch batch : loader.epoch(0)) {
        int[] labels = batch.labels();
        Tensor logits = model.forward(batch.features());
        lossSum += Losses.crossEntropy(logits, labels, Reduction.SUM).item();
        correct += countCorrect(logits, labels);
        seen += batch.size();
      }
      return new double[] {lossSum / seen, (double) correct / seen};
    } finally {
      model.train();
    }
  }

  private static int countCorrect(Tensor logits, int[] labels) {
    int[] predicted = logits.argmax(1);
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      if (predicted[i] == labels[i]) {
        correct++;
      }
    }
    return correct;
  }

  private static void saveCurves(List<Epoch> history, Path file) throws IOException {
    List<Double> trainLoss = history.stream().map(Epoch::trainLoss).toList();
    List<Double> testLoss = history.stream().map(Epoch::testLoss).toList();
    List<Double> trainAcc = history.stream().map(Epoch::trainAccuracy).toList();
    List<Double> testAcc = history.stream().map(Epoch::testAccuracy).toList();
    Plots.saveSideBySide(
        List.of(
            Plots.lineChart("Loss", "epoch", "cross-entropy",
                List.of(Plots.Series.ofEpochs("train", trainLoss), Plots.Series.ofEpochs("test", testLoss)), false),
            Plots.legendBottomRight(Plots.lineChart("Accuracy", "epoch", "accuracy",
                List.of(Plots.Series.ofEpochs("train", trainAcc), Plots.Series.ofEpochs("test", testAcc)), false))),
        file);
  }

  /** The first 24 test images with the model's guess and the truth; mistakes framed in red. */
  private static void savePredictions(Module model, ArrayDataset test, Path file) throws IOException {
    int n = Math.min(24, test.size());
    ArrayDataset first = test.slice(0, n);
    int d = first.featureSize();
    float[] pixels = first.features();
    int[] predicted;
    model.eval();
    try (var g = Autograd.noGrad()) {
      predicted = model.forward(Tensor.of(pixels, n, d)).argmax(1);
    } finally {
      model.train();
    }
    float[][] images = new float[n][];
    String[] guesses = new String[n];
    String[] truths = new String[n];
    int right = 0;
    for (int i = 0; i < n; i++) {
      images[i] = Arrays.copyOfRange(pixels, i * d, (i + 1) * d);
      guesses[i] = FashionMnist.CLASS_NAMES.get(predicted[i]);
      truths[i] = FashionMnist.CLASS_NAMES.get(first.label(i));
      right += predicted[i] == first.label(i) ? 1 : 0;
    }
    String title = String.format(
        Locale.ROOT, "The first %d test images: the network's answer (red when wrong) and the truth — %d of %d right", n, right, n);
    Plots.saveImageGrid(title, images, FashionMnist.ROWS, guesses, truths, 8, file);
  }

  /**
   * The course's deep binary classifier against logistic regression on the logistic example's task,
   * both trained alike (Adam annealed by a cosine schedule, mini-batches of 64, binary cross-entropy); returns their test
   * accuracies {logistic, deep}.
   */
  private double[] binaryComparison(int[] sizes, ArrayDataset train, ArrayDataset test, Path picture, PrintStream o)
      throws IOException {
    BinaryTask task = BinaryTask.of(train, test, LogisticExample.DEFAULT_NEGATIVE, LogisticExample.DEFAULT_POSITIVE);
    o.printf(Locale.ROOT, "binary task: %s? %,d training and %,d test images, %d epochs each%n",
        task.question(), task.trainSize(), task.testSize(), binaryEpochs);
    List<Plots.Series> curves = new ArrayList<>();
    double[] accuracies = new double[2];
    int k = 0;
    for (int[] net : List.of(new int[] {sizes[0], 1}, sizes)) {
      String name = net.length == 2 ? "logistic regression " + net[0] + " → 1" : "deep net " + join(net, "-");
      Module model = network(net, activation, new SplittableRandom(seed));
      Optimizer adam = Adam.builder(model.parameters()).learningRate(binaryLearningRate).build();
      Trainer trainer = Trainer.builder(model, Loss.binaryCrossEntropyWithLogits(), adam)
          .epochs(binaryEpochs)
          .schedule(LearningRateSchedule.cosine(binaryLearningRate, 0, binaryEpochs))
          .accuracy(Accuracy.binaryFromLogits())
          .progressBar(false)
          .build();
      DataLoader trainLoader =
          DataLoader.builder(ArrayDataset.of(task.trainX(), task.trainY())).batchSize(64).shuffle(true).seed(seed).build();
      DataLoader testLoader = DataLoader.builder(ArrayDataset.of(task.testX(), task.testY())).batchSize(1000).build();
      List<EpochMetrics> history = trainer.fit(trainLoader, testLoader);
      double accuracy = history.getLast().validation().accuracy();
      accuracies[k++] = accuracy;
      o.printf(Locale.ROOT, "  %-32s (sigmoid output)  train %.4f  test accuracy %.4f%n",
          name, history.getLast().train().accuracy(), accuracy);
      curves.add(Plots.Series.ofEpochs(name + ", test",
          history.stream().map(m -> m.validation().accuracy()).toList()));
    }
    Plots.save(Plots.legendBottomRight(Plots.lineChart(task.question() + "?", "epoch", "test accuracy", curves, false)), picture);
    return accuracies;
  }

  /** Sizes such as "784-256-128-10" (or with commas), checked against the data's input and output sizes. */
  static int[] parseLayers(String flag, String spec, int inputs, int outputs) {
    String[] parts = spec.trim().split("\\s*[-,x]\\s*");
    int[] sizes = new int[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) {
        sizes[i] = Integer.parseInt(parts[i]);
        if (sizes[i] < 1) {
          throw new NumberFormatException();
        }
      }
    } catch (NumberFormatException e) {
      throw new ExampleException(flag + " takes positive layer sizes joined by '-', e.g. 784-256-128-10; got " + spec);
    }
    if (sizes.length < 2 || sizes[0] != inputs || sizes[sizes.length - 1] != outputs) {
      throw new ExampleException(String.format(
          "%s must start with %d (the pixels) and end with %d (the outputs), e.g. %d-128-%d; got %s",
          flag, inputs, outputs, inputs, outputs, spec));
    }
    return sizes;
  }

  private static String join(int[] sizes, String separator) {
    return String.join(separator, Arrays.stream(sizes).mapToObj(Integer::toString).toList());
  }
}
