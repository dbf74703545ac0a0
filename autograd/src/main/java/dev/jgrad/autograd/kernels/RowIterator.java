package dev.jgrad.autograd.kernels;

/**
 * Walks a row-major output shape row by row, keeping the offsets of up to three strided inputs.
 *
 * <p>Dimensions of size 1 are dropped and adjacent dimensions that every input steps through as
 * one (outer stride = inner stride × inner size) are merged first. So a same-shape contiguous
 * operation becomes a single long row, a matrix plus a row vector becomes rows of the matrix's
 * width with the vector's offset rewinding each row, and a matrix plus a column vector becomes rows
 * in which the vector has step 0. The kernels then only need a fast loop over one row whose inputs
 * each have a step of 1, 0 or anything else.
 *
 * <p>Usage, with the output contiguous:
 *
 * <pre>{@code
 * RowIterator it = new RowIterator(shape, new int[] {0, 0}, aStrides, bStrides);
 * for (int r = 0; r < it.rows; r++, it.next()) {
 *   row(a, it.offset[0], it.step[0], b, it.offset[1], it.step[1], out, r * it.length, it.length);
 * }
 * }</pre>
 */
final class RowIterator {
  /** Number of rows; 0 when the shape has no elements. */
  final int rows;
  /** Elements in each row (1 for a 0-d shape). */
  final int length;
  /** Step of each input along a row. */
  final int[] step;
  /** Offset of each input at the start of the current row. */
  final int[] offset;

  // Outer (merged) dimensions, innermost first, and each input's stride along them.
  private final int[] outerShape;
  private final int[][] outerStrides;
  private final int[] counter;

  /**
   * @param shape the output shape
   * @param base the offset of each input at index (0, ..., 0)
   * @param strides for each input, its strides along {@code shape} (0 where broadcast)
   */
  RowIterator(int[] shape, int[] base, int[]... strides) {
    int inputs = strides.length;
    int rank = shape.length;
    for (int[] s : strides) {
      if (s.length != rank) {
        throw new IllegalArgumentException(
            "kernels: strides of rank " + s.length + " for an output of rank " + rank);
      }
    }
    // Merged dimensions, innermost first.
    int[] sizes = new int[rank];
    int[][] merged = new int[inputs][rank];
    int count = 0;
    boolean empty = false;
    for (int d = rank - 1; d >= 0; d--) {
      int size = shape[d];
      if (size == 0) {
        empty = true;
      }
      if (size == 1) {
        continue;
      }
      if (count > 0 && mergeable(strides, d, merged, count - 1, sizes[count - 1])) {
        sizes[count - 1] *= size;
        continue;
      }
      sizes[count] = size;
      for (int q = 0; q < inputs; q++) {
        merged[q][count] = strides[q][d];
      }
      count++;
    }

    this.step = new int[inputs];
    this.offset = base.clone();
    if (count == 0) {
      this.length = 1;
      this.outerShape = new int[0];
    } else {
      this.length = sizes[0];
      for (int q = 0; q < inputs; q++) {
        step[q] = merged[q][0];
      }
      this.outerShape = new int[count - 1];
      System.arraycopy(sizes, 1, outerShape, 0, count - 1);
    }
    this.outerStrides = new int[inputs][];
    for (int q = 0; q < inputs; q++) {
      outerStrides[q] = new int[outerShape.length];
      if (count > 1) {
        System.arraycopy(merged[q], 1, outerStrides[q], 0, count - 1);
      }
    }
    this.counter = new int[outerShape.length];
    int r = 1;
    for (int size : outerShape) {
      r *= size;
    }
    this.rows = empty ? 0 : r;
  }

  private static boolean mergeable(int[][] strides, int d, int[][] merged, int inner, int innerSize) {
    for (int q = 0; q < strides.length; q++) {
      if (strides[q][d] != merged[q][inner] * innerSize) {
        return false;
      }
    }
    return true;
  }

  /** Advances {@link #offset} to the start of the next row. */
  void next() {
    for (int d = 0; d < counter.length; d++) {
      int size = outerShape[d];
      if (++counter[d] < size) {
        for (int q = 0; q < offset.length; q++) {
          offset[q] += outerStrides[q][d];
        }
        return;
      }
      counter[d] = 0;
      for (int q = 0; q < offset.length; q++) {
        offset[q] -= outerStrides[q][d] * (size - 1);
      }
    }
  }

  /** The number of elements of {@code shape}. */
  static int size(int[] shape) {
    int n = 1;
    for (int size : shape) {
      n *= size;
    }
    return n;
  }

  /**
   * How an input walks the whole output as one flat row: 1 if its strides are the natural row-major
   * ones of {@code shape}, 0 if it is a broadcast scalar, -1 otherwise. Dimensions of size 1 may have
   * any stride.
   */
  static int flatStep(int[] shape, int[] strides) {
    if (strides.length != shape.length) {
      return -1;
    }
    boolean zero = true;
    boolean natural = true;
    int expected = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] == 1) {
        continue;
      }
      zero &= strides[d] == 0;
      natural &= strides[d] == expected;
      expected *= shape[d];
    }
    return natural ? 1 : zero ? 0 : -1;
  }
}
