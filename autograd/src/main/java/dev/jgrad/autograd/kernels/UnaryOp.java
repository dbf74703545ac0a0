package dev.jgrad.autograd.kernels;

/** Elementwise operations of one argument that take no parameter. */
public enum UnaryOp {
  NEG,
  EXP,
  LOG,
  SQRT,
  ABS,
  TANH,
  /** 1 / (1 + e^-x), computed without overflow for large |x|. */
  SIGMOID,
  /** max(x, 0). */
  RELU,
  /** -1, 0 or 1 (0 for ±0; NaN stays NaN). */
  SIGN,
  /** ln(1 + x), accurate for small x. */
  LOG1P,
  /** StrictMath.sin: the same bits compiled or not, on every CPU (scalar only). */
  SIN,
  /** StrictMath.cos (scalar only). */
  COS
}
