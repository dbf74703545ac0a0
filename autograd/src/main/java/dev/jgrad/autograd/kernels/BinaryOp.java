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
  LE
}
