package dev.jgrad.spark;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.data.Batch;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.io.Safetensors;
import dev.jgrad.nn.optim.Optimizer;
import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.BarrierTaskContext;

/**
 * One worker of a {@link SparkTrainer} run, inside its barrier task: it joins the others (one
 * all-gather through Spark, then a chain of sockets), trains its replica on its shard, exchanging
 * gradients (or weights) each step, and writes the epoch checkpoints when it is worker 0.
 */
final class Replica {
  /** Checkpoint files: epoch-0003.safetensors holds the state after 3 epochs. */
  private static final Pattern CHECKPOINT = Pattern.compile("epoch-(\\d+)\\.safetensors");
  static final String EPOCHS_KEY = "jgrad.spark.epochs";
  static final String LOSSES_KEY = "jgrad.spark.epoch_losses";

  /**
   * What a worker returns: worker 0 its model's state and the history, the others nothing; every
   * worker the misuse that stopped it, if one did.
   */
  record Outcome(
      String misuse,
      String[] names,
      int[][] shapes,
      double[][] values,
      List<Double> epochLosses,
      int resumedEpochs,
      long steps,
      double seconds,
      double exchangeSeconds)
      implements Serializable {
    static Outcome of(Misuse misuse) {
      return new Outcome(misuse.getMessage(), null, null, null, List.of(), 0, 0, 0, 0);
    }
  }

