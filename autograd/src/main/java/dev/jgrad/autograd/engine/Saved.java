package dev.jgrad.autograd.engine;

import dev.jgrad.autograd.Tensor;

/**
 * A tensor an op keeps for its backward pass, with the version its data had when saved. Reading it
 * after an in-place update fails instead of giving a silently wrong gradient; reading it after the
 * graph was freed fails too.
 */
public final class Saved {
  private Tensor tensor;
  private final int version;
  private final String op;

  public Saved(Tensor tensor, String op) {
    this.tensor = tensor;
    this.version = TensorAccess.version(tensor);
    this.op = op;
  }

  public Tensor get() {
    if (tensor == null) {
      throw new IllegalStateException(
          op + ": its saved tensors were freed by an earlier backward; pass retainGraph=true to that backward"
              + " to go through the graph again");
    }
    int now = TensorAccess.version(tensor);
    if (now != version) {
      throw new IllegalStateException(
          String.format(
              "%s: a tensor of shape %s that it saved for backward was modified in place (version %d, saved at"
                  + " version %d); update it after backward, or clone it first",
              op, TensorAccess.shape(tensor), now, version));
    }
    return tensor;
  }

  void release() {
    tensor = null;
  }
}
