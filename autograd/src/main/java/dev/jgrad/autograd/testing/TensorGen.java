package dev.jgrad.autograd.testing;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Random shapes and tensors for property tests; everything is drawn from the generator passed in. */
public final class TensorGen {
  private TensorGen() {}

  /**
   * Two shapes that broadcast together.
   *
   * @param left the first shape's dimensions
   * @param right the second shape's dimensions
   */
  public record ShapePair(int[] left, int[] right) {
    @Override
    public String toString() {
      return Arrays.toString(left) + " with " + Arrays.toString(right);
    }
  }

  /**
   * A shape of rank in [minRank, maxRank] with every dimension in [minDim, maxDim].
   *
   * @param random the generator to draw from
   * @param minRank the smallest rank, at least 0
   * @param maxRank the largest rank, at least {@code minRank}
   * @param minDim the smallest dimension, at least 0
   * @param maxDim the largest dimension, at least {@code minDim}
   * @return the dimensions, outermost first
   * @throws IllegalArgumentException if a range is empty or starts below 0
   */
  public static int[] shape(RandomGenerator random, int minRank, int maxRank, int minDim, int maxDim) {
    checkArgument(0 <= minRank && minRank <= maxRank, "TensorGen.shape: bad rank range [%s, %s]", minRank, maxRank);
    checkArgument(0 <= minDim && minDim <= maxDim, "TensorGen.shape: bad dimension range [%s, %s]", minDim, maxDim);
    int[] dims = new int[random.nextInt(minRank, maxRank + 1)];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = random.nextInt(minDim, maxDim + 1);
    }
    return dims;
  }

  /**
   * Two shapes that broadcast together: a full shape of rank ≤ maxRank is drawn, then each side
   * keeps a suffix of it with some dimensions turned into 1 — so scalars, rows, columns and
   * middle-axis broadcasts all come up.
   *
   * @param random the generator to draw from
   * @param maxRank the largest rank of the full shape, at least 0
   * @param maxDim the largest dimension, at least 1
   * @return two shapes whose broadcast is a suffix of the full shape
   */
  public static ShapePair broadcastPair(RandomGenerator random, int maxRank, int maxDim) {
    int[] full = shape(random, 0, maxRank, 1, maxDim);
    return new ShapePair(side(random, full), side(random, full));
  }

  private static int[] side(RandomGenerator random, int[] full) {
    int drop = random.nextInt(full.length + 1);
    int[] dims = Arrays.copyOfRange(full, drop, full.length);
    for (int i = 0; i < dims.length; i++) {
      if (random.nextInt(3) == 0) {
        dims[i] = 1;
      }
    }
    return dims;
  }

  /**
   * A float64 tensor of the given shape (0-d allowed).
   *
   * @param random the generator to draw from
   * @param shape the tensor's dimensions; empty for a 0-d tensor
   * @param elements how each element is drawn
   * @return a new FLOAT64 tensor that does not require grad
   */
  public static Tensor tensor(RandomGenerator random, int[] shape, Elements elements) {
    return tensor(random, shape, elements, DType.FLOAT64);
  }

  /**
   * A tensor of the given shape (0-d allowed) and dtype; its elements are drawn in float64 and then
   * converted.
   *
   * @param random the generator to draw from
   * @param shape the tensor's dimensions; empty for a 0-d tensor
   * @param elements how each element is drawn
   * @param dtype the element type of the result
   * @return a new tensor of that dtype that does not require grad
   */
  public static Tensor tensor(RandomGenerator random, int[] shape, Elements elements, DType dtype) {
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      values[i] = elements.next(random);
    }
    return of(values, shape).to(dtype);
  }

  /**
   * A float64 tensor whose elements are pairwise at least {@code gap} apart (a shuffled grid with
   * jitter) — for max and other functions whose gradient changes where two elements tie.
   *
   * @param random the generator to draw from
   * @param shape the tensor's dimensions; empty for a 0-d tensor
   * @param gap the least distance between any two elements
   * @return a new FLOAT64 tensor centred on 0, spanning about 2·gap per element
   */
  public static Tensor distinct(RandomGenerator random, int[] shape, double gap) {
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      values[i] = (i - size / 2.0) * 2 * gap + random.nextDouble() * gap * 0.5;
    }
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      double t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
    return of(values, shape);
  }

  /**
   * class indices in [0, classes) for gather and cross-entropy.
   *
   * @param random the generator to draw from
   * @param count how many indices to draw
   * @param classes the number of classes, at least 1
   * @return {@code count} indices, each uniform in [0, classes)
   */
  public static int[] indices(RandomGenerator random, int count, int classes) {
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = random.nextInt(classes);
    }
    return out;
  }

  private static Tensor of(double[] values, int[] shape) {
    // Tensor.of with no dimensions means a vector, so a 0-d shape goes through scalar().
    return shape.length == 0 ? Tensor.scalar(values[0], DType.FLOAT64) : Tensor.of(values, shape);
  }
}
