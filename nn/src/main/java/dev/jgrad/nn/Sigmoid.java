package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/** σ(x) = 1 / (1 + e^−x), elementwise. */
public final class Sigmoid extends Module {
  /** Creates the module; it has no parameters. */
  public Sigmoid() {}


  @Override
  public Tensor forward(Tensor x) {
    return x.sigmoid();
  }
}