  /**
   * A misuse that every worker finds alike, from what they all see (the shard sizes, the
   * checkpoint worker 0 chose): returned rather than thrown, so that Spark does not retry a run that
   * cannot succeed, and no worker waits for another that stopped.
   */
  static final class Misuse extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    Misuse(String message) {
      super(message);
    }
  }

  private final SparkTrainer trainer;
  private final BarrierTaskContext context;
  private final int rank;
  private long stepsTaken;
  private long stepNanos;
  private long exchangeNanos;

  Replica(SparkTrainer trainer, BarrierTaskContext context) {
    this.trainer = trainer;
    this.context = context;
    this.rank = context.partitionId();
  }

  Outcome train(List<Example> shard) throws IOException {
    Path folder = trainer.checkpoints == null ? null : Path.of(trainer.checkpoints);
    String address = context.getTaskInfos()[rank].address();
    String host = address.substring(0, address.lastIndexOf(':'));
    int steps = Integer.MAX_VALUE;
    int resumed;
    ChainAllReduce reducer;
    try (ServerSocketChannel server = ChainAllReduce.listen(host)) {
      // The one exchange through Spark: where each worker listens, its shard size, and the newest
      // checkpoint it sees (worker 0's choice is followed, should a checkpoint appear meanwhile).
      String me = host + ":" + server.socket().getLocalPort() + " " + shard.size() + " "
          + newestCheckpoint(folder, trainer.epochs);
      String[] all = context.allGather(me);
      List<String> addresses = new ArrayList<>();
      for (String worker : all) {
        String[] parts = worker.split(" ");
        addresses.add(parts[0]);
        steps = Math.min(steps, Integer.parseInt(parts[1]) / trainer.batchSize);
      }
      resumed = Integer.parseInt(all[0].split(" ")[2]);
      if (steps < 1) {
        throw new Misuse(String.format("SparkTrainer: a partition holds fewer examples than one batch (%s): %s",
            trainer.batchSize, Arrays.stream(all).map(w -> w.split(" ")[1]).toList()));
      }
      reducer = ChainAllReduce.connect(rank, addresses, server);
    }
    try (reducer) {
      Module model = trainer.modelFactory.create();
      model.train();
      List<Tensor> parameters = model.parameters();
      Optimizer optimizer = trainer.optimizerFactory.create(parameters);
      List<Double> losses = new ArrayList<>();
      if (resumed > 0) {
        losses.addAll(load(folder.resolve(fileName(resumed)), model, optimizer, reducer.size()));
      }
      DataLoader loader = SparkTrainer.loader(shard, trainer.batchSize, trainer.seed, rank);
      for (int epoch = resumed; epoch < trainer.epochs; epoch++) {
        long start = System.nanoTime();
        if (trainer.learningRates != null) {
          optimizer.setLearningRate(trainer.learningRates[epoch]);
        }
        // Dropout's masks: a stream per (seed, worker, epoch), so that workers draw apart and a
        // resumed epoch draws what it would have drawn.
        model.reseed(maskSeed(trainer.seed, rank, epoch));
        Iterator<Batch> batches = loader.epoch(epoch).iterator();
        long stepsStart = System.nanoTime();
        double loss = trainer.syncEvery == 1
            ? exchangeGradients(model, optimizer, batches, steps, reducer)
            : averageWeights(model, optimizer, batches, steps, reducer);
        stepNanos += System.nanoTime() - stepsStart;
        stepsTaken += steps;
        losses.add(loss);
        if (rank == 0 && folder != null) {
          save(folder, epoch + 1, model, optimizer, losses, reducer.size());
        }
        if (rank == 0 && trainer.callback != null) {
          trainer.callback.epochEnded(epoch, loss, (System.nanoTime() - start) / 1e9, model);
          model.train();
        }
      }
      if (rank != 0) {
        return new Outcome(null, null, null, null, List.of(), resumed, stepsTaken, stepNanos / 1e9, exchangeNanos / 1e9);
      }
      Map<String, Tensor> dict = model.stateDict();
      return new Outcome(
          null,
          dict.keySet().toArray(String[]::new),
          dict.values().stream().map(Tensor::shape).toArray(int[][]::new),
          dict.values().stream().map(Tensor::toDoubleArray).toArray(double[][]::new),
          losses,
          resumed,
          stepsTaken,
          stepNanos / 1e9,
          exchangeNanos / 1e9);
    }
  }

  /** Synchronous SGD: every step, the mean of the workers' gradients; returns the epoch's mean loss. */
  private double exchangeGradients(
      Module model, Optimizer optimizer, Iterator<Batch> batches, int steps, ChainAllReduce reducer) {
    List<Tensor> parameters = optimizer.parameters();
    FlatVector gradients = FlatVector.forParameters(parameters);
    double lossSum = 0;
    for (int step = 0; step < steps; step++) {
      Tensor value = backward(model, optimizer, batches.next());
      if (reducer.size() == 1) { // the mean of one worker's gradients is its own
        lossSum += value.item();
      } else {
        long start = System.nanoTime();
        gradients.gather(parameters, true, value.item());
        gradients.meanOver(reducer);
        gradients.copyToGradients(parameters);
        exchangeNanos += System.nanoTime() - start;
        lossSum += gradients.extra();
      }
      optimizer.step();
    }
    return lossSum / steps;
  }

  /** Local SGD: own steps, the replicas' weights averaged every syncEvery steps and at the end. */
  private double averageWeights(
      Module model, Optimizer optimizer, Iterator<Batch> batches, int steps, ChainAllReduce reducer) {
    List<Tensor> parameters = optimizer.parameters();
    FlatVector weights = FlatVector.forParameters(parameters);
    double lossSum = 0;
    for (int step = 0; step < steps; step++) {
      Tensor value = backward(model, optimizer, batches.next());
      optimizer.step();
      lossSum += value.item();
      if (((step + 1) % trainer.syncEvery == 0 || step + 1 == steps) && reducer.size() > 1) {
        long start = System.nanoTime();
        weights.gather(parameters, false, 0);
        weights.meanOver(reducer);
        weights.copyToValues(parameters);
        exchangeNanos += System.nanoTime() - start;
      }
    }
    double[] total = {lossSum};
    reducer.sum(total);
    return total[0] / reducer.size() / steps;
  }

  /** This worker's own forward and backward pass on a minibatch; returns its loss. */
  private Tensor backward(Module model, Optimizer optimizer, Batch batch) {
    context.killTaskIfInterrupted(); // a task Spark killed stops at the next step
    optimizer.zeroGrad();
    Tensor value = trainer.loss.compute(model.forward(batch.features()), batch.labels());
    value.backward();
    return value;
  }

  /** The seed of a replica's random modules in an epoch: its own stream for every (seed, worker, epoch). */
  static long maskSeed(long seed, int rank, int epoch) {
    return new SplittableRandom(seed).nextLong() ^ (1_000_003L * (rank + 1)) ^ (998_244_353L * (epoch + 1));
  }

  static String fileName(int epochs) {
    return String.format(Locale.ROOT, "epoch-%04d.safetensors", epochs);
  }

  /** The epochs of the newest checkpoint of {@code folder} with at most {@code epochs}; 0 if none. */
  static int newestCheckpoint(Path folder, int epochs) throws IOException {
    if (folder == null || !Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> CHECKPOINT.matcher(f.getFileName().toString()))
          .filter(Matcher::matches)
          .mapToInt(m -> Integer.parseInt(m.group(1)))
          .filter(n -> n <= epochs)
          .max()
          .orElse(0);
    }
  }

  private void save(Path folder, int epochs, Module model, Optimizer optimizer, List<Double> losses, int workers)
      throws IOException {
    Files.createDirectories(folder);
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(EPOCHS_KEY, Integer.toString(epochs));
    metadata.put(LOSSES_KEY, String.join(",", losses.stream().map(d -> Double.toString(d)).toList()));
    metadata.putAll(settings(workers));
    Safetensors.save(folder.resolve(fileName(epochs)), model, optimizer, metadata);
  }

  /** What a resumed run must share with the run that wrote the checkpoint to continue it exactly. */
  private Map<String, String> settings(int workers) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("jgrad.spark.workers", Integer.toString(workers));
    settings.put("jgrad.spark.batch_size", Integer.toString(trainer.batchSize));
    settings.put("jgrad.spark.sync_every", Integer.toString(trainer.syncEvery));
    settings.put("jgrad.spark.seed", Long.toString(trainer.seed));
    return settings;
  }

  /**
   * Reads a checkpoint into the replica, if it was written with this run's settings; returns the
   * epoch losses it records.
   */
  private List<Double> load(Path file, Module model, Optimizer optimizer, int workers) throws IOException {
    Map<String, String> metadata = Safetensors.read(file).metadata();
    Map<String, String> settings = settings(workers);
    Map<String, String> written = new LinkedHashMap<>();
    settings.keySet().forEach(key -> written.put(key, metadata.get(key)));
    if (!written.equals(settings)) {
      throw new Misuse(String.format("SparkTrainer: the checkpoint %s was written with %s, this run has %s; resume"
          + " with the same settings or use another folder", file, written, settings));
    }
    Safetensors.load(file, model, optimizer);
    String losses = metadata.getOrDefault(LOSSES_KEY, "");
    return losses.isEmpty() ? List.of() : Arrays.stream(losses.split(",")).map(Double::valueOf).toList();
  }
}
