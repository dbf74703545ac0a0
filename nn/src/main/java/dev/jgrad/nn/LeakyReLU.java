package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/** x for x > 0, slope·x otherwise, elementwise; the slope defaults to PyTorch's 0.01. */
public final class LeakyReLU extends Module {
  /** The slope for negative inputs used by {@link #LeakyReLU()}: PyTorch's default, 0.01. */
  public static final double DEFAULT_SLOPE = 0.01;

  private final double slope;

  /** Creates a LeakyReLU with the default slope {@value #DEFAULT_SLOPE}. */
  public LeakyReLU() {
    this(DEFAULT_SLOPE);
  }

  /**
   * Creates a LeakyReLU that multiplies negative inputs by {@code slope}.
   *
   * @param slope the slope for x ≤ 0; must be finite
   */
  public LeakyReLU(double slope) {
    checkArgument(Double.isFinite(slope), "LeakyReLU: slope must be finite, got %s", slope);
    this.slope = slope;
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.leakyRelu(slope);
  }

  /**
   * The slope applied to negative inputs.
   *
   * @return the slope given at construction
   */
  public double slope() {

    return slope;
  }

  @Override
  protected String describe() {
    return "slope=" + slope;
  }
}
