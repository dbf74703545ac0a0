package dev.jgrad.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jgrad.autograd.Functional;
import dev.jgrad.autograd.Reduction;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.nn.optim.SGD;
import dev.jgrad.nn.data.Batch;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.io.Safetensors;
import dev.jgrad.nn.optim.LearningRateSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on Spark local[2] (and local[3]) equals one process averaging the same per-worker
 * gradients (or weights), bit for bit, retries and resumed checkpoints included.
 */
class SparkTrainerTest {
  private static JavaSparkContext spark;

  @BeforeAll
  static void start() {
    // local[3, 4]: three worker threads, and a task may fail up to 3 times (the fault test needs one retry).
    spark = LocalSpark.start("local[3,4]", "jgrad-test");
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
      SCHEDULE.applyTo(opt, epoch);
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

  /** The same local SGD in one process: a model per worker, their weights averaged every k steps. */
  static Module localSgdReference(List<List<Example>> shards, int batch, int epochs, long seed, int k) {
    List<Module> models = new ArrayList<>();
    List<Optimizer> optimizers = new ArrayList<>();
    List<DataLoader> loaders = new ArrayList<>();
    for (int w = 0; w < shards.size(); w++) {
      models.add(model());
      optimizers.add(sgd(models.get(w).parameters()));
      loaders.add(SparkTrainer.loader(shards.get(w), batch, seed, w));
    }
    int steps = shards.stream().mapToInt(s -> s.size() / batch).min().orElseThrow();
    for (int epoch = 0; epoch < epochs; epoch++) {
      List<Iterator<Batch>> batches = new ArrayList<>();
      for (int w = 0; w < shards.size(); w++) {
        SCHEDULE.applyTo(optimizers.get(w), epoch);
        batches.add(loaders.get(w).epoch(epoch).iterator());
      }
      for (int step = 0; step < steps; step++) {
        for (int w = 0; w < shards.size(); w++) {
          Batch b = batches.get(w).next();
          optimizers.get(w).zeroGrad();
          loss(models.get(w).forward(b.features()), b.labels()).backward();
          optimizers.get(w).step();
        }
        if ((step + 1) % k == 0 || step + 1 == steps) {
          List<FlatVector> weights = new ArrayList<>();
          for (Module m : models) {
            weights.add(FlatVector.values(m.parameters(), 0));
          }
          FlatVector mean = FlatVector.mean(weights);
          for (Module m : models) {
            mean.copyToValues(m.parameters());
          }
        }
      }
    }
    return models.getFirst();
  }

  /** The learning rate falls each epoch, so that a trainer ignoring the schedule fails the tests. */
  static final LearningRateSchedule SCHEDULE = LearningRateSchedule.exponential(0.1, 0.5);

  private static SparkTrainer.Builder trainer(SparkTrainer.LossFunction lossFunction, int epochs) {
    return SparkTrainer.builder(SparkTrainerTest::model, lossFunction, SparkTrainerTest::sgd)
        .batchSize(16).epochs(epochs).seed(5).schedule(SCHEDULE);
  }

  private static List<List<Example>> shards(JavaRDD<Example> rdd) {
    return rdd.glom().collect();
  }

  private static void assertSameWeights(Module actual, Module expected) {
    Map<String, Tensor> a = actual.stateDict();
    for (Map.Entry<String, Tensor> e : expected.stateDict().entrySet()) {
      assertThat(a.get(e.getKey()).toFloatArray()).as(e.getKey()).containsExactly(e.getValue().toFloatArray());
    }
  }

  /** Epochs seen by the callback; tasks run in this JVM on local[2]. */
  static final Queue<String> CALLBACKS = new ConcurrentLinkedQueue<>();

  @Test
  void twoWorkersGiveTheBitsOfOneProcessAveragingTheirGradients() {
    JavaRDD<Example> rdd = spark.parallelize(data(200), 2);
    CALLBACKS.clear();
    SparkTrainer.Result result = trainer(SparkTrainerTest::loss, 2)
        .onEpochEnd((epoch, loss, seconds, model) -> CALLBACKS.add(epoch + " " + loss + " " + model.parameterCount()))
        .build()
        .fit(rdd);
    assertSameWeights(result.model(), reference(shards(rdd), 16, 2, 5));
    assertThat(result.epochLosses()).hasSize(2);
    assertThat(result.epochLosses().get(1)).isLessThan(result.epochLosses().get(0));
    assertThat(result.resumedEpochs()).isZero();
    long parameters = model().parameterCount();
    assertThat(CALLBACKS).containsExactly(
        "0 " + result.epochLosses().get(0) + " " + parameters, "1 " + result.epochLosses().get(1) + " " + parameters);
  }

  @Test
  void threeWorkersToo() {
    JavaRDD<Example> rdd = spark.parallelize(data(300), 3);
    SparkTrainer.Result result = trainer(SparkTrainerTest::loss, 1).build().fit(rdd);
    assertSameWeights(result.model(), reference(shards(rdd), 16, 1, 5));
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
    SparkTrainer.Result result = trainer(failsOnce, 2).build().fit(rdd);
    assertSameWeights(result.model(), reference(shards(rdd), 16, 2, 5));
  }

  /** Loss calls made by partition 1 in the stage's first attempt. */
  static final AtomicInteger FIRST_ATTEMPT_CALLS = new AtomicInteger();
  /** Loss calls made by any partition in later attempts. */
  static final AtomicInteger RETRY_CALLS = new AtomicInteger();

  @Test
  void aWorkerLostInTheSecondEpochResumesFromTheFirstEpochsCheckpoint(@TempDir Path folder) throws Exception {
    JavaRDD<Example> rdd = spark.parallelize(data(200), 2);
    int steps = 100 / 16; // per epoch
    FIRST_ATTEMPT_CALLS.set(0);
    RETRY_CALLS.set(0);
    SparkTrainer.LossFunction diesInEpochTwo = (out, labels) -> {
      TaskContext task = TaskContext.get();
      if (task.stageAttemptNumber() > 0) {
        RETRY_CALLS.incrementAndGet();
      } else if (task.partitionId() == 1 && FIRST_ATTEMPT_CALLS.incrementAndGet() == steps + 3) {
        throw new IllegalStateException("injected: worker lost in epoch 2");
      }
      return loss(out, labels);
    };
    SparkTrainer.Result result = trainer(diesInEpochTwo, 3).checkpoints(folder).build().fit(rdd);
    assertSameWeights(result.model(), reference(shards(rdd), 16, 3, 5));
    assertThat(result.resumedEpochs()).as("epochs read from the checkpoint by the retry").isEqualTo(1);
    assertThat(RETRY_CALLS.get()).as("the retry trained epochs 2 and 3 only, on both workers").isEqualTo(2 * 2 * steps);
    assertThat(result.epochLosses()).hasSize(3);
    try (var files = Files.list(folder)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted())
          .containsExactly("epoch-0001.safetensors", "epoch-0002.safetensors", "epoch-0003.safetensors");
    }
    // The checkpoint is nn's format: the model loads from it alone.
    Module fromFile = model();
    Safetensors.load(folder.resolve("epoch-0003.safetensors"), fromFile);
    assertSameWeights(fromFile, result.model());
  }

