package dev.jgrad.nn.data;

/**
 * Examples addressed by index, each a block of features and a block of targets, both float. A
 * {@link DataLoader} asks a dataset to copy examples straight into the float arrays of a batch, so
 * nothing is boxed on the way.
 *
 * <p>For classification, the target of an example is its class index stored as a whole number, and
 * {@link #targetShape()} is empty (a scalar per example).
 */
public interface Dataset {

  /**
   * The number of examples.
   *
   * @return the number of examples; valid indices are 0 to {@code size() - 1}
   */
  int size();

  /**
   * The shape of one example's features, e.g. [784] for a flattened 28×28 image.
   *
   * @return the feature shape, without the example dimension
   */
  int[] featureShape();

  /**
   * The shape of one example's target: [] for a class label or a single value.
   *
   * @return the target shape, without the example dimension
   */
  int[] targetShape();

  /**
   * Copies the features of example {@code index} into {@code into}, starting at {@code offset}.
   *
   * @param index the example, from 0
   * @param into the array to fill, with room for {@code sizeOf(featureShape())} floats at {@code offset}
   * @param offset the position in {@code into} of the first float
   */
  void copyFeatures(int index, float[] into, int offset);

  /**
   * Copies the target of example {@code index} into {@code into}, starting at {@code offset}.
   *
   * @param index the example, from 0
   * @param into the array to fill, with room for {@code sizeOf(targetShape())} floats at {@code offset}
   * @param offset the position in {@code into} of the first float
   */
  void copyTarget(int index, float[] into, int offset);

  /**
   * The number of floats in {@code shape}.
   *
   * @param shape the dimensions, each ≥ 0
   * @return the product of the dimensions: 1 for the empty shape
   * @throws IllegalArgumentException if a dimension is negative or the product exceeds {@code Integer.MAX_VALUE}
   */

  static int sizeOf(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("Dataset: negative dimension in " + java.util.Arrays.toString(shape));
      }
      n *= d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Dataset: shape " + java.util.Arrays.toString(shape) + " is too large");
    }
    return (int) n;
  }
}
