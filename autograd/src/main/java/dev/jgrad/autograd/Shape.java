package dev.jgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * The dimensions of a tensor, outermost first (row-major). Immutable; a 0-d scalar has no
 * dimensions and one element.
 *
 * <p>{@link #broadcast} implements numpy's rule: shapes are aligned at their last dimension, and two
 * sizes agree when they are equal or one of them is 1.
 */
public record Shape(int[] dims) {

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

  public static Shape of(int... dims) {
    return new Shape(dims);
  }

  /** The dimensions, as a fresh array. */
  @Override
  public int[] dims() {
    return dims.clone();
  }

  public int rank() {
    return dims.length;
  }

  /** The size of dimension {@code axis}; negative axes count from the end. */
  public int dim(int axis) {
    return dims[normalizeAxis(axis, "dim")];
  }

  /** The number of elements. */
  public int size() {
    int n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }

  /** Row-major strides in elements. */
  public int[] strides() {
    int[] strides = new int[dims.length];
    int s = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= dims[i];
    }
    return strides;
  }

  /** Maps a possibly negative axis into [0, rank), or fails naming the operation. */
  public int normalizeAxis(int axis, String op) {
    int r = dims.length;
    if (axis < -r || axis >= r) {
      throw new IllegalArgumentException(
          String.format("%s: axis %d is out of range for shape %s (rank %d)", op, axis, this, r));
    }
    return axis < 0 ? axis + r : axis;
  }

  /** The numpy broadcast of two shapes, or an exception naming the operation and both shapes. */
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

  /** Whether this shape broadcasts to {@code target} (target is the larger one). */
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