  @Test
  void aSecondFitWithTheSameFolderContinuesWhereTheFirstStopped(@TempDir Path folder) {
    JavaRDD<Example> rdd = spark.parallelize(data(200), 2);
    SparkTrainer.Result first = trainer(SparkTrainerTest::loss, 1).checkpoints(folder).build().fit(rdd);
    SparkTrainer.Result second = trainer(SparkTrainerTest::loss, 2).checkpoints(folder).build().fit(rdd);
    assertThat(second.resumedEpochs()).isEqualTo(1);
    assertThat(second.epochLosses().getFirst()).isEqualTo(first.epochLosses().getFirst());
    assertSameWeights(second.model(), reference(shards(rdd), 16, 2, 5));
    // Asking for fewer epochs than the folder holds takes the checkpoint of that many.
    SparkTrainer.Result shorter = trainer(SparkTrainerTest::loss, 1).checkpoints(folder).build().fit(rdd);
    assertThat(shorter.resumedEpochs()).isEqualTo(1);
    assertThat(shorter.steps()).isZero();
    assertSameWeights(shorter.model(), first.model());
  }

  static Module withDropout() {
    var random = new SplittableRandom(7);
    return new Sequential(new Linear(FEATURES, 16, random), new ReLU(), new Dropout(0.5, new SplittableRandom(8)),
        new Linear(16, 3, random));
  }

