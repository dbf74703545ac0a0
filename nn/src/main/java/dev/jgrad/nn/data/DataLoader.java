package dev.jgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Splits a dataset into mini-batches, one pass (epoch) per iteration.
 *
 * <p>With shuffling on, each epoch visits the examples in a fresh random order that depends only on
 * the seed and the epoch number, so runs are reproducible and {@link #epoch(int)} can replay any
 * epoch. Iterating the loader itself ({@code for (Batch b : loader)}) gives epoch 0, then 1, 2, …
 * on later iterations. Batches are copied from the dataset into float arrays directly; the last,
 * smaller batch is kept or dropped as {@link LastBatch} says.
 *
 * <pre>{@code
 * DataLoader loader = DataLoader.builder(train).batchSize(64).shuffle(true).seed(7).build();
 * for (Batch batch : loader) {
 *   Tensor loss = Losses.crossEntropy(model.forward(batch.features()), batch.labels(), Reduction.MEAN);
 *   ...
 * }
 * }</pre>
 */
public final class DataLoader implements Iterable<Batch> {
  /** The default number of examples per batch: 32. */
  public static final int DEFAULT_BATCH_SIZE = 32;
  /** Off by default, as in PyTorch: shuffle the training set, not the test set. */
  public static final boolean DEFAULT_SHUFFLE = false;
  /** The default seed of the shuffled orders: 0. */
  public static final long DEFAULT_SEED = 0;
  /** By default the last, smaller batch is kept. */
  public static final LastBatch DEFAULT_LAST_BATCH = LastBatch.KEEP;
  /** The default dtype of the batch tensors: float32. */
  public static final DType DEFAULT_DTYPE = DType.FLOAT32;

  /** What happens to a final batch smaller than the batch size. */
  public enum LastBatch {
    /** Yield it: every example is seen once per epoch. */
    KEEP,
    /** Skip it: every batch has the full size. */
    DROP
  }

  private final Dataset dataset;
  private final int batchSize;
  private final boolean shuffle;
  private final long seed;
  private final LastBatch lastBatch;
  private final DType dtype;
  private final int[] featureShape;
  private final int[] targetShape;
  private final int featureSize;
  private final int targetSize;
  private int nextEpoch;

  private DataLoader(Builder b) {
    this.dataset = b.dataset;
    this.batchSize = b.batchSize;
    this.shuffle = b.shuffle;
    this.seed = b.seed;
    this.lastBatch = b.lastBatch;
    this.dtype = b.dtype;
    this.featureShape = dataset.featureShape();
    this.targetShape = dataset.targetShape();
    this.featureSize = Dataset.sizeOf(featureShape);
    this.targetSize = Dataset.sizeOf(targetShape);
  }

  /**
   * Starts a loader over {@code dataset}, PyTorch's {@code DataLoader(dataset, ...)}.
   *
   * @param dataset the examples to batch
   * @return a builder holding the {@code DEFAULT_*} settings
   */
  public static Builder builder(Dataset dataset) {
    return new Builder(dataset);
  }

  /** The next epoch's batches: epoch 0 on the first call, then 1, 2, …. */
  @Override
  public Iterator<Batch> iterator() {
    return epoch(nextEpoch++).iterator();
  }

  /**
   * The batches of epoch {@code epoch}; the same epoch number always gives the same batches.
   *
   * @param epoch the epoch number, from 0
   * @return the epoch's batches, assembled from the dataset as they are iterated
   */
  public Iterable<Batch> epoch(int epoch) {
    checkArgument(epoch >= 0, "DataLoader.epoch: epoch must be >= 0, got %s", epoch);
    int[] order = order(epoch);
    int count = batchCount();
    return () -> new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < count;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int start = next++ * batchSize;
        return assemble(order, start, Math.min(start + batchSize, order.length));
      }
    };
  }

  /** The order in which epoch {@code epoch} visits the examples. */
  int[] order(int epoch) {
    int n = dataset.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (shuffle) {
      // One generator per (seed, epoch), so that any epoch can be replayed on its own.
      SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1L)));
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return order;
  }

  private Batch assemble(int[] order, int from, int to) {
    int b = to - from;
    float[] x = new float[b * featureSize];
    float[] y = new float[b * targetSize];
    for (int i = 0; i < b; i++) {
      dataset.copyFeatures(order[from + i], x, i * featureSize);
      dataset.copyTarget(order[from + i], y, i * targetSize);
    }
    return new Batch(tensor(x, batchShape(b, featureShape)), tensor(y, batchShape(b, targetShape)));
  }

  private Tensor tensor(float[] values, int[] shape) {
    if (dtype == DType.FLOAT32) {
      return Tensor.of(values, shape);
    }
    double[] wide = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      wide[i] = values[i];
    }
    return Tensor.of(wide, shape);
  }

  private static int[] batchShape(int b, int[] exampleShape) {
    int[] shape = new int[exampleShape.length + 1];
    shape[0] = b;
    System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
    return shape;
  }

  /**
   * The number of batches per epoch.
   *
   * @return the number of batches, counting a smaller last batch unless it is dropped
   */
  public int batchCount() {
    int n = dataset.size();
    return lastBatch == LastBatch.DROP ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /**
   * The number of examples per epoch (fewer than the dataset's when the last batch is dropped).
   *
   * @return the number of examples the batches of one epoch hold
   */
  public int exampleCount() {
    return lastBatch == LastBatch.DROP ? batchCount() * batchSize : dataset.size();
  }

  /**
   * The dataset this loader reads.
   *
   * @return the dataset given to {@link #builder}
   */
  public Dataset dataset() {
    return dataset;
  }

  /**
   * The number of examples per batch (the last batch may have fewer).
   *
   * @return the batch size
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Settings for a {@link DataLoader}; defaults are the {@code DEFAULT_*} constants, checked in {@link
   * #build()}.
   */
  public static final class Builder {
    private final Dataset dataset;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private boolean shuffle = DEFAULT_SHUFFLE;
    private long seed = DEFAULT_SEED;
    private LastBatch lastBatch = DEFAULT_LAST_BATCH;
    private DType dtype = DEFAULT_DTYPE;

    private Builder(Dataset dataset) {
      this.dataset = dataset;
    }

    /**
     * The number of examples per batch.
     *
     * @param batchSize the batch size; must be &gt; 0
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Whether each epoch visits the examples in a fresh random order.
     *
     * @param shuffle {@code true} to shuffle (for a training set), {@code false} to keep the dataset's order
     * @return this builder
     */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /**
     * The seed of the shuffled orders.
     *
     * @param seed the seed; with the epoch number it fixes each epoch's order
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * What happens to a final batch smaller than the batch size.
     *
     * @param lastBatch {@link LastBatch#KEEP} or {@link LastBatch#DROP}
     * @return this builder
     */
    public Builder lastBatch(LastBatch lastBatch) {
      this.lastBatch = lastBatch;
      return this;
    }

    /**
     * The dtype of the batch tensors.
     *
     * @param dtype the dtype of the features and targets of every batch
     * @return this builder
     */
    public Builder dtype(DType dtype) {
      this.dtype = dtype;
      return this;
    }

    /**
     * Checks the settings and makes the loader.
     *
     * @return a new loader with these settings
     */
    public DataLoader build() {
      checkNotNull(dataset, "DataLoader: dataset is null");
      checkArgument(batchSize > 0, "DataLoader: batch size must be > 0, got %s", batchSize);
      checkNotNull(lastBatch, "DataLoader: lastBatch is null");
      checkNotNull(dtype, "DataLoader: dtype is null");
      return new DataLoader(this);
    }
  }
}
