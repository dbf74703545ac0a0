package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Functional;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.init.Init;
import dev.jgrad.nn.init.Initializer;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A dense layer, y = x·W + b.
 *
 * <p>Inputs are row-major batches: x has shape [N, in] (one example per row, as in PyTorch), W is
 * stored as [in, out] and b as [out], so the forward pass is one {@link Functional#linear} call — a
 * matmul and a broadcast bias add with no transpose, which the kernels can fuse. Extra leading
 * dimensions of x are batch dimensions too.
 *
 * <p>The course material writes the same layer in column layout, Z = W·X + b with X of shape
 * [features, m] and W of shape [out, in]: that is the transpose of everything here (our x is Xᵀ, our
 * W is the course's Wᵀ). PyTorch's {@code nn.Linear} stores its weight as [out, in] too; transpose
 * it when moving weights between the two.
 *
 * <pre>{@code
 * var random = new SplittableRandom(42);
 * Linear fc = new Linear(784, 128, random);                     // PyTorch's default initialisation
 * Linear he = Linear.builder(784, 128).weightInit(Init.heNormal()).build(random);
 * Tensor y = fc.forward(x);                                     // x: [N, 784] -> y: [N, 128]
 * }</pre>
 */
public final class Linear extends Module {
  /**
   * Defaults of {@link Builder}: PyTorch's initialisation, a bias, float32. This one is the weight
   * initializer, {@link Init#linearDefault()}.
   */
  public static final Initializer DEFAULT_WEIGHT_INIT = Init.linearDefault();

  /** The default bias initializer: {@link Init#linearDefault()}, as PyTorch's nn.Linear. */
  public static final Initializer DEFAULT_BIAS_INIT = Init.linearDefault();
  /** Whether a layer has a bias by default: it does. */
  public static final boolean DEFAULT_BIAS = true;
  /** The default dtype of the parameters: float32. */
  public static final DType DEFAULT_DTYPE = DType.FLOAT32;

  private final int inFeatures;
  private final int outFeatures;
  private final Tensor weight;
  private final Tensor bias;

  /**
   * A float32 layer with a bias, initialised like PyTorch's nn.Linear from {@code random}.
   *
   * @param inFeatures the size of each input row; positive
   * @param outFeatures the size of each output row; positive
   * @param random the generator the initial weight and bias are drawn from
   */
  public Linear(int inFeatures, int outFeatures, RandomGenerator random) {
    this(builder(inFeatures, outFeatures).checked(), random);
  }

  /**
   * A layer around existing tensors — weight [in, out], bias [out] or null — which become its
   * parameters (they are marked as requiring grad, not copied). Useful to import weights, or to
   * gradient-check the layer with respect to tensors one controls.
   *
   * @param weight the weight, of shape [in, out]
   * @param bias the bias, of shape [out] and the weight's dtype, or null for a layer without one
   */
  public Linear(Tensor weight, Tensor bias) {
    checkNotNull(weight, "Linear: weight is null");
    checkArgument(
        weight.rank() == 2, "Linear: weight must have shape [in, out], got %s", Arrays.toString(weight.shape()));
    this.inFeatures = weight.dim(0);
    this.outFeatures = weight.dim(1);
    if (bias != null) {
      checkArgument(
          bias.rank() == 1 && bias.dim(0) == outFeatures,
          "Linear: bias must have shape [%s] to match weight %s, got %s",
          outFeatures, Arrays.toString(weight.shape()), Arrays.toString(bias.shape()));
      checkArgument(
          bias.dtype() == weight.dtype(), "Linear: bias is %s but weight is %s", bias.dtype(), weight.dtype());
    }
    this.weight = registerParameter("weight", weight);
    this.bias = bias == null ? null : registerParameter("bias", bias);
  }

  private Linear(Builder b, RandomGenerator random) {
    this(
        b.weightInit.create(new int[] {b.in, b.out}, b.in, b.out, b.dtype, checkNotNull(random, "Linear: random is null")),
        b.bias ? b.biasInit.create(new int[] {b.out}, b.in, b.out, b.dtype, random) : null);
  }

  /**
   * Starts a layer with options beyond the defaults: initializers, dtype, no bias.
   *
   * @param inFeatures the size of each input row; positive
   * @param outFeatures the size of each output row; positive
   * @return a builder holding the {@code DEFAULT_*} options
   */
  public static Builder builder(int inFeatures, int outFeatures) {
    return new Builder(inFeatures, outFeatures);
  }

  /** Options for a {@link Linear} layer; defaults are the {@code DEFAULT_*} constants. */
  public static final class Builder {
    private final int in;
    private final int out;
    private boolean bias = DEFAULT_BIAS;
    private DType dtype = DEFAULT_DTYPE;
    private Initializer weightInit = DEFAULT_WEIGHT_INIT;
    private Initializer biasInit = DEFAULT_BIAS_INIT;

    private Builder(int in, int out) {
      this.in = in;
      this.out = out;
    }

    /**
     * Whether the layer adds a bias.
     *
     * @param bias {@code true} for a bias (the default), {@code false} for none
     * @return this builder
     */
    public Builder bias(boolean bias) {
      this.bias = bias;
      return this;
    }

    /**
     * The dtype of the weight and bias.
     *
     * @param dtype the parameters' dtype; float32 by default
     * @return this builder
     */
    public Builder dtype(DType dtype) {
      this.dtype = dtype;
      return this;
    }

    /**
     * How the weight's initial values are drawn.
     *
     * @param weightInit the weight initializer; {@link Init#linearDefault()} by default
     * @return this builder
     */
    public Builder weightInit(Initializer weightInit) {
      this.weightInit = weightInit;
      return this;
    }

    /**
     * How the bias's initial values are drawn; ignored for a layer without a bias.
     *
     * @param biasInit the bias initializer; {@link Init#linearDefault()} by default
     * @return this builder
     */
    public Builder biasInit(Initializer biasInit) {
      this.biasInit = biasInit;
      return this;
    }

    /**
     * The layer, with initial values drawn from {@code random} (weights first, then the bias).
     *
     * @param random the generator the initial values are drawn from
     * @return a new layer with the options set on this builder
     */
    public Linear build(RandomGenerator random) {
      return new Linear(checked(), random);
    }

    private Builder checked() {
      checkArgument(in > 0 && out > 0, "Linear: sizes must be positive, got in=%s, out=%s", in, out);
      checkNotNull(dtype, "Linear: dtype is null");
      checkNotNull(weightInit, "Linear: weightInit is null");
      checkNotNull(biasInit, "Linear: biasInit is null");
      return this;
    }
  }

  /** x·W + b for x of shape [..., in]. */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    return Functional.linear(x, weight, bias);
  }

  /** max(forward(x), 0) as one op ({@link Functional#linearRelu}); {@link Sequential} uses it for Linear, ReLU. */
  Tensor forwardRelu(Tensor x) {
    checkInput(x);
    return Functional.linearRelu(x, weight, bias);
  }

  private void checkInput(Tensor x) {
    if (x.rank() == 0 || x.dim(-1) != inFeatures) {
      throw new IllegalArgumentException(
          String.format(
              "Linear: input of shape %s does not end in %d features (weight %s); batches are rows: [N, %d]",
              Arrays.toString(x.shape()), inFeatures, Arrays.toString(weight.shape()), inFeatures));
    }
  }

  /**
   * The weight, [in, out]: the parameter itself, not a copy.
   *
   * @return the weight parameter
   */
  public Tensor weight() {
    return weight;
  }

  /**
   * The bias, [out], or null for a layer without one.
   *
   * @return the bias parameter, or null
   */
  public Tensor bias() {
    return bias;
  }

  /**
   * The size of each input row.
   *
   * @return the number of input features, {@code in}
   */
  public int inFeatures() {
    return inFeatures;
  }

  /**
   * The size of each output row.
   *
   * @return the number of output features, {@code out}
   */
  public int outFeatures() {

    return outFeatures;
  }

  @Override
  protected String describe() {
    return "in=" + inFeatures + ", out=" + outFeatures + ", bias=" + (bias != null)
        + (weight.dtype() == DType.FLOAT32 ? "" : ", " + weight.dtype());
  }
}
