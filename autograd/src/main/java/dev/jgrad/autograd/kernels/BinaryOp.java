package dev.jgrad.autograd.kernels;

/**
 * Elementwise operations of two arguments. The comparisons write 1 where the relation holds and 0
 * where it does not.
 */
public enum BinaryOp {
  ADD,
  SUB,
  MUL,
  DIV,
  /** a^b, as {@link Math#pow}. */
  POW,
  MAX,
  MIN,
  EQ,
  GT,
  GE,
  LT,
  LE,
  /**
   * The binary cross-entropy of σ(a) against the target b, from the logit a: max(a, 0) − a·b +
   * log(1 + e^−|a|), which neither overflows nor forms σ(a).
   */
  BCE_WITH_LOGITS,
  /**
   * a where b > 0, else 0: ReLU's backward in one pass, with a the gradient and b the input (where
   * PyTorch's {@code threshold_backward} gives 0 whatever a is, as here).
   */
  RELU_BACKWARD
}
