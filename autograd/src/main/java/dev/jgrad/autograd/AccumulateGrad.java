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
    leaf.accumulateGrad(grad);
    return new Tensor[0];
  }
}