  @Test
  void dropoutMasksDifferBetweenWorkersAndAResumedRunDrawsThemAgain(@TempDir Path folder, @TempDir Path other) {
    JavaRDD<Example> rdd = spark.parallelize(data(200), 2);
    SparkTrainer.Builder builder = SparkTrainer.builder(SparkTrainerTest::withDropout, SparkTrainerTest::loss,
        SparkTrainerTest::sgd).batchSize(16).seed(5);
    SparkTrainer.Result uninterrupted = builder.epochs(2).checkpoints(other).build().fit(rdd);
    builder.epochs(1).checkpoints(folder).build().fit(rdd);
    SparkTrainer.Result resumed = builder.epochs(2).checkpoints(folder).build().fit(rdd);
    assertThat(resumed.resumedEpochs()).isEqualTo(1);
    assertThat(resumed.epochLosses()).containsExactlyElementsOf(uninterrupted.epochLosses());
    assertSameWeights(resumed.model(), uninterrupted.model());
    // Each worker reseeds its replica per (seed, worker, epoch): the streams differ.
    assertThat(Replica.maskSeed(5, 0, 0)).isNotEqualTo(Replica.maskSeed(5, 1, 0)).isNotEqualTo(Replica.maskSeed(5, 0, 1));
  }

  @Test
  void aCheckpointWrittenWithOtherSettingsIsRefused(@TempDir Path folder) {
    JavaRDD<Example> rdd = spark.parallelize(data(200), 2);
    trainer(SparkTrainerTest::loss, 1).checkpoints(folder).build().fit(rdd);
    assertThatThrownBy(() -> trainer(SparkTrainerTest::loss, 2).batchSize(20).checkpoints(folder).build().fit(rdd))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epoch-0001.safetensors was written with")
        .hasMessageContaining("jgrad.spark.batch_size=16")
        .hasMessageContaining("jgrad.spark.batch_size=20")
        .hasNoCause();
  }

  @Test
  void periodicAveragingGivesTheBitsOfOneProcessAveragingTheReplicas() {
    JavaRDD<Example> rdd = spark.parallelize(data(200), 2);
    SparkTrainer.Result result = trainer(SparkTrainerTest::loss, 2).syncEvery(4).build().fit(rdd);
    assertSameWeights(result.model(), localSgdReference(shards(rdd), 16, 2, 5, 4));
    assertThat(result.epochLosses().get(1)).isLessThan(result.epochLosses().get(0));
    // and it is not gradient averaging
    assertThat(result.model().stateDict().get("0.weight").toFloatArray())
        .isNotEqualTo(reference(shards(rdd), 16, 2, 5).stateDict().get("0.weight").toFloatArray());
  }

  @Test
  void aShardSmallerThanABatchIsRefusedWithTheSizes() {
    JavaRDD<Example> rdd = spark.parallelize(data(40), 2);
    assertThatThrownBy(() -> trainer(SparkTrainerTest::loss, 1).batchSize(32).build().fit(rdd))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fewer examples than one batch (32)")
        .hasMessageContaining("[20, 20]")
        .hasNoCause(); // returned by the workers, not a stage that failed and was retried
  }
}
