package dev.jgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * A dataset held in two flat float arrays, example after example: features [N × featureSize] and
 * targets [N × targetSize], both row-major.
 *
 * <pre>{@code
 * var xor = ArrayDataset.of(
 *     Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2),
 *     Tensor.of(new float[] {0, 1, 1, 0}, 4, 1));
 * var labelled = ArrayDataset.classification(pixels, new int[] {784}, labels);
 * }</pre>
 */
public final class ArrayDataset implements Dataset {
  private final float[] features;
  private final int[] featureShape;
  private final int featureSize;
  private final float[] targets;
  private final int[] targetShape;
  private final int targetSize;
  private final int size;

  /**
   * A dataset over copies of the given arrays; the number of examples is features.length /
   * featureSize and must match targets.length / targetSize.
   *
   * @param features the features of all examples, example after example
   * @param featureShape the shape of one example's features
   * @param targets the targets of all examples, example after example
   * @param targetShape the shape of one example's target; [] for one value per example
   */
  public ArrayDataset(float[] features, int[] featureShape, float[] targets, int[] targetShape) {
    this(features.clone(), featureShape.clone(), targets.clone(), targetShape.clone(), true);
  }

  /** Takes ownership of the arrays (no copy): for the loaders in this package. */
  ArrayDataset(float[] features, int[] featureShape, float[] targets, int[] targetShape, boolean owned) {
    this.features = checkNotNull(features, "ArrayDataset: features is null");
    this.targets = checkNotNull(targets, "ArrayDataset: targets is null");
    this.featureShape = featureShape;
    this.targetShape = targetShape;
    this.featureSize = Dataset.sizeOf(featureShape);
    this.targetSize = Dataset.sizeOf(targetShape);
    checkArgument(featureSize > 0, "ArrayDataset: feature shape %s is empty", Arrays.toString(featureShape));
    checkArgument(targetSize > 0, "ArrayDataset: target shape %s is empty", Arrays.toString(targetShape));
    checkArgument(
        features.length % featureSize == 0,
        "ArrayDataset: %s feature values are not a whole number of examples of shape %s",
        features.length, Arrays.toString(featureShape));
    this.size = features.length / featureSize;
    checkArgument(
        targets.length == (long) size * targetSize,
        "ArrayDataset: %s examples of features but %s target values (expected %s for target shape %s)",
        size, targets.length, (long) size * targetSize, Arrays.toString(targetShape));
  }

  /**
   * A dataset from tensors whose first dimension counts the examples: features [N, ...] and targets
   * [N, ...] (or [N] for one value per example).
   *
   * @param features the features, [N, ...featureShape]
   * @param targets the targets, [N, ...targetShape]
   * @return a new dataset of N examples holding copies of the tensors' values as floats
   */
  public static ArrayDataset of(Tensor features, Tensor targets) {
    checkArgument(
        features.rank() >= 1 && targets.rank() >= 1 && features.dim(0) == targets.dim(0),
        "ArrayDataset.of: features %s and targets %s must share their first dimension (the examples)",
        Arrays.toString(features.shape()), Arrays.toString(targets.shape()));
    int[] fs = features.shape();
    int[] ts = targets.shape();
    return new ArrayDataset(
        features.toFloatArray(), Arrays.copyOfRange(fs, 1, fs.length),
        targets.toFloatArray(), Arrays.copyOfRange(ts, 1, ts.length), true);
  }

  /**
   * A classification dataset: features [N × featureSize] and one class index per example.
   *
   * @param features the features of all examples, example after example (copied)
   * @param featureShape the shape of one example's features
   * @param labels the class index of each example, each ≥ 0
   * @return a new dataset whose targets are the labels, of shape []
   */
  public static ArrayDataset classification(float[] features, int[] featureShape, int[] labels) {
    float[] targets = new float[labels.length];
    for (int i = 0; i < labels.length; i++) {
      checkArgument(labels[i] >= 0, "ArrayDataset.classification: label %s is %s", i, labels[i]);
      targets[i] = labels[i];
    }
    return new ArrayDataset(features.clone(), featureShape.clone(), targets, new int[0], true);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int[] featureShape() {
    return featureShape.clone();
  }

  @Override
  public int[] targetShape() {
    return targetShape.clone();
  }

  /**
   * Floats per example's features.
   *
   * @return the number of floats in {@link #featureShape()}
   */
  public int featureSize() {
    return featureSize;
  }

  @Override
  public void copyFeatures(int index, float[] into, int offset) {
    checkElementIndex(index, size, "ArrayDataset: example");
    System.arraycopy(features, index * featureSize, into, offset, featureSize);
  }

  @Override
  public void copyTarget(int index, float[] into, int offset) {
    checkElementIndex(index, size, "ArrayDataset: example");
    System.arraycopy(targets, index * targetSize, into, offset, targetSize);
  }

  /**
   * The target of example {@code index} as a class index (for datasets of labels).
   *
   * @param index the example, from 0
   * @return the example's label
   */
  public int label(int index) {
    checkElementIndex(index, size, "ArrayDataset: example");
    checkArgument(targetSize == 1, "ArrayDataset.label: targets have shape %s, not one label", Arrays.toString(targetShape));
    return (int) targets[index];
  }

  /**
   * Every example's class index, in order (for datasets of labels).
   *
   * @return a new array of {@code size()} labels
   * @throws IllegalArgumentException if the targets are not one label per example
   */
  public int[] labels() {
    checkArgument(targetSize == 1, "ArrayDataset.labels: targets have shape %s, not one label", Arrays.toString(targetShape));
    int[] labels = new int[size];
    for (int i = 0; i < size; i++) {
      labels[i] = (int) targets[i];
    }
    return labels;
  }

  /**
   * A copy of all features, example after example.
   *
   * @return a new array of {@code size() * featureSize()} floats
   */
  public float[] features() {
    return features.clone();
  }

  /**
   * A copy of all targets, example after example.
   *
   * @return a new array holding every example's target values
   */
  public float[] targets() {
    return targets.clone();
  }

  /** Features without a copy, for the transforms in this package. */
  float[] featuresView() {
    return features;
  }

  float[] targetsView() {
    return targets;
  }

  /**
   * Examples [from, to) as a new dataset (copied).
   *
   * @param from the first example, inclusive
   * @param to the end, exclusive; {@code from ≤ to ≤ size()}
   * @return a new dataset of {@code to - from} examples
   */

  public ArrayDataset slice(int from, int to) {
    checkArgument(0 <= from && from <= to && to <= size, "ArrayDataset.slice: [%s, %s) is not within [0, %s)", from, to, size);
    return new ArrayDataset(
        Arrays.copyOfRange(features, from * featureSize, to * featureSize), featureShape.clone(),
        Arrays.copyOfRange(targets, from * targetSize, to * targetSize), targetShape.clone(), true);
  }

  @Override
  public String toString() {
    return String.format(
        "ArrayDataset(%d examples, features %s, targets %s)",
        size, Arrays.toString(featureShape), Arrays.toString(targetShape));
  }
}
