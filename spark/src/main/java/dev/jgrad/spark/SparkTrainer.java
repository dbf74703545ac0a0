package dev.jgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.data.ArrayDataset;
import dev.jgrad.nn.data.Batch;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.DataLoader.LastBatch;
import dev.jgrad.nn.optim.Optimizer;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import scala.runtime.AbstractFunction1;

/**
 * Synchronous data-parallel training of a jgrad model on Spark: one long-running barrier task per
 * partition of the data (Spark's barrier execution mode), each holding a replica of the model and
 * its optimizer. Every step, each worker computes the gradient of its own minibatch, the gradients
 * are summed across workers in partition order by an all-gather ({@code BarrierTaskContext
 * .allGather}) and averaged, and every replica applies the same optimizer step, so the replicas stay
 * identical — and equal, bit for bit, to one process averaging the same per-worker gradients in the
 * same order.
 *
 * <pre>{@code
 * SparkTrainer trainer = SparkTrainer.builder(
 *         () -> new Sequential(new Linear(784, 128, new SplittableRandom(1)), new ReLU(), new Linear(128, 10, ...)),
 *         (out, labels) -> Functional.crossEntropy(out, labels, Reduction.MEAN),
 *         params -> SGD.builder(params).learningRate(0.1).build())
 *     .batchSize(64).epochs(3).build();
 * SparkTrainer.Result result = trainer.fit(examples);   // a JavaRDD<Example>, one partition per worker
 * }</pre>
 *
 * <p>Why barrier tasks and an all-gather: a step as a Spark job (tree aggregation) costs tens of
 * milliseconds of scheduling; one barrier stage per training run costs it once. If a task fails,
 * Spark restarts the whole barrier stage, and since every replica starts from the factory's model
 * with fixed seeds, the retried run gives the same result.
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
   * What training gave: the model (made by the factory, holding the trained weights) and the mean
   * loss of each epoch over all workers' steps.
   *
   * @param model the trained model
   * @param epochLosses one mean loss per epoch
   */
  public record Result(Module model, List<Double> epochLosses) {}

  private final ModelFactory modelFactory;
  private final LossFunction loss;
  private final OptimizerFactory optimizerFactory;
  private final int batchSize;
  private final int epochs;
  private final long seed;

  private SparkTrainer(Builder b) {
    this.modelFactory = b.model;
    this.loss = b.loss;
    this.optimizerFactory = b.optimizer;
    this.batchSize = b.batchSize;
    this.epochs = b.epochs;
    this.seed = b.seed;
  }

  /**
   * Starts a trainer.
   *
   * @param model makes each replica (and the returned model)
   * @param loss the minibatch loss
   * @param optimizer makes each replica's optimizer
   * @return a builder with batch size 64, 1 epoch, seed 0
   */
  public static Builder builder(ModelFactory model, LossFunction loss, OptimizerFactory optimizer) {
    return new Builder(model, loss, optimizer);
  }

  /** Options for a {@link SparkTrainer}. */
  public static final class Builder {
    private final ModelFactory model;
    private final LossFunction loss;
    private final OptimizerFactory optimizer;
    private int batchSize = 64;
    private int epochs = 1;
    private long seed;

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
   * first). Each epoch, every worker visits its shard in a seeded order, as many steps as the
   * smallest shard allows.
   *
   * @param data the training examples
   * @return the trained model and the loss of each epoch
   */
  public Result fit(JavaRDD<Example> data) {
    checkNotNull(data, "SparkTrainer.fit: data is null");
    scala.reflect.ClassTag<State> tag = scala.reflect.ClassTag$.MODULE$.apply(State.class);
    RDD<State> out = data.rdd().barrier().mapPartitions(new Train(this), false, tag);
    // Through a shuffle, so that the barrier stage is a map stage: Spark retries a failed barrier
    // map stage whole, but gives up on a failed barrier result stage.
    State state = null;
    for (State s : JavaRDD.fromRDD(out, tag).repartition(1).collect()) {
      if (s != null && s.names != null) {
        state = s;
      }
    }
    checkArgument(state != null, "SparkTrainer.fit: no worker returned a model (is the data empty?)");
    Module model = modelFactory.create();
    Map<String, Tensor> before = model.stateDict();
    Map<String, Tensor> trained = new LinkedHashMap<>();
    for (int i = 0; i < state.names.length; i++) {
      DType dtype = before.get(state.names[i]).dtype();
      trained.put(state.names[i], Tensor.of(state.values[i], state.shapes[i]).to(dtype));
    }
    model.loadStateDict(trained);
    return new Result(model, state.epochLosses);
  }

  /** What worker 0 sends back: the trained state dict and the epoch losses. */
  static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    String[] names;
    int[][] shapes;
    double[][] values;
    List<Double> epochLosses;
  }

  /** The barrier task: one replica trained on one partition. */
  private static final class Train
      extends AbstractFunction1<scala.collection.Iterator<Example>, scala.collection.Iterator<State>>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final SparkTrainer trainer;

    Train(SparkTrainer trainer) {
      this.trainer = trainer;
    }

    @Override
    public scala.collection.Iterator<State> apply(scala.collection.Iterator<Example> rows) {
      BarrierTaskContext ctx = BarrierTaskContext.get();
      List<Example> shard = new ArrayList<>();
      scala.jdk.javaapi.CollectionConverters.asJava(rows).forEachRemaining(shard::add);
      State state = trainer.train(shard, ctx);
      return scala.jdk.javaapi.CollectionConverters.asScala(List.of(state).iterator());
    }
  }

  /** One replica's training; the all-gathers keep every replica in step. */
  State train(List<Example> shard, BarrierTaskContext ctx) {
    int partition = ctx.partitionId();
    int steps = Integer.MAX_VALUE;
    for (String size : ctx.allGather(Integer.toString(shard.size()))) {
      steps = Math.min(steps, Integer.parseInt(size) / batchSize);
    }
    checkArgument(steps >= 1, "SparkTrainer: a worker has fewer than %s examples (one batch)", batchSize);
    Module model = modelFactory.create();
    model.train();
    List<Tensor> parameters = model.parameters();
    Optimizer optimizer = optimizerFactory.create(parameters);
    DataLoader loader = loader(shard, batchSize, seed, partition);
    List<Double> epochLosses = new ArrayList<>();
    for (int epoch = 0; epoch < epochs; epoch++) {
      double lossSum = 0;
      Iterator<Batch> batches = loader.epoch(epoch).iterator();
      for (int step = 0; step < steps; step++) {
        Batch batch = batches.next();
        optimizer.zeroGrad();
        Tensor value = loss.compute(model.forward(batch.features()), batch.labels());
        value.backward();
        String[] all = ctx.allGather(encode(value.item(), parameters));
        lossSum += average(all, parameters);
        optimizer.step();
      }
      epochLosses.add(lossSum / steps);
    }
    State state = new State();
    if (partition == 0) {
      Map<String, Tensor> dict = model.stateDict();
      state.names = dict.keySet().toArray(String[]::new);
      state.shapes = dict.values().stream().map(Tensor::shape).toArray(int[][]::new);
      state.values = dict.values().stream().map(Tensor::toDoubleArray).toArray(double[][]::new);
      state.epochLosses = epochLosses;
    }
    return state;
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
      System.arraycopy(shard.get(i).features(), 0, features, i * d, d);
      labels[i] = shard.get(i).label();
    }
    return DataLoader.builder(ArrayDataset.classification(features, new int[] {d}, labels))
        .batchSize(batchSize).shuffle(true).seed(seed ^ (1_000_003L * partition)).lastBatch(LastBatch.DROP).build();
  }

  /** The loss and every parameter's gradient, as little-endian doubles in Base64 (allGather takes text). */
  static String encode(double lossValue, List<Tensor> parameters) {
    int n = 1;
    for (Tensor p : parameters) {
      n += p.size();
    }
    ByteBuffer bytes = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putDouble(lossValue);
    for (Tensor p : parameters) {
      Tensor g = p.grad();
      if (g == null) {
        for (int i = 0; i < p.size(); i++) {
          bytes.putDouble(0);
        }
      } else {
        for (double v : g.toDoubleArray()) {
          bytes.putDouble(v);
        }
      }
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  /**
   * Sums the workers' gradients in partition order, divides by their number, and writes the result
   * into each parameter's gradient; returns the workers' mean loss.
   */
  static double average(String[] messages, List<Tensor> parameters) {
    ByteBuffer[] buffers = new ByteBuffer[messages.length];
    double lossSum = 0;
    for (int w = 0; w < messages.length; w++) {
      buffers[w] = ByteBuffer.wrap(Base64.getDecoder().decode(messages[w])).order(ByteOrder.LITTLE_ENDIAN);
      lossSum += buffers[w].getDouble();
    }
    try (var g = Autograd.noGrad()) {
      for (Tensor p : parameters) {
        double[] sum = new double[p.size()];
        for (ByteBuffer b : buffers) {
          for (int i = 0; i < sum.length; i++) {
            sum[i] += b.getDouble();
          }
        }
        for (int i = 0; i < sum.length; i++) {
          sum[i] /= messages.length;
        }
        if (p.grad() != null) { // the replicas are one model: a parameter without a gradient has none anywhere
          p.grad().copyFrom(Tensor.of(sum, p.size()).reshape(p.shape()).to(p.dtype()));
        }
      }
    }
    return lossSum / messages.length;
  }
}
