package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/** Reshapes [N, d1, d2, ...] to [N, d1·d2·...]: images to feature rows for a {@link Linear} layer. */
public final class Flatten extends Module {
  /** Creates the module; it has no parameters. */
  public Flatten() {}


  @Override
  public Tensor forward(Tensor x) {
    if (x.rank() <= 2) {
      return x;
    }
    return x.reshape(x.dim(0), -1);
  }
}
