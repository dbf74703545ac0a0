package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Softmax along one axis, the last by default (the class axis of [N, C] logits). For training,
 * prefer feeding logits to {@code Loss.crossEntropy()}, which fuses log-softmax with the loss.
 */
public final class Softmax extends Module {
  /** The axis used by {@link #Softmax()}: -1, the last axis. */
  public static final int DEFAULT_AXIS = -1;

  private final int axis;

  /** Creates a softmax along the last axis. */
  public Softmax() {
    this(DEFAULT_AXIS);
  }

  /**
   * Creates a softmax along {@code axis}.
   *
   * @param axis the axis to normalize over; negative values count from the end
   */
  public Softmax(int axis) {
    this.axis = axis;
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.softmax(axis);
  }

  /**
   * The axis this softmax normalizes over.
   *
   * @return the axis given at construction, possibly negative
   */
  public int axis() {

    return axis;
  }

  @Override
  protected String describe() {
    return "axis=" + axis;
  }
}
