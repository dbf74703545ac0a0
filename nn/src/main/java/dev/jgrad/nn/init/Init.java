package dev.jgrad.nn.init;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.random.RandomGenerator;

/**
 * The usual weight initialisations. Each returns an {@link Initializer}; pass it to a layer's
 * builder, e.g. {@code Linear.builder(784, 128).weightInit(Init.heNormal())}.
 *
 * <ul>
 *   <li>{@link #zeros()} — fine for biases; for weights it makes every unit of a layer compute the
 *       same thing forever (the symmetry problem), which is why weights start random.
 *   <li>{@link #normal(double)} — N(0, std²); {@code normal(0.01)} is the course's "small random
 *       numbers", {@code np.random.randn(n, m) * 0.01}.
 *   <li>{@link #xavierUniform()} / {@link #xavierNormal()} — Glorot and Bengio (2010): variance
 *       2 / (fanIn + fanOut), for tanh and sigmoid layers.
 *   <li>{@link #heNormal()} / {@link #heUniform()} — He et al. (2015), "Kaiming": variance 2 / fanIn,
 *       for ReLU layers.
 * </ul>
 */
public final class Init {
  private Init() {}

  /**
   * All zeros.
   *
   * @return an initializer that fills every element with 0
   */
  public static Initializer zeros() {
    return constant(0);
  }

  /**
   * Every element {@code value}.
   *
   * @param value the value of every element; must be finite
   * @return an initializer that fills every element with {@code value}
   */
  public static Initializer constant(double value) {
    checkArgument(Double.isFinite(value), "Init.constant: value must be finite, got %s", value);
    return (shape, fanIn, fanOut, dtype, random) -> Tensor.full(value, dtype, shape);
  }

  /**
   * N(0, std²).
   *
   * @param std the standard deviation; finite and ≥ 0
   * @return an initializer that draws each element independently from N(0, std²)
   */
  public static Initializer normal(double std) {
    return normal(0, std);
  }

  /**
   * N(mean, std²).
   *
   * @param mean the mean; must be finite
   * @param std the standard deviation; finite and ≥ 0
   * @return an initializer that draws each element independently from N(mean, std²)
   */
  public static Initializer normal(double mean, double std) {
    checkArgument(Double.isFinite(mean), "Init.normal: mean must be finite, got %s", mean);
    checkArgument(std >= 0 && Double.isFinite(std), "Init.normal: std must be finite and >= 0, got %s", std);
    return (shape, fanIn, fanOut, dtype, random) -> normalTensor(shape, mean, std, dtype, random);
  }

  /**
   * Uniform in [low, high).
   *
   * @param low the inclusive lower bound; finite
   * @param high the exclusive upper bound; finite and ≥ {@code low}
   * @return an initializer that draws each element independently from U(low, high)
   */
  public static Initializer uniform(double low, double high) {
    checkArgument(
        Double.isFinite(low) && Double.isFinite(high) && low <= high,
        "Init.uniform: need finite low <= high, got [%s, %s)", low, high);
    return (shape, fanIn, fanOut, dtype, random) -> Tensor.rand(random, low, high, dtype, shape);
  }

  /**
   * Glorot uniform: U(−a, a) with a = gain·√(6 / (fanIn + fanOut)).
   *
   * @param gain the scale factor; finite and &gt; 0 (e.g. 5/3 for tanh, as PyTorch's {@code calculate_gain})
   * @return an initializer for the Xavier uniform scheme, which needs positive fans
   */
  public static Initializer xavierUniform(double gain) {
    checkGain("xavierUniform", gain);
    return (shape, fanIn, fanOut, dtype, random) -> {
      double a = gain * Math.sqrt(6.0 / fanSum("xavierUniform", fanIn, fanOut));
      return Tensor.rand(random, -a, a, dtype, shape);
    };
  }

  /**
   * Glorot uniform with gain 1.
   *
   * @return an initializer drawing from U(−a, a) with a = √(6 / (fanIn + fanOut))
   */
  public static Initializer xavierUniform() {
    return xavierUniform(1);
  }

  /**
   * Glorot normal: N(0, σ²) with σ = gain·√(2 / (fanIn + fanOut)).
   *
   * @param gain the scale factor; finite and &gt; 0
   * @return an initializer for the Xavier normal scheme, which needs positive fans
   */
  public static Initializer xavierNormal(double gain) {
    checkGain("xavierNormal", gain);
    return (shape, fanIn, fanOut, dtype, random) -> {
      double std = gain * Math.sqrt(2.0 / fanSum("xavierNormal", fanIn, fanOut));
      return normalTensor(shape, 0, std, dtype, random);
    };
  }

