package dev.jgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * The dimensions of a tensor, outermost first (row-major). Immutable; a 0-d scalar has no
 * dimensions and one element.
 *
 * <p>{@link #broadcast} implements numpy's rule: shapes are aligned at their last dimension, and two
 * sizes agree when they are equal or one of them is 1.
 *
 * @param dims the size of each dimension, outermost first
 */
public record Shape(int[] dims) {

  /**
   * Creates a shape from a copy of {@code dims}.
   *
   * @param dims the size of each dimension, outermost first; none negative
   * @throws IllegalArgumentException if a dimension is negative or the shape has more than
   *     2<sup>31</sup>−1 elements
   */
  public Shape {
    dims = dims.clone();
    for (int d : dims) {
      checkArgument(d >= 0, "shape: negative dimension in %s", Arrays.toString(dims));
    }
    long n = 1;
    for (int d : dims) {
      n *= d;
      checkArgument(n <= Integer.MAX_VALUE, "shape: %s has more than 2^31-1 elements", Arrays.toString(dims));
    }
  }

  /**
   * The shape with the given dimensions; {@code Shape.of()} is the 0-d scalar shape.
   *
   * @param dims the size of each dimension, outermost first; none negative
   * @return a new shape holding a copy of {@code dims}
   * @throws IllegalArgumentException if a dimension is negative or the shape has more than
   *     2<sup>31</sup>−1 elements
   */
  public static Shape of(int... dims) {
    return new Shape(dims);
  }

  /**
   * The dimensions, as a fresh array.
   *
   * @return a copy of the dimensions, outermost first; changing it does not change the shape
   */
  @Override
  public int[] dims() {
    return dims.clone();
  }

  /**
   * The number of dimensions.
   *
   * @return the rank: 0 for a scalar, 1 for a vector, 2 for a matrix
   */
  public int rank() {
    return dims.length;
  }

  /**
   * The size of dimension {@code axis}; negative axes count from the end.
   *
   * @param axis in [−rank, rank); −1 is the last dimension
   * @return the size of that dimension
   * @throws IllegalArgumentException if {@code axis} is out of range
   */
  public int dim(int axis) {
    return dims[normalizeAxis(axis, "dim")];
  }

  /**
   * The number of elements.
   *
   * @return the product of the dimensions: 1 for a scalar, 0 when any dimension is 0
   */
  public int size() {
    int n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }

  /**
   * Row-major strides in elements.
   *
   * @return for each dimension, how many elements apart consecutive indices along it are; the last
   *     dimension's stride is 1
   */
  public int[] strides() {
    int[] strides = new int[dims.length];
    int s = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= dims[i];
    }
    return strides;
  }

  /**
   * Maps a possibly negative axis into [0, rank), or fails naming the operation.
   *
   * @param axis in [−rank, rank); negative axes count from the end
   * @param op the operation's name, for the exception's message
   * @return the axis in [0, rank)
   * @throws IllegalArgumentException if {@code axis} is out of range
   */
  public int normalizeAxis(int axis, String op) {
    int r = dims.length;
    if (axis < -r || axis >= r) {
      throw new IllegalArgumentException(
          String.format("%s: axis %d is out of range for shape %s (rank %d)", op, axis, this, r));
    }
    return axis < 0 ? axis + r : axis;
  }

  /**
   * The numpy broadcast of two shapes, or an exception naming the operation and both shapes.
   *
   * @param a one shape
   * @param b the other shape
   * @param op the operation's name, for the exception's message
   * @return the shape both broadcast to: of the larger rank, each dimension the larger of the two
   * @throws IllegalArgumentException if the shapes do not broadcast together
   */
  public static Shape broadcast(Shape a, Shape b, String op) {
    if (a.equals(b)) {
      return a;
    }
    int rank = Math.max(a.rank(), b.rank());
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
      int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            String.format("%s: shapes %s and %s cannot be broadcast (dimension %d: %d vs %d)", op, a, b, i, da, db));
      }
      out[i] = da == 1 ? db : da;
    }
    return new Shape(out);
  }

  /**
   * Whether this shape broadcasts to {@code target} (target is the larger one).
   *
   * @param target the shape to broadcast to
   * @return true if {@code target} has at least this rank and each of this shape's dimensions
   *     equals the matching one of {@code target} or is 1
   */
  public boolean broadcastsTo(Shape target) {
    if (rank() > target.rank()) {
      return false;
    }
    int offset = target.rank() - rank();
    for (int i = 0; i < rank(); i++) {
      if (dims[i] != 1 && dims[i] != target.dims[i + offset]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
