package dev.jgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.data.ArrayDataset;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.DataLoader.LastBatch;
import dev.jgrad.nn.optim.LearningRateSchedule;
import dev.jgrad.nn.optim.Optimizer;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Synchronous data-parallel training of a jgrad model on Spark: one long-running barrier task per
 * partition of the data (Spark's barrier execution mode), each holding a replica of the model and
 * its optimizer. Every step, each worker computes the gradient of its own minibatch, the gradients
 * are summed across workers in partition order by an all-reduce over TCP among the tasks ({@link
 * ChainAllReduce}) and averaged, and every replica applies the same optimizer step, so the replicas
 * stay identical — and equal, bit for bit, to one process averaging the same per-worker gradients in
 * the same order.
 *
 * <pre>{@code
 * SparkTrainer trainer = SparkTrainer.builder(
 *         () -> new Sequential(new Linear(784, 128, new SplittableRandom(1)), new ReLU(), new Linear(128, 10, ...)),
 *         (out, labels) -> Functional.crossEntropy(out, labels, Reduction.MEAN),
 *         params -> SGD.builder(params).learningRate(0.1).build())
 *     .batchSize(64).epochs(3).checkpoints(Path.of("/shared/run1")).build();
 * SparkTrainer.Result result = trainer.fit(examples);   // a JavaRDD<Example>, one partition per worker
 * }</pre>
 *
 * <p>Why barrier tasks and a socket all-reduce (measured in spark/README.md): a step as a Spark job
 * (tree aggregation) costs tens of milliseconds of scheduling, and {@code BarrierTaskContext
 * .allGather} about a second (its barrier polls once a second), where the model's own step takes a
 * millisecond or two. So Spark is used once per run, to place the tasks and exchange their
 * addresses, and the steps talk directly. If a task fails, Spark restarts the whole barrier stage;
 * every replica starts from the factory's model with fixed seeds, or from the newest checkpoint, so
 * the retried run gives the same result.
 */
public final class SparkTrainer implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Makes a worker's replica of the model; every call must give the same initial weights. */
  @FunctionalInterface
  public interface ModelFactory extends Serializable {
    /**
     * Makes the model.
     *
     * @return a fresh model, initialized the same way every time (fixed seeds)
     */
    Module create();
  }

  /** Makes a replica's optimizer over its model's parameters. */
  @FunctionalInterface
  public interface OptimizerFactory extends Serializable {
    /**
     * Makes the optimizer.
     *
     * @param parameters the replica's parameters, in the model's order
     * @return a fresh optimizer over them
     */
    Optimizer create(List<Tensor> parameters);
  }

  /** The loss of a minibatch, reduced to one element (a mean, so that worker gradients average). */
  @FunctionalInterface
  public interface LossFunction extends Serializable {
    /**
     * Computes the loss.
     *
     * @param output the model's output for the minibatch
     * @param labels the minibatch's class labels
     * @return a one-element loss
     */
    Tensor compute(Tensor output, int[] labels);
  }

  /**
   * What training gave: the model (made by the factory, holding the trained weights), the mean loss
   * of each epoch over all workers' steps, and where worker 0's time went.
   *
   * @param model the trained model
   * @param epochLosses one mean loss per epoch, the resumed ones included
   * @param resumedEpochs how many epochs were read from a checkpoint instead of trained (0 when
   *     training started afresh)
   * @param steps the optimizer steps this run took (per replica; resumed epochs not counted)
   * @param seconds worker 0's time in those steps, exchanges included
   * @param exchangeSeconds worker 0's time in the all-reduces: sending, receiving, adding, and
   *     waiting for slower workers
   */
  public record Result(
      Module model, List<Double> epochLosses, int resumedEpochs, long steps, double seconds, double exchangeSeconds) {
    /** Copies the list. */
    public Result {
      epochLosses = List.copyOf(epochLosses);
    }
  }

  /** What a worker reports at the end of each epoch. */
  @FunctionalInterface
  public interface EpochCallback extends Serializable {
    /**
     * Called on worker 0 once every replica has finished {@code epoch} (and its checkpoint, if any,
     * is written). The model is worker 0's replica: read it (evaluate it, print it) but do not
     * change it; its training mode is restored afterwards. On a cluster this runs on an executor,
     * so what it prints goes to that executor's log.
     *
     * @param epoch the epoch just finished, from 0
     * @param loss the mean training loss of the epoch over all workers' steps
     * @param seconds how long the epoch took on worker 0
     * @param model worker 0's replica
     */
    void epochEnded(int epoch, double loss, double seconds, Module model);
  }

  final ModelFactory modelFactory;
  final LossFunction loss;
  final OptimizerFactory optimizerFactory;
  final int batchSize;
  final int epochs;
  final long seed;
  final double[] learningRates;
  final int syncEvery;
  final String checkpoints;
  final EpochCallback callback;

  private SparkTrainer(Builder b) {
    this.modelFactory = b.model;
    this.loss = b.loss;
    this.optimizerFactory = b.optimizer;
    this.batchSize = b.batchSize;
    this.epochs = b.epochs;
    this.seed = b.seed;
    this.learningRates = b.schedule == null ? null : IntStream.range(0, b.epochs).mapToDouble(b.schedule::rate).toArray();
    this.syncEvery = b.syncEvery;
    this.checkpoints = b.checkpoints == null ? null : b.checkpoints.toAbsolutePath().toString();
    this.callback = b.callback;
  }

  /**
   * Starts a trainer.
   *
   * @param model makes each replica (and the returned model)
   * @param loss the minibatch loss
   * @param optimizer makes each replica's optimizer
   * @return a builder with batch size 64, 1 epoch, seed 0, gradients exchanged every step, no
   *     schedule, no checkpoints
   */
  public static Builder builder(ModelFactory model, LossFunction loss, OptimizerFactory optimizer) {
    return new Builder(model, loss, optimizer);
  }

  /** Options for a {@link SparkTrainer}. */
  public static final class Builder {
    private final ModelFactory model;
    final LossFunction loss;
    private final OptimizerFactory optimizer;
    private int batchSize = 64;
    private int epochs = 1;
    private long seed;
    private LearningRateSchedule schedule;
    private int syncEvery = 1;
    private Path checkpoints;
    private EpochCallback callback;

    private Builder(ModelFactory model, LossFunction loss, OptimizerFactory optimizer) {
      this.model = checkNotNull(model, "SparkTrainer: model factory is null");
      this.loss = checkNotNull(loss, "SparkTrainer: loss is null");
      this.optimizer = checkNotNull(optimizer, "SparkTrainer: optimizer factory is null");
    }

    /**
     * Sets each worker's minibatch size; the global batch is this times the number of workers.
     *
     * @param perWorker examples per worker and step, at least 1
     * @return this builder
     */
    public Builder batchSize(int perWorker) {
      checkArgument(perWorker >= 1, "SparkTrainer: batch size must be at least 1, got %s", perWorker);
      this.batchSize = perWorker;
      return this;
    }

    /**
     * Sets the number of passes over the data.
     *
     * @param epochs at least 1
     * @return this builder
     */
    public Builder epochs(int epochs) {
      checkArgument(epochs >= 1, "SparkTrainer: epochs must be at least 1, got %s", epochs);
      this.epochs = epochs;
      return this;
    }

    /**
     * Seeds the order in which each worker visits its shard, epoch by epoch.
     *
     * @param seed any value
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets each epoch's learning rate from a schedule (applied at the start of the epoch, as nn's
     * trainer does); without one, the optimizer's own rate is kept.
     *
     * @param schedule the learning rate by epoch
     * @return this builder
     */
    public Builder schedule(LearningRateSchedule schedule) {
      this.schedule = checkNotNull(schedule, "SparkTrainer: schedule is null");
      return this;
    }

    /**
     * Chooses between exchanging gradients every step (1, the default: synchronous SGD, the same
     * result as one process) and periodic model averaging ({@code k} &gt; 1, "local SGD"): each
     * worker takes {@code k} steps on its own, then the replicas' weights are averaged (also at the
     * end of each epoch). Averaging sends the same bytes as one gradient exchange, {@code k} times
     * less often, for networks too slow to exchange every step; each worker keeps its own optimizer
     * state, and the result is no longer that of one process (spark/README.md measures the cost).
     *
     * @param k steps between exchanges, at least 1
     * @return this builder
     */
    public Builder syncEvery(int k) {
      checkArgument(k >= 1, "SparkTrainer: syncEvery must be at least 1, got %s", k);
      this.syncEvery = k;
      return this;
    }

    /**
     * Writes a checkpoint (model, optimizer state, epoch and losses, in nn's safetensors format) to
     * {@code folder} after each epoch, and resumes from the newest one found there: when {@link
     * #fit} starts, and when Spark reruns the training stage after a lost task. The folder must be
     * one that every worker can read and worker 0 can write (a shared file system on a cluster). A
     * resumed run gives the same bits as one that was never interrupted (with {@code syncEvery(1)};
     * with periodic averaging every worker resumes with worker 0's optimizer state).
     *
     * @param folder where epoch-NNNN.safetensors files go; created if missing
     * @return this builder
     */
    public Builder checkpoints(Path folder) {
      this.checkpoints = checkNotNull(folder, "SparkTrainer: checkpoint folder is null");
      return this;
    }

    /**
     * Calls {@code callback} on worker 0 after each epoch, e.g. to evaluate the model on a test
     * set (ship the test set to it as a Spark broadcast variable).
     *
     * @param callback what to do after each epoch
     * @return this builder
     */
    public Builder onEpochEnd(EpochCallback callback) {
      this.callback = checkNotNull(callback, "SparkTrainer: callback is null");
      return this;
    }

    /**
     * Builds the trainer.
     *
     * @return the trainer
     */
    public SparkTrainer build() {
      return new SparkTrainer(this);
    }
  }

  /**
   * Trains on {@code data}, one worker per partition (repartition it to the number of workers
   * first; the cluster must have a core free for each at once). Each epoch, every worker visits its
   * shard in an order shuffled per (seed, partition, epoch), as many full batches as the smallest
   * shard allows.
   *
   * @param data the training examples
   * @return the trained model, the loss of each epoch, and how many epochs came from a checkpoint
   * @throws IllegalArgumentException if a partition holds fewer examples than one batch
   */
  public Result fit(JavaRDD<Example> data) {
    checkNotNull(data, "SparkTrainer.fit: data is null");
    checkArgument(data.getNumPartitions() >= 1, "SparkTrainer.fit: the data has no partitions");
    ClassTag<Replica.Outcome> tag = ClassTag$.MODULE$.apply(Replica.Outcome.class);
    RDD<Replica.Outcome> out = data.rdd().barrier().mapPartitions(new Train(this), false, tag);
    Replica.Outcome outcome = null;
    // When one task fails, Spark kills the stage's others; interrupted, they leave a blocked
    // exchange at once instead of at their neighbour's closed socket.
    var context = data.context();
    String interrupt = context.getLocalProperty(INTERRUPT_ON_CANCEL);
    context.setLocalProperty(INTERRUPT_ON_CANCEL, "true");
    try {
      // Through a shuffle, so that the barrier stage is a map stage: Spark retries a failed barrier
      // map stage whole, but gives up on a failed barrier result stage.
      for (Replica.Outcome o : JavaRDD.fromRDD(out, tag).repartition(1).collect()) {
        if (o.misuse() != null) {
          throw new IllegalArgumentException(o.misuse());
        }
        if (o.names() != null) {
          outcome = o;
        }
      }
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) { // Scala code throws SparkException without declaring it
      // A worker's misuse error (e.g. a shard smaller than a batch) reaches the driver as text in
      // Spark's message; it is rethrown as the IllegalArgumentException it was.
      String message = String.valueOf(e.getMessage());
      String marker = IllegalArgumentException.class.getName() + ": SparkTrainer";
      int at = message.indexOf(marker);
      if (at >= 0) {
        int end = message.indexOf('\n', at);
        String original = message.substring(at + marker.length() - "SparkTrainer".length(), end < 0 ? message.length() : end);
        throw new IllegalArgumentException(original, e);
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("SparkTrainer.fit: training failed: " + message, e);
    } finally {
      context.setLocalProperty(INTERRUPT_ON_CANCEL, interrupt);
    }
    checkArgument(outcome != null, "SparkTrainer.fit: no worker returned a model (is the data empty?)");
    Module model = modelFactory.create();
    Map<String, Tensor> before = model.stateDict();
    Map<String, Tensor> trained = new LinkedHashMap<>();
    for (int i = 0; i < outcome.names().length; i++) {
      DType dtype = before.get(outcome.names()[i]).dtype();
      trained.put(outcome.names()[i], Tensor.of(outcome.values()[i], outcome.shapes()[i]).to(dtype));
    }
    model.loadStateDict(trained);
    return new Result(model, outcome.epochLosses(), outcome.resumedEpochs(), outcome.steps(), outcome.seconds(),
        outcome.exchangeSeconds());
  }

  /** Spark's job property (SparkContext.SPARK_JOB_INTERRUPT_ON_CANCEL) for killing tasks by interrupting them. */
  private static final String INTERRUPT_ON_CANCEL = "spark.job.interruptOnCancel";

  /** The barrier task: one replica trained on one partition. */
  private static final class Train
      extends AbstractFunction1<scala.collection.Iterator<Example>, scala.collection.Iterator<Replica.Outcome>>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final SparkTrainer trainer;

    Train(SparkTrainer trainer) {
      this.trainer = trainer;
    }

    @Override
    public scala.collection.Iterator<Replica.Outcome> apply(scala.collection.Iterator<Example> rows) {
      List<Example> shard = new ArrayList<>();
      CollectionConverters.asJava(rows).forEachRemaining(shard::add);
      Replica.Outcome outcome;
      try {
        outcome = new Replica(trainer, BarrierTaskContext.get()).train(shard);
      } catch (Replica.Misuse e) {
        outcome = Replica.Outcome.of(e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return CollectionConverters.asScala(List.of(outcome).iterator());
    }
  }

  /**
   * A worker's minibatches: its shard in an order shuffled per (seed, partition, epoch), full
   * batches only, float32 features [n, d] with class labels.
   */
  static DataLoader loader(List<Example> shard, int batchSize, long seed, int partition) {
    int d = shard.get(0).features().length;
    float[] features = new float[shard.size() * d];
    int[] labels = new int[shard.size()];
    for (int i = 0; i < shard.size(); i++) {
      checkArgument(shard.get(i).features().length == d,
          "SparkTrainer: examples differ in length (%s and %s features)", d, shard.get(i).features().length);
      System.arraycopy(shard.get(i).features(), 0, features, i * d, d);
      labels[i] = shard.get(i).label();
    }
    return DataLoader.builder(ArrayDataset.classification(features, new int[] {d}, labels))
        .batchSize(batchSize).shuffle(true).seed(seed ^ (1_000_003L * partition)).lastBatch(LastBatch.DROP).build();
  }
}