  /**
   * Glorot normal with gain 1.
   *
   * @return an initializer drawing from N(0, σ²) with σ = √(2 / (fanIn + fanOut))
   */
  public static Initializer xavierNormal() {
    return xavierNormal(1);
  }

  /**
   * He / Kaiming normal for ReLU: N(0, σ²) with σ = √(2 / fanIn).
   *
   * @return an initializer for the He normal scheme, which needs a positive fanIn
   */
  public static Initializer heNormal() {
    return (shape, fanIn, fanOut, dtype, random) ->
        normalTensor(shape, 0, Math.sqrt(2.0 / positiveFan("heNormal", fanIn)), dtype, random);
  }

  /**
   * He / Kaiming uniform for ReLU: U(−a, a) with a = √(6 / fanIn).
   *
   * @return an initializer for the He uniform scheme, which needs a positive fanIn
   */
  public static Initializer heUniform() {
    return (shape, fanIn, fanOut, dtype, random) -> {
      double a = Math.sqrt(6.0 / positiveFan("heUniform", fanIn));
      return Tensor.rand(random, -a, a, dtype, shape);
    };
  }

  /**
   * PyTorch's default for {@code nn.Linear} weights and biases: U(−1/√fanIn, 1/√fanIn) (its
   * kaiming_uniform with a = √5 works out to this bound). Until 0.1 this was misnamed lecunUniform.
   *
   * @return an initializer drawing from U(−1/√fanIn, 1/√fanIn), which needs a positive fanIn
   */
  public static Initializer linearDefault() {
    return (shape, fanIn, fanOut, dtype, random) -> {
      double a = 1 / Math.sqrt(positiveFan("linearDefault", fanIn));
      return Tensor.rand(random, -a, a, dtype, shape);
    };
  }

  /**
   * LeCun uniform: U(−√(3/fanIn), √(3/fanIn)), variance 1/fanIn (for SELU networks, and in Keras).
   *
   * @return an initializer for the LeCun uniform scheme, which needs a positive fanIn
   */
  public static Initializer lecunUniform() {
    return (shape, fanIn, fanOut, dtype, random) -> {
      double a = Math.sqrt(3.0 / positiveFan("lecunUniform", fanIn));
      return Tensor.rand(random, -a, a, dtype, shape);
    };
  }

  /**
   * LeCun normal: N(0, 1/fanIn).
   *
   * @return an initializer for the LeCun normal scheme, which needs a positive fanIn
   */
  public static Initializer lecunNormal() {
    return (shape, fanIn, fanOut, dtype, random) ->
        normalTensor(shape, 0, 1 / Math.sqrt(positiveFan("lecunNormal", fanIn)), dtype, random);
  }

  /**
   * Overwrites {@code parameter} in place with fresh values from {@code init} (under no-grad), e.g.
   * to re-initialise a trained model; returns the parameter.
   *
   * @param parameter the tensor to overwrite
   * @param init the scheme that draws the new values
   * @param fanIn the number of inputs feeding each unit of the parameter's layer
   * @param fanOut the number of units each input of the parameter's layer feeds
   * @param random the generator the values are drawn from
   * @return {@code parameter}, now holding the new values
   */

  public static Tensor fill(Tensor parameter, Initializer init, int fanIn, int fanOut, RandomGenerator random) {
    Tensor values = init.create(parameter.shape(), fanIn, fanOut, parameter.dtype(), random);
    try (var g = Autograd.noGrad()) {
      return parameter.copyFrom(values);
    }
  }

  private static Tensor normalTensor(int[] shape, double mean, double std, DType dtype, RandomGenerator random) {
    Tensor z = Tensor.randn(random, DType.FLOAT64, shape);
    try (var g = Autograd.noGrad()) {
      return z.mul(std).add(mean).to(dtype).detach();
    }
  }

  private static void checkGain(String name, double gain) {
    checkArgument(gain > 0 && Double.isFinite(gain), "Init.%s: gain must be finite and > 0, got %s", name, gain);
  }

  private static int fanSum(String name, int fanIn, int fanOut) {
    checkArgument(
        fanIn > 0 && fanOut > 0, "Init.%s: fans must be positive, got fanIn %s, fanOut %s", name, fanIn, fanOut);
    return fanIn + fanOut;
  }

  private static int positiveFan(String name, int fanIn) {
    checkArgument(fanIn > 0, "Init.%s: fanIn must be positive, got %s", name, fanIn);
    return fanIn;
  }
}
