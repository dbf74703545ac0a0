package dev.jgrad.autograd;

import dev.jgrad.autograd.engine.Node;

/** The sink of a leaf: adds the gradient that reaches it into the leaf's {@code grad}. */
final class AccumulateGrad extends Node {
  private final Tensor leaf;

  AccumulateGrad(Tensor leaf) {
    super("accumulateGrad");
    this.leaf = leaf;
  }

  Tensor leaf() {
    return leaf;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return backward(grad, false);
  }

  /** Keeps {@code grad} itself as the leaf's first gradient when the pass owns it alone, else a copy. */
  @Override
  protected Tensor[] backward(Tensor grad, boolean exclusive) {
    leaf.accumulateGrad(grad, exclusive);
    return new Tensor[0];
  }

  /** A leaf whose dtype changed since the graph was recorded ({@code setData}) cannot take this gradient. */
  @Override
  protected void checkSink(Tensor grad) {
    if (grad.dtype() != leaf.dtype()) {
      throw new IllegalStateException(String.format(
          "backward: a %s gradient for a leaf that is now %s (its data was replaced by setData after this graph was"
              + " recorded); compute the loss again", grad.dtype(), leaf.dtype()));
    }
  }

  /** The engine runs it last, once the pass cannot fail any more. */
  @Override
  protected boolean isSink() {
    return true;
  }

  @Override
  protected boolean retainsGradient() {
    return false;
  }

  /** Only the first gradient is kept as it is; later ones are added into it and can be reused. */
  @Override
  protected boolean adoptsGradient() {
    return leaf.grad() == null;
  }
}
