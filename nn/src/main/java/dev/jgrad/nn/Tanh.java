package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/** tanh(x), elementwise. */
public final class Tanh extends Module {
  /** Creates the module; it has no parameters. */
  public Tanh() {}


  @Override
  public Tensor forward(Tensor x) {
    return x.tanh();
  }
}
