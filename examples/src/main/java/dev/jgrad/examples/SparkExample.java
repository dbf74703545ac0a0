package dev.jgrad.examples;

import dev.jgrad.autograd.Reduction;
import dev.jgrad.autograd.Settings;
import dev.jgrad.examples.DeepExample.Activation;
import dev.jgrad.nn.data.ArrayDataset;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.FashionMnist;
import dev.jgrad.nn.io.Safetensors;
import dev.jgrad.nn.loss.Losses;
import dev.jgrad.nn.optim.LearningRateSchedule;
import dev.jgrad.spark.Example;
import dev.jgrad.spark.SparkData;
import dev.jgrad.spark.SparkTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The deep example's network trained data-parallel on Spark: one worker per partition, each with a
 * replica, gradients averaged every step ({@link SparkTrainer}). On one machine it runs Spark's
 * {@code local[N]}; under {@code spark-submit} it runs on whatever cluster that names.
 */
@Command(
    name = "spark",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "The deep example's network on Fashion-MNIST, trained data-parallel on Apache Spark (local[N] by default).",
      "Each worker holds a replica and a shard; every step the workers' gradients are averaged, so the run equals",
      "one process with the same global batch. Writes model.safetensors; its last line is the test accuracy."
    })
public final class SparkExample implements Callable<Integer> {

  @Option(names = "--workers", defaultValue = "2", description = "workers, one Spark task each (default: ${DEFAULT-VALUE})")
  int workers = 2;

  @Option(names = "--epochs", defaultValue = "12", description = "passes over the training set (default: ${DEFAULT-VALUE})")
  int epochs = 12;

  @Option(
      names = "--batch-size",
      defaultValue = "128",
      description = "global mini-batch, split evenly between the workers (default: ${DEFAULT-VALUE})")
  int batchSize = 128;

  @Option(
      names = "--layers",
      paramLabel = "N-N-...",
      defaultValue = "784-256-128-10",
      description = "layer sizes, ReLU between them (default: ${DEFAULT-VALUE})")
  String layers = "784-256-128-10";

  @Option(
      names = {"--learning-rate", "--lr"},
      defaultValue = "0.001",
      description = "Adam's initial learning rate, annealed to 0 by a cosine schedule (default: ${DEFAULT-VALUE})")
  double learningRate = 0.001;

  @Option(
      names = "--sync-every",
      paramLabel = "K",
      defaultValue = "1",
      description = "1: average gradients every step; K > 1: average the replicas' weights every K steps (default: ${DEFAULT-VALUE})")
  int syncEvery = 1;

  @Option(
      names = "--checkpoints",
      paramLabel = "DIR",
      description = "write a checkpoint after each epoch and resume from the newest found there (default: none)")
  Path checkpoints;

  @Option(
      names = "--master",
      description = "Spark master URL (default: spark-submit's, else local[WORKERS])")
  String master;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the initial weights and the shuffling (default: ${DEFAULT-VALUE})")
  long seed = 1;

  @Option(names = "--out", defaultValue = "runs/spark", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out = Path.of("runs/spark");

  @Mixin RunOptions run = new RunOptions();

  @Spec CommandSpec spec;

  @Mixin FashionMnistOptions data = new FashionMnistOptions();

  @Override
  public Integer call() throws IOException {
    double accuracy = run(System.out);
    System.out.printf(Locale.ROOT, "test accuracy: %.4f%n", accuracy);
    return 0;
  }

  /** Everything but the last line; returns the test accuracy. */
  double run(PrintStream o) throws IOException {
    int pixels = FashionMnist.ROWS * FashionMnist.COLUMNS;
    int[] sizes = DeepExample.parseLayers("--layers", layers, pixels, FashionMnist.CLASSES);
    if (workers < 1 || epochs < 1 || syncEvery < 1 || batchSize < workers) {
      throw new ExampleException("--workers, --epochs and --sync-every must be at least 1, and --batch-size at least"
          + " --workers (got " + workers + ", " + epochs + ", " + syncEvery + ", " + batchSize + ")");
    }
    int perWorker = batchSize / workers;
    ArrayDataset train = data.train();
    ArrayDataset test = data.test();

    SparkConf conf = new SparkConf().setAppName("jgrad spark example");
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) { // not under spark-submit: this machine's cores
      conf.setMaster("local[" + workers + "]").set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1");
    }
    int threadsBefore = Settings.threads();
    if (conf.get("spark.master").startsWith("local") && (spec == null || !spec.commandLine().getParseResult()
        .hasMatchedOption("--threads"))) {
      // The workers share this JVM's kernel threads: split the cores between them.
      Settings.threads(Math.max(1, Runtime.getRuntime().availableProcessors() / workers));
    }
    try {
      return train(conf, train, test, perWorker, sizes, o);
    } finally {
      Settings.threads(threadsBefore);
    }
  }

