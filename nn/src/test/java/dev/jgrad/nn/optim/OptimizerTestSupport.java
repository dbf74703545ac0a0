package dev.jgrad.nn.optim;

import dev.jgrad.autograd.Tensor;

final class OptimizerTestSupport {
  private OptimizerTestSupport() {}

  /** A float64 parameter. */
  static Tensor param(double... values) {
    return Tensor.of(values).requiresGrad(true);
  }

  /** Sets p's gradient to exactly {@code grad}, through a real backward pass of Σ p·grad. */
  static void setGrad(Tensor p, double... grad) {
    p.zeroGrad();
    p.mul(Tensor.of(grad)).sum().backward();
  }
}
