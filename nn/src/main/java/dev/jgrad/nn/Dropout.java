package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Inverted dropout: in training mode each element is zeroed with probability p and the survivors are
 * scaled by 1 / (1 − p), so the expected output equals the input and evaluation needs no rescaling.
 * In evaluation mode ({@link Module#eval()}) the input passes through unchanged.
 *
 * <p>Masks are drawn from the generator given at construction, so a seeded generator gives the same
 * sequence of masks on every run; {@link Module#reseed(long)} replaces it with a {@link
 * SplittableRandom} seeded from the tree's seed and this module's place in it.
 */
public final class Dropout extends Module {
  private final double p;
  private RandomGenerator random;

  /**
   * Drops each element with probability {@code p} in [0, 1), drawing masks from {@code random}.
   *
   * @param p the probability of zeroing an element, in [0, 1)
   * @param random the generator the masks are drawn from
   */
  public Dropout(double p, RandomGenerator random) {
    checkArgument(p >= 0 && p < 1, "Dropout: p must be in [0, 1), got %s", p);
    this.p = p;
    this.random = checkNotNull(random, "Dropout: random is null");
  }

  @Override
  public Tensor forward(Tensor x) {
    if (!isTraining() || p == 0) {
      return x;
    }
    return x.mul(mask(x.shape(), x.dtype(), x.size()));
  }

  /** 0 with probability p, 1 / (1 − p) otherwise. */
  private Tensor mask(int[] shape, DType dtype, int n) {
    double keep = 1 / (1 - p);
    if (dtype == DType.FLOAT32) {
      float[] m = new float[n];
      float k = (float) keep;
      for (int i = 0; i < n; i++) {
        m[i] = random.nextDouble() < p ? 0f : k;
      }
      return shape.length == 0 ? Tensor.scalar(m[0]) : Tensor.of(m, shape);
    }
    double[] m = new double[n];
    for (int i = 0; i < n; i++) {
      m[i] = random.nextDouble() < p ? 0 : keep;
    }
    return shape.length == 0 ? Tensor.scalar(m[0], DType.FLOAT64) : Tensor.of(m, shape);
  }

  @Override
  protected void onReseed(long seed) {
    random = new SplittableRandom(seed);
  }

  /**
   * The probability of zeroing an element in training mode.
   *
   * @return {@code p} as given at construction
   */
  public double p() {

    return p;
  }

  @Override
  protected String describe() {
    return "p=" + p;
  }
}
