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

  /** The number of examples. */
  int size();

  /** The shape of one example's features, e.g. [784] for a flattened 28×28 image. */
  int[] featureShape();

  /** The shape of one example's target: [] for a class label or a single value. */
  int[] targetShape();

  /** Copies the features of example {@code index} into {@code into}, starting at {@code offset}. */
  void copyFeatures(int index, float[] into, int offset);

  /** Copies the target of example {@code index} into {@code into}, starting at {@code offset}. */
  void copyTarget(int index, float[] into, int offset);

  /** The number of floats in {@code shape}. */
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
