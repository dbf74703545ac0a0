package dev.jgrad.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.Updates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2015) and AdamW (Loshchilov and Hutter, 2019), with PyTorch's update rule.
 * With g the gradient, p the parameter and t the step count of p (from 1):
 *
 * <pre>
 * g ← g + weightDecay·p             (Adam: L2 penalty in the gradient)
 * p ← p·(1 − lr·weightDecay)        (AdamW: decoupled decay, instead of the line above)
 * m ← β₁·m + (1 − β₁)·g
 * v ← β₂·v + (1 − β₂)·g²
 * p ← p − lr·(m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
 * </pre>
 *
 * <pre>{@code
 * Optimizer adam = Adam.builder(model.parameters()).learningRate(1e-3).build();
 * Optimizer adamW = AdamW.builder(model.parameters()).weightDecay(0.05).build();
 * }</pre>
 */
public sealed class Adam extends Optimizer permits AdamW {
  /** The default learning rate, 0.001, as in PyTorch. */
  public static final double DEFAULT_LEARNING_RATE = 1e-3;
  /** The default decay rate β₁ of the first moment estimate, 0.9, as in PyTorch. */
  public static final double DEFAULT_BETA1 = 0.9;
  /** The default decay rate β₂ of the second moment estimate, 0.999, as in PyTorch. */
  public static final double DEFAULT_BETA2 = 0.999;
  /** The default ε added to the denominator, 10⁻⁸, as in PyTorch. */
  public static final double DEFAULT_EPSILON = 1e-8;
  /** Adam's default L2 penalty: none, as in PyTorch. */
  public static final double DEFAULT_WEIGHT_DECAY = 0;
  /** AdamW's default decoupled weight decay, as in PyTorch. */
  public static final double DEFAULT_ADAMW_WEIGHT_DECAY = 0.01;

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final boolean decoupled;
  private final Tensor[] m;
  private final Tensor[] v;
  private final int[] steps;

  Adam(Builder b) {
    super(b.parameters, b.learningRate);
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.epsilon = b.epsilon;
    this.weightDecay = b.weightDecay;
    this.decoupled = b.decoupled;
    int n = b.parameters.size();
    this.m = new Tensor[n];
    this.v = new Tensor[n];
    this.steps = new int[n];
  }

  /**
   * Adam, whose weight decay (default 0) is an L2 penalty added to the gradient.
   *
   * @param parameters the tensors to optimize, e.g. {@code model.parameters()}
   * @return a builder that makes an Adam, PyTorch's {@code optim.Adam}
   */
  public static Builder builder(List<Tensor> parameters) {
    return new Builder(parameters, false, DEFAULT_WEIGHT_DECAY);
  }

  static Builder adamW(List<Tensor> parameters) {
    return new Builder(parameters, true, DEFAULT_ADAMW_WEIGHT_DECAY);
  }

  /** One fused pass over the parameter, its gradient and both moments ({@link Updates#adam}). */
  @Override
  protected void update(int index, Tensor p, Tensor grad) {
    if (m[index] == null) {
      m[index] = zerosLike(p);
      v[index] = zerosLike(p);
    }
    Updates.adam(p, grad, m[index], v[index], learningRate(), beta1, beta2, epsilon, weightDecay, decoupled,
        ++steps[index]);
  }

  @Override
  protected List<String> stateNames() {
    return List.of("exp_avg", "exp_avg_sq", "step");
  }

  @Override
  protected Map<String, Tensor> state(int index) {
    if (m[index] == null) {
      return Map.of();
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put("exp_avg", m[index]);
    out.put("exp_avg_sq", v[index]);
    out.put("step", Tensor.scalar(steps[index], DType.FLOAT64));
    return out;
  }

  @Override
  protected void setState(int index, Map<String, Tensor> state) {
    m[index] = state.get("exp_avg");
    v[index] = state.get("exp_avg_sq");
    steps[index] = state.isEmpty() ? 0 : (int) state.get("step").item();
  }

  /**
   * The decay rate of the first moment estimate.
   *
   * @return β₁
   */
  public double beta1() {
    return beta1;
  }

  /**
   * The decay rate of the second moment estimate.
   *
   * @return β₂
   */
  public double beta2() {
    return beta2;
  }

  /**
   * The term added to the denominator for numerical stability.
   *
   * @return ε
   */
  public double epsilon() {
    return epsilon;
  }

  /**
   * The weight decay: an L2 penalty for Adam, a decoupled decay for AdamW.
   *
   * @return the weight decay coefficient, 0 for none
   */
  public double weightDecay() {
    return weightDecay;
  }

  /**
   * Whether this is AdamW (decay applied to the parameters, not the gradient).
   *
   * @return {@code true} for AdamW, {@code false} for Adam
   */
  public boolean decoupledWeightDecay() {
    return decoupled;
  }

  /**
   * Settings for {@link Adam}; defaults are the {@code DEFAULT_*} constants, checked in {@link
   * #build()}.
   */
  public static final class Builder {
    private final List<Tensor> parameters;
    private final boolean decoupled;
    private double learningRate = DEFAULT_LEARNING_RATE;
    private double beta1 = DEFAULT_BETA1;
    private double beta2 = DEFAULT_BETA2;
    private double epsilon = DEFAULT_EPSILON;
    private double weightDecay;

    private Builder(List<Tensor> parameters, boolean decoupled, double weightDecay) {
      this.parameters = parameters;
      this.decoupled = decoupled;
      this.weightDecay = weightDecay;
    }

    /**
     * The step size.
     *
     * @param learningRate the learning rate; finite and ≥ 0
     * @return this builder
     */
    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /**
     * The decay rates of the first and second moment estimates, each in [0, 1).
     *
     * @param beta1 β₁, the decay rate of the first moment (the mean of the gradients)
     * @param beta2 β₂, the decay rate of the second moment (the mean of the squared gradients)
     * @return this builder
     */
    public Builder betas(double beta1, double beta2) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      return this;
    }

    /**
     * Added to the denominator for numerical stability.
     *
     * @param epsilon ε; finite and &gt; 0
     * @return this builder
     */
    public Builder epsilon(double epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /**
     * The weight decay: an L2 penalty added to the gradient for Adam, a decoupled decay for AdamW.
     *
     * @param weightDecay the coefficient; finite and ≥ 0
     * @return this builder
     */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    /**
     * An {@link Adam}, or an {@link AdamW} when the builder came from {@link AdamW#builder}.
     *
     * @return a new optimizer with these settings
     */

    public Adam build() {
      String name = decoupled ? "AdamW" : "Adam";
      checkLearningRate(name, learningRate);
      checkArgument(beta1 >= 0 && beta1 < 1, "%s: beta1 must be in [0, 1), got %s", name, beta1);
      checkArgument(beta2 >= 0 && beta2 < 1, "%s: beta2 must be in [0, 1), got %s", name, beta2);
      checkArgument(epsilon > 0 && Double.isFinite(epsilon), "%s: epsilon must be finite and > 0, got %s", name, epsilon);
      checkArgument(
          weightDecay >= 0 && Double.isFinite(weightDecay),
          "%s: weight decay must be finite and >= 0, got %s", name, weightDecay);
      return decoupled ? new AdamW(this) : new Adam(this);
    }
  }
}
