package dev.jgrad.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.Updates;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, with
 * PyTorch's update rule. With g the gradient, p the parameter, μ the momentum and τ the dampening:
 *
 * <pre>
 * g ← g + weightDecay·p
 * b ← g                      on the first step, else  b ← μ·b + (1 − τ)·g
 * g ← g + μ·b  (Nesterov)    or  g ← b  (plain momentum)      — only when μ ≠ 0
 * p ← p − lr·g
 * </pre>
 *
 * <pre>{@code
 * Optimizer sgd = SGD.builder(model.parameters()).learningRate(0.1).momentum(0.9).build();
 * }</pre>
 */
public final class SGD extends Optimizer {
  /** The default learning rate, 0.01. */
  public static final double DEFAULT_LEARNING_RATE = 0.01;
  /** The default momentum: 0, none, as in PyTorch. */
  public static final double DEFAULT_MOMENTUM = 0;
  /** The default dampening: 0, as in PyTorch. */
  public static final double DEFAULT_DAMPENING = 0;
  /** Nesterov momentum is off by default, as in PyTorch. */
  public static final boolean DEFAULT_NESTEROV = false;
  /** The default L2 penalty: 0, none, as in PyTorch. */
  public static final double DEFAULT_WEIGHT_DECAY = 0;

  private final double momentum;
  private final double dampening;
  private final boolean nesterov;
  private final double weightDecay;
  private final Tensor[] buffers;

  private SGD(Builder b) {
    super(b.parameters, b.learningRate);
    this.momentum = b.momentum;
    this.dampening = b.dampening;
    this.nesterov = b.nesterov;
    this.weightDecay = b.weightDecay;
    this.buffers = new Tensor[b.parameters.size()];
  }

  /**
   * Settings for SGD, starting from the {@code DEFAULT_*} constants.
   *
   * @param parameters the tensors to optimize, e.g. {@code model.parameters()}
   * @return a builder that makes an SGD, PyTorch's {@code optim.SGD}
   */
  public static Builder builder(List<Tensor> parameters) {
    return new Builder(parameters);
  }

  /** One fused pass over the parameter, its gradient and its momentum buffer ({@link Updates#sgd}). */
  @Override
  protected void update(int index, Tensor p, Tensor grad) {
    boolean first = false;
    if (momentum != 0 && buffers[index] == null) {
      buffers[index] = zerosLike(p);
      first = true;
    }
    Updates.sgd(p, grad, buffers[index], learningRate(), momentum, dampening, nesterov, weightDecay, first);
  }

  @Override
  protected List<String> stateNames() {
    return List.of("momentum_buffer");
  }

  @Override
  protected Map<String, Tensor> state(int index) {
    return buffers[index] == null ? Map.of() : Map.of("momentum_buffer", buffers[index]);
  }

  @Override
  protected void setState(int index, Map<String, Tensor> state) {
    buffers[index] = state.get("momentum_buffer");
  }

  /**
   * The momentum factor.
   *
   * @return μ, 0 when momentum is off
   */
  public double momentum() {
    return momentum;
  }

  /**
   * The dampening of the gradient added to the momentum buffer.
   *
   * @return τ
   */
  public double dampening() {
    return dampening;
  }

  /**
   * Whether the momentum is Nesterov's.
   *
   * @return {@code true} for Nesterov momentum
   */
  public boolean nesterov() {
    return nesterov;
  }

  /**
   * The L2 penalty coefficient.
   *
   * @return the weight decay, 0 for none
   */
  public double weightDecay() {
    return weightDecay;
  }

  /**
   * Settings for {@link SGD}; defaults are the {@code DEFAULT_*} constants, checked in {@link
   * #build()}.
   */
  public static final class Builder {
    private final List<Tensor> parameters;
    private double learningRate = DEFAULT_LEARNING_RATE;
    private double momentum = DEFAULT_MOMENTUM;
    private double dampening = DEFAULT_DAMPENING;
    private boolean nesterov = DEFAULT_NESTEROV;
    private double weightDecay = DEFAULT_WEIGHT_DECAY;

    private Builder(List<Tensor> parameters) {
      this.parameters = parameters;
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
     * The momentum factor μ in [0, 1); 0 turns momentum off.
     *
     * @param momentum μ
     * @return this builder
     */
    public Builder momentum(double momentum) {
      this.momentum = momentum;
      return this;
    }

    /**
     * The dampening τ in [0, 1] of the gradient added to the momentum buffer.
     *
     * @param dampening τ
     * @return this builder
     */
    public Builder dampening(double dampening) {
      this.dampening = dampening;
      return this;
    }

    /**
     * Nesterov momentum; needs momentum &gt; 0 and no dampening.
     *
     * @param nesterov {@code true} for Nesterov momentum, {@code false} for plain momentum
     * @return this builder
     */
    public Builder nesterov(boolean nesterov) {
      this.nesterov = nesterov;
      return this;
    }

    /**
     * The L2 penalty coefficient, added to the gradient as weightDecay·p.
     *
     * @param weightDecay the coefficient; finite and ≥ 0
     * @return this builder
     */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    /**
     * Checks the settings and makes the optimizer.
     *
     * @return a new SGD with these settings
     */
    public SGD build() {

      checkLearningRate("SGD", learningRate);
      checkArgument(momentum >= 0 && momentum < 1, "SGD: momentum must be in [0, 1), got %s", momentum);
      checkArgument(dampening >= 0 && dampening <= 1, "SGD: dampening must be in [0, 1], got %s", dampening);
      checkArgument(
          weightDecay >= 0 && Double.isFinite(weightDecay),
          "SGD: weight decay must be finite and >= 0, got %s", weightDecay);
      checkArgument(
          !nesterov || (momentum > 0 && dampening == 0),
          "SGD: Nesterov momentum needs momentum > 0 and dampening 0, got momentum %s, dampening %s",
          momentum, dampening);
      return new SGD(this);
    }
  }
}
