package dev.jgrad.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jgrad.autograd.Functional;
import dev.jgrad.autograd.Reduction;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.nn.optim.SGD;
import dev.jgrad.nn.data.Batch;
import dev.jgrad.nn.data.DataLoader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Training on Spark local[2] equals one process averaging the same per-worker gradients, bit for bit,
 * retries included. (Each step's all-gather costs about a second: Spark's barrier sync polls once a
 * second. Hence the small runs.)
 */
class SparkTrainerTest {
  private static JavaSparkContext spark;

  @BeforeAll
  static void start() {
    // local[2, 4]: two worker threads, and a task may fail up to 3 times (the fault test needs one retry).
    spark = new JavaSparkContext(new SparkConf().setMaster("local[2,4]").setAppName("jgrad-test")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static final int FEATURES = 6;

  /** Three separable-ish classes of random points. */
  static List<Example> data(int n) {
    var random = new SplittableRandom(42);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] x = new float[FEATURES];
      int label = random.nextInt(3);
      for (int j = 0; j < FEATURES; j++) {
        x[j] = (float) (random.nextGaussian() + (j % 3 == label ? 1.5 : 0));
      }
      out.add(new Example(x, label));
    }
    return out;
  }

  static Module model() {
    var random = new SplittableRandom(7);
    return new Sequential(new Linear(FEATURES, 8, random), new ReLU(), new Linear(8, 3, random));
  }

  static Tensor loss(Tensor out, int[] labels) {
    return Functional.crossEntropy(out, labels, Reduction.MEAN);
  }

  static Optimizer sgd(List<Tensor> parameters) {
    return SGD.builder(parameters).learningRate(0.1).momentum(0.9).build();
  }

  /** The same training in one process: per-worker gradients, summed in worker order, averaged. */
  static Module reference(List<List<Example>> shards, int batch, int epochs, long seed) {
    Module model = model();
    Optimizer opt = sgd(model.parameters());
    int steps = shards.stream().mapToInt(s -> s.size() / batch).min().orElseThrow();
    List<DataLoader> loaders = new ArrayList<>();
    for (int w = 0; w < shards.size(); w++) {
      loaders.add(SparkTrainer.loader(shards.get(w), batch, seed, w));
    }
    for (int epoch = 0; epoch < epochs; epoch++) {
      List<Iterator<Batch>> batches = new ArrayList<>();
      for (var loader : loaders) {
        batches.add(loader.epoch(epoch).iterator());
      }
      for (int step = 0; step < steps; step++) {
        List<FlatVector> gradients = new ArrayList<>();
        for (int w = 0; w < shards.size(); w++) {
          Batch b = batches.get(w).next();
          opt.zeroGrad();
          Tensor value = loss(model.forward(b.features()), b.labels());
          value.backward();
          gradients.add(FlatVector.gradients(model.parameters(), value.item()));
        }
        FlatVector.mean(gradients).copyToGradients(model.parameters());
        opt.step();
      }
    }
    return model;
  }

  private static SparkTrainer trainer(SparkTrainer.LossFunction lossFunction) {
    return SparkTrainer.builder(SparkTrainerTest::model, lossFunction, SparkTrainerTest::sgd)
        .batchSize(16).epochs(2).seed(5).build();
  }

  private static List<List<Example>> shards(JavaRDD<Example> rdd) {
    return rdd.glom().collect();
  }

  @Test
  void twoWorkersGiveTheBitsOfOneProcessAveragingTheirGradients() {
    JavaRDD<Example> rdd = spark.parallelize(data(200), 2);
    SparkTrainer.Result result = trainer(SparkTrainerTest::loss).fit(rdd);
    Module expected = reference(shards(rdd), 16, 2, 5);
    Map<String, Tensor> a = result.model().stateDict();
    Map<String, Tensor> b = expected.stateDict();
    for (String name : b.keySet()) {
      assertThat(a.get(name).toFloatArray()).as(name).containsExactly(b.get(name).toFloatArray());
    }
    assertThat(result.epochLosses()).hasSize(2);
    assertThat(result.epochLosses().get(1)).isLessThan(result.epochLosses().get(0));
  }

  @Test
  void aTaskThatFailsOnceIsRetriedAndTheResultIsUnchanged() {
    JavaRDD<Example> rdd = spark.parallelize(data(200), 2);
    SparkTrainer.LossFunction failsOnce = (out, labels) -> {
      TaskContext task = TaskContext.get();
      if (task.partitionId() == 1 && task.attemptNumber() == 0 && task.stageAttemptNumber() == 0) {
        throw new IllegalStateException("injected failure");
      }
      return loss(out, labels);
    };
    SparkTrainer.Result result = trainer(failsOnce).fit(rdd);
    Module expected = reference(shards(rdd), 16, 2, 5);
    Map<String, Tensor> a = result.model().stateDict();
    for (Map.Entry<String, Tensor> e : expected.stateDict().entrySet()) {
      assertThat(a.get(e.getKey()).toFloatArray()).as(e.getKey()).containsExactly(e.getValue().toFloatArray());
    }
  }
}
