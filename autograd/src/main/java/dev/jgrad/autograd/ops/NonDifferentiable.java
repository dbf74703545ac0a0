package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.BinaryOp;
import dev.jgrad.autograd.kernels.UnaryOp;

/**
 * Operations whose result is piecewise constant (comparisons, sign): their gradient is zero
 * everywhere it exists, so they record nothing and their results never require grad.
 */
public final class NonDifferentiable {
  private NonDifferentiable() {}

  /** 1 where the relation holds, else 0, in the inputs' dtype. */
  public static Tensor compare(BinaryOp op, Tensor a, Tensor b) {
    return OpSupport.binary(op.name().toLowerCase(java.util.Locale.ROOT), op, a, b);
  }

  public static Tensor sign(Tensor x) {
    return OpSupport.unary(UnaryOp.SIGN, x);
  }
}
