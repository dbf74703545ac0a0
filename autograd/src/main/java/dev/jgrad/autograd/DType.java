package dev.jgrad.autograd;

/**
 * The element type of a tensor. FLOAT32 is the default; FLOAT64 is there for gradient checking and
 * for users who need the precision. Operations never mix the two silently: convert with {@link
 * Tensor#to(DType)}.
 */
public enum DType {
  /** 32-bit IEEE 754 floats ({@code float}), like PyTorch's {@code torch.float32}; the default. */
  FLOAT32(4),
  /** 64-bit IEEE 754 floats ({@code double}), like PyTorch's {@code torch.float64}. */
  FLOAT64(8);

  private final int byteSize;

  DType(int byteSize) {
    this.byteSize = byteSize;
  }

  /**
   * Bytes per element: 4 or 8.
   *
   * @return the size of one element in bytes: 4 for FLOAT32, 8 for FLOAT64
   */
  public int byteSize() {
    return byteSize;
  }

  /** A new zeroed array of this type: {@code float[]} or {@code double[]}. */
  Object newArray(int n) {
    return this == FLOAT32 ? new float[n] : new double[n];
  }
}
