package dev.jgrad.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Updates parameters from their gradients. {@link #step()} runs under {@link Autograd#noGrad()} and
 * changes the parameters in place ({@code addInPlace}, {@code mulInPlace}), so a model and its
 * optimizer keep sharing the same tensors. Parameters whose gradient is null (unused in the last
 * backward) are left as they are.
 *
 * <p>In-place updates bump the tensor's version: if a graph built before the step saved a parameter
 * for its backward pass, that backward fails with an error instead of using the new values. The
 * usual order is {@code zeroGrad(); forward; backward(); step()}.
 */
public abstract class Optimizer {
  private final List<Tensor> parameters;
  private double learningRate;

  protected Optimizer(List<Tensor> parameters, double learningRate) {
    this.parameters = checkParameters(getClass().getSimpleName(), parameters);
    this.learningRate = learningRate;
  }

  /** Applies one update to every parameter that has a gradient. */
  public final void step() {
    try (var g = Autograd.noGrad()) {
      for (int i = 0; i < parameters.size(); i++) {
        Tensor p = parameters.get(i);
        Tensor grad = p.grad();
        if (grad != null) {
          update(i, p, grad);
        }
      }
    }
  }

  /** Updates parameter number {@code index} in place from its gradient; called under no-grad. */
  protected abstract void update(int index, Tensor parameter, Tensor grad);

  /** Forgets every parameter's gradient (each becomes null). */
  public final void zeroGrad() {
    zeroGrad(true);
  }

  /**
   * Forgets every parameter's gradient ({@code setToNone}, the default), or sets each to zeros in
   * place so that the next backward adds into the same arrays and allocates none (see {@link
   * Tensor#zeroGrad(boolean)}).
   */
  public final void zeroGrad(boolean setToNone) {
    for (Tensor p : parameters) {
      p.zeroGrad(setToNone);
    }
  }

  /** The parameters this optimizer updates, in the order given. */
  public final List<Tensor> parameters() {
    return parameters;
  }

  public final double learningRate() {
    return learningRate;
  }

  /** Sets the learning rate for the following steps (what a schedule does each epoch). */
  public final void setLearningRate(double learningRate) {
    checkLearningRate(getClass().getSimpleName(), learningRate);
    this.learningRate = learningRate;
  }

  static void checkLearningRate(String name, double learningRate) {
    checkArgument(
        learningRate >= 0 && Double.isFinite(learningRate),
        "%s: learning rate must be finite and >= 0, got %s", name, learningRate);
  }

  /** A zero tensor like {@code t}: the start of a momentum or moment buffer. */
  static Tensor zerosLike(Tensor t) {
    return Tensor.zeros(t.dtype(), t.shape());
  }

  private static List<Tensor> checkParameters(String name, List<Tensor> parameters) {
    checkNotNull(parameters, "%s: parameters is null", name);
    checkArgument(!parameters.isEmpty(), "%s: no parameters to optimize", name);
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < parameters.size(); i++) {
      Tensor p = checkNotNull(parameters.get(i), "%s: parameter %s is null", name, i);
      checkArgument(
          p.isLeaf() && p.requiresGrad(),
          "%s: parameter %s (shape %s) must be a leaf that requires grad", name, i, Arrays.toString(p.shape()));
      checkArgument(seen.add(p), "%s: parameter %s (shape %s) is listed twice", name, i, Arrays.toString(p.shape()));
    }
    return List.copyOf(parameters);
  }
}