  private double train(SparkConf conf, ArrayDataset train, ArrayDataset test, int perWorker, int[] sizes,
      PrintStream o) throws IOException {
    try (JavaSparkContext spark = new JavaSparkContext(conf)) {
      spark.setLogLevel("WARN");
      o.printf(Locale.ROOT, "Fashion-MNIST: %,d training and %,d test images; Spark %s on %s, %d workers"
              + " (kernel threads per JVM: %d)%n",
          train.size(), test.size(), spark.version(), spark.master(), workers, Settings.threads());
      o.printf(Locale.ROOT, "model: %s, ReLU, He initialisation; Adam, learning rate %s (cosine to 0), batches of %d"
              + " (%d per worker), %d epochs, %s%n",
          layers.replace("-", " → "), learningRate, perWorker * workers, perWorker, epochs,
          syncEvery == 1 ? "gradients averaged every step" : "weights averaged every " + syncEvery + " steps");

      JavaRDD<Example> examples = SparkData.fromDataset(spark, train, workers).cache();
      SparkTrainer.Builder builder = trainer(sizes, seed, learningRate)
          .batchSize(perWorker)
          .epochs(epochs)
          .seed(seed)
          .schedule(LearningRateSchedule.cosine(learningRate, 0, epochs))
          .syncEvery(syncEvery)
          .onEpochEnd(reporter(spark.broadcast(test.features()), spark.broadcast(test.labels()), epochs,
              (long) perWorker * workers * (train.size() / workers / perWorker)));
      if (checkpoints != null) {
        builder.checkpoints(checkpoints);
      }
      long start = System.nanoTime();
      SparkTrainer.Result result = builder.build().fit(examples);
      if (result.resumedEpochs() > 0) {
        o.printf(Locale.ROOT, "resumed after epoch %d from %s%n", result.resumedEpochs(), checkpoints);
      }
      if (result.steps() == 0) {
        o.printf(Locale.ROOT, "nothing left to train: the checkpoint holds all %d epochs%n", epochs);
      } else {
        o.printf(Locale.ROOT, "trained in %.1f s: %,d steps of %.2f ms on worker 0, %.2f ms of it in exchanges%n",
            (System.nanoTime() - start) / 1e9, result.steps(), 1e3 * result.seconds() / result.steps(),
            1e3 * result.exchangeSeconds() / result.steps());
      }

      double accuracy = DeepExample.evaluate(result.model(), DataLoader.builder(test).batchSize(1000).build())[1];
      Files.createDirectories(out);
      Path checkpoint = out.resolve("model.safetensors");
      Safetensors.save(checkpoint, result.model(), Map.of(
          "layers", layers, "workers", Integer.toString(workers), "epochs", Integer.toString(epochs),
          "test_accuracy", String.format(Locale.ROOT, "%.4f", accuracy)));
      o.println("checkpoint: " + checkpoint);
      return accuracy;
    }
  }

  /** The trainer's model, loss and optimizer; static, so the lambdas capture values, not this command. */
  static SparkTrainer.Builder trainer(int[] sizes, long seed, double learningRate) {
    return SparkTrainer.builder(
        () -> DeepExample.network(sizes, Activation.relu, new SplittableRandom(seed)),
        (logits, labels) -> Losses.crossEntropy(logits, labels, Reduction.MEAN),
        parameters -> DeepExample.optimizer("adam", parameters, learningRate));
  }

  /** Prints each epoch's loss and test accuracy (on worker 0; in local mode that is this console). */
  static SparkTrainer.EpochCallback reporter(
      Broadcast<float[]> testFeatures, Broadcast<int[]> testLabels, int epochs, long examplesPerEpoch) {
    return (epoch, loss, seconds, model) -> {
      float[] x = testFeatures.value();
      int[] y = testLabels.value();
      ArrayDataset test = ArrayDataset.classification(x, new int[] {x.length / y.length}, y);
      double accuracy = DeepExample.evaluate(model, DataLoader.builder(test).batchSize(1000).build())[1];
      System.out.printf(Locale.ROOT, "epoch %2d/%d  loss %.4f  test %.2f%%  %.1f s  %,.0f examples/s%n",
          epoch + 1, epochs, loss, 100 * accuracy, seconds, examplesPerEpoch / seconds);
    };
  }
}
