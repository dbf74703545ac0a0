package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/** max(x, 0), elementwise; its subgradient at 0 is 0. */
public final class ReLU extends Module {
  /** Creates the module; it has no parameters. */
  public ReLU() {}


  @Override
  public Tensor forward(Tensor x) {
    return x.relu();
  }
}
