package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/** x for x > 0, slope·x otherwise, elementwise; the slope defaults to PyTorch's 0.01. */
public final class LeakyReLU extends Module {
  public static final double DEFAULT_SLOPE = 0.01;

  private final double slope;

  public LeakyReLU() {
    this(DEFAULT_SLOPE);
  }

  public LeakyReLU(double slope) {
    checkArgument(Double.isFinite(slope), "LeakyReLU: slope must be finite, got %s", slope);
    this.slope = slope;
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.leakyRelu(slope);
  }

  public double slope() {
    return slope;
  }

  @Override
  protected String describe() {
    return "slope=" + slope;
  }
}
