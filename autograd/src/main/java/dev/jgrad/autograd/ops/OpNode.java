package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Node;

/**
 * The node of a built-in op. Its backward keeps no reference to the gradient it is given nor to
 * the temporaries it makes, which lets the engine reuse their arrays (see {@code Node#retainsGradient}).
 */
abstract class OpNode extends Node {
  OpNode(String name, Tensor... inputs) {
    super(name, inputs);
  }

  @Override
  protected final boolean retainsGradient() {
    return false;
  }
}
