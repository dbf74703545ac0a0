package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Softmax along one axis, the last by default (the class axis of [N, C] logits). For training,
 * prefer feeding logits to {@code Loss.crossEntropy()}, which fuses log-softmax with the loss.
 */
public final class Softmax extends Module {
  public static final int DEFAULT_AXIS = -1;

  private final int axis;

  public Softmax() {
    this(DEFAULT_AXIS);
  }

  public Softmax(int axis) {
    this.axis = axis;
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.softmax(axis);
  }

  public int axis() {
    return axis;
  }

  @Override
  protected String describe() {
    return "axis=" + axis;
  }
}
