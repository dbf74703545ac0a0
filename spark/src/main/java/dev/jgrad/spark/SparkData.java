package dev.jgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.nn.data.ArrayDataset;
import dev.jgrad.nn.data.IdxReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Training data as the {@link JavaRDD} of {@link Example}s that {@link SparkTrainer} takes, from
 * arrays, an nn {@link ArrayDataset} (e.g. {@code FashionMnist.train()}) or IDX files: partition p
 * holds the p-th contiguous block of examples.
 *
 * <p>The arrays go to the workers once, as Spark broadcast variables (BitTorrent-like on a cluster,
 * shared memory in local mode), and each partition cuts its block out of them; the examples are
 * not serialized one by one into tasks.
 */
public final class SparkData {
  private SparkData() {}

  /**
   * Examples from row-major features and their labels.
   *
   * @param spark the context
   * @param features n rows of {@code width} values each
   * @param width the features per example
   * @param labels n class labels, each ≥ 0
   * @param partitions the number of partitions (workers), at least 1 and at most n
   * @return the examples, in order, in {@code partitions} contiguous blocks
   */
  public static JavaRDD<Example> fromArrays(
      JavaSparkContext spark, float[] features, int width, int[] labels, int partitions) {
    checkNotNull(spark, "SparkData.fromArrays: spark is null");
    checkNotNull(features, "SparkData.fromArrays: features are null");
    checkNotNull(labels, "SparkData.fromArrays: labels are null");
    checkArgument(width >= 1, "SparkData.fromArrays: width must be at least 1, got %s", width);
    checkArgument((long) labels.length * width == features.length,
        "SparkData.fromArrays: %s labels need %s × %s = %s features, got %s",
        labels.length, labels.length, width, (long) labels.length * width, features.length);
    checkArgument(partitions >= 1 && partitions <= labels.length,
        "SparkData.fromArrays: partitions must be in [1, %s] (the number of examples), got %s", labels.length, partitions);
    for (int i = 0; i < labels.length; i++) {
      checkArgument(labels[i] >= 0, "SparkData.fromArrays: label %s of example %s is negative", labels[i], i);
    }
    Broadcast<float[]> x = spark.broadcast(features);
    Broadcast<int[]> y = spark.broadcast(labels);
    int n = labels.length;
    List<Integer> blocks = IntStream.range(0, partitions).boxed().toList();
    return spark.parallelize(blocks, partitions).flatMap(p -> {
      int from = (int) ((long) n * p / partitions);
      int to = (int) ((long) n * (p + 1) / partitions);
      float[] xs = x.value();
      int[] ys = y.value();
      List<Example> block = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        block.add(new Example(Arrays.copyOfRange(xs, i * width, (i + 1) * width), ys[i]));
      }
      return block.iterator();
    });
  }

  /**
   * Examples from a classification dataset of nn, its features flattened (e.g. {@code
   * FashionMnist.train()}, 784 pixels in [0, 1] each).
   *
   * @param spark the context
   * @param data a dataset with one class label per example
   * @param partitions the number of partitions (workers)
   * @return the examples, in order, in {@code partitions} contiguous blocks
   */
  public static JavaRDD<Example> fromDataset(JavaSparkContext spark, ArrayDataset data, int partitions) {
    checkNotNull(data, "SparkData.fromDataset: data is null");
    return fromArrays(spark, data.features(), data.featureSize(), data.labels(), partitions);
  }

  /**
   * Examples from a pair of IDX files (the MNIST format: unsigned-byte images and labels, each file
   * possibly gzipped), read on the driver, with the pixels scaled to [0, 1].
   *
   * @param spark the context
   * @param images an idx3-ubyte file of n images
   * @param labels an idx1-ubyte file of n labels
   * @param partitions the number of partitions (workers)
   * @return the examples, in file order, in {@code partitions} contiguous blocks
   * @throws IOException if a file cannot be read or is not IDX of the right kind
   * @throws IllegalArgumentException if the files hold different numbers of examples
   */
  public static JavaRDD<Example> fromIdx(JavaSparkContext spark, Path images, Path labels, int partitions)
      throws IOException {
    IdxReader.Idx x = IdxReader.readImages(images);
    IdxReader.Idx y = IdxReader.readLabels(labels);
    checkArgument(x.count() == y.count(),
        "SparkData.fromIdx: %s holds %s images but %s holds %s labels", images, x.count(), labels, y.count());
    int width = x.data().length / x.count();
    float[] features = new float[x.data().length];
    for (int i = 0; i < features.length; i++) {
      features[i] = x.unsigned(i) / 255f;
    }
    int[] classes = new int[y.count()];
    for (int i = 0; i < classes.length; i++) {
      classes[i] = y.unsigned(i);
    }
    return fromArrays(spark, features, width, classes, partitions);
  }
}
