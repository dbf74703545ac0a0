package dev.jgrad.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * An optimizer of {@code parameters}, starting at {@code learningRate}.
   *
   * @param parameters the tensors to update: distinct leaves that require grad, at least one
   * @param learningRate the initial learning rate
   */
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

  /**
   * Updates parameter number {@code index} in place from its gradient; called under no-grad.
   *
   * @param index the parameter's position in {@link #parameters()}, the key of its state
   * @param parameter the parameter to update
   * @param grad its gradient, not null
   */
  protected abstract void update(int index, Tensor parameter, Tensor grad);

  /**
   * The names of the state a parameter carries once it has been updated (e.g. Adam's "exp_avg",
   * "exp_avg_sq", "step"); a name ending in "step" is a one-element count, the others are buffers
   * of the parameter's shape and dtype.
   *
   * @return the state names, the same for every parameter
   */
  protected abstract List<String> stateNames();

  /**
   * Parameter {@code index}'s state by name, the tensors themselves; empty before its first update.
   *
   * @param index the parameter's position in {@link #parameters()}
   * @return the state tensors keyed by the names of {@link #stateNames()}, or an empty map
   */
  protected abstract Map<String, Tensor> state(int index);

  /**
   * Replaces parameter {@code index}'s state with these (already checked) tensors; empty to reset it.
   *
   * @param index the parameter's position in {@link #parameters()}
   * @param state every state tensor by name (copies the optimizer may keep), or an empty map
   */
  protected abstract void setState(int index, Map<String, Tensor> state);

  /**
   * Everything the next updates depend on, as PyTorch's {@code state_dict}: "lr", and for each
   * updated parameter i its state as "i.name" (e.g. "0.exp_avg", "0.step"). The tensors are copies.
   * Save it beside the model (Safetensors.save(file, model, optimizer)) to resume training exactly.
   *
   * @return a new map from entry name to a detached copy of the state
   */
  public final Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put("lr", Tensor.scalar(learningRate, DType.FLOAT64));
    for (int i = 0; i < parameters.size(); i++) {
      for (Map.Entry<String, Tensor> e : state(i).entrySet()) {
        out.put(i + "." + e.getKey(), copy(e.getValue()));
      }
    }
    return out;
  }

  /**
   * Restores what {@link #stateDict} returned, for the same parameters in the same order. Every
   * entry is checked (names, shapes, dtypes, each parameter's state whole or absent) before anything
   * changes; a mismatch throws naming the entry, and leaves this optimizer as it was. PyTorch's
   * {@code load_state_dict}.
   *
   * @param state the entries of a {@link #stateDict}, e.g. read from a checkpoint
   * @throws IllegalArgumentException if an entry is missing, unexpected or of the wrong shape or dtype
   */
  public final void loadStateDict(Map<String, Tensor> state) {
    String name = getClass().getSimpleName();
    checkNotNull(state, "%s.loadStateDict: state is null", name);
    Tensor lr = state.get("lr");
    checkArgument(lr != null && lr.size() == 1, "%s.loadStateDict: no one-element \"lr\" entry", name);
    List<Map<String, Tensor>> perParameter = new java.util.ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      perParameter.add(new LinkedHashMap<>());
    }
    for (Map.Entry<String, Tensor> e : state.entrySet()) {
      String key = e.getKey();
      if (key.equals("lr")) {
        continue;
      }
      int dot = key.indexOf('.');
      int index = dot > 0 && key.substring(0, dot).chars().allMatch(Character::isDigit)
          ? Integer.parseInt(key.substring(0, dot)) : -1;
      String stateName = dot > 0 ? key.substring(dot + 1) : key;
      checkArgument(index >= 0 && index < parameters.size() && stateNames().contains(stateName),
          "%s.loadStateDict: unexpected entry %s (expected \"lr\" and i.name for parameters 0 to %s, names %s)",
          name, key, parameters.size() - 1, stateNames());
      Tensor p = parameters.get(index);
      Tensor t = checkNotNull(e.getValue(), "%s.loadStateDict: entry %s is null", name, key);
      if (stateName.endsWith("step")) {
        checkArgument(t.size() == 1 && t.item() >= 0 && t.item() == Math.rint(t.item()),
            "%s.loadStateDict: %s must be one whole count >= 0, got %s", name, key, t);
      } else {
        checkArgument(Arrays.equals(t.shape(), p.shape()) && t.dtype() == p.dtype(),
            "%s.loadStateDict: %s is %s %s but parameter %s is %s %s", name, key, t.dtype(),
            Arrays.toString(t.shape()), index, p.dtype(), Arrays.toString(p.shape()));
      }
      perParameter.get(index).put(stateName, t);
    }
    for (int i = 0; i < parameters.size(); i++) {
      int count = perParameter.get(i).size();
      checkArgument(count == 0 || count == stateNames().size(),
          "%s.loadStateDict: parameter %s has %s of its state %s, not all or none",
          name, i, perParameter.get(i).keySet(), stateNames());
    }
    checkLearningRate(name, lr.item());
    this.learningRate = lr.item();
    for (int i = 0; i < parameters.size(); i++) {
      Map<String, Tensor> copies = new LinkedHashMap<>();
      for (Map.Entry<String, Tensor> e : perParameter.get(i).entrySet()) {
        copies.put(e.getKey(), copy(e.getValue()));
      }
      setState(i, copies);
    }
  }

  /** Forgets every parameter's gradient (each becomes null). */
  public final void zeroGrad() {
    zeroGrad(true);
  }

  /**
   * Forgets every parameter's gradient ({@code setToNone}, the default), or sets each to zeros in
   * place so that the next backward adds into the same arrays and allocates none (see {@link
   * Tensor#zeroGrad(boolean)}).
   *
   * @param setToNone {@code true} to set the gradients to null, {@code false} to fill them with zeros
   */
  public final void zeroGrad(boolean setToNone) {
    for (Tensor p : parameters) {
      p.zeroGrad(setToNone);
    }
  }

  /**
   * The parameters this optimizer updates, in the order given.
   *
   * @return an immutable list of the parameters themselves
   */
  public final List<Tensor> parameters() {
    return parameters;
  }

  /**
   * The learning rate of the next step.
   *
   * @return the current learning rate
   */
  public final double learningRate() {
    return learningRate;
  }

  /**
   * Sets the learning rate for the following steps (what a schedule does each epoch).
   *
   * @param learningRate the new learning rate; finite and ≥ 0
   */

  public final void setLearningRate(double learningRate) {
    checkLearningRate(getClass().getSimpleName(), learningRate);
    this.learningRate = learningRate;
  }

  static void checkLearningRate(String name, double learningRate) {
    checkArgument(
        learningRate >= 0 && Double.isFinite(learningRate),
        "%s: learning rate must be finite and >= 0, got %s", name, learningRate);
  }

  /** A copy of t's values, outside any graph: state handed out or taken in is never shared. */
  private static Tensor copy(Tensor t) {
    try (var g = Autograd.noGrad()) {
      return t.mul(1).detach();
    }
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
