package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A piece of a network: it owns named parameters (leaf tensors that require grad) and named
 * submodules, and maps an input tensor to an output tensor with ordinary tensor operations.
 *
 * <p>A subclass registers its parameters and submodules in its constructor, in the order it wants
 * them walked, and writes {@link #forward}; gradients come from autograd, so there is no backward to
 * write. Walking is recursive and its order is the registration order: a module's own parameters
 * first, then each submodule's, depth first. Names are dotted paths such as {@code "0.weight"} or
 * {@code "encoder.fc1.bias"}; they are the keys of {@link #stateDict()} and of checkpoints.
 *
 * <pre>{@code
 * final class Scale extends Module {
 *   private final Tensor factor;
 *
 *   Scale(int features) {
 *     factor = registerParameter("factor", Tensor.ones(features));
 *   }
 *
 *   @Override
 *   public Tensor forward(Tensor x) {
 *     return x.mul(factor);
 *   }
 * }
 * }</pre>
 *
 * <p>Parameters keep their identity for the life of the module: optimizers update them in place and
 * {@link #loadStateDict} copies into them, so references held elsewhere stay valid.
 *
 * <p>Import this class by name ({@code import dev.jgrad.nn.Module;}): with only {@code import
 * dev.jgrad.nn.*;} the simple name is ambiguous with {@code java.lang.Module}.
 */
public abstract class Module {
  private final Map<String, Tensor> parameters = new LinkedHashMap<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private boolean training = true;

  /** Creates a module with no parameters or submodules, in training mode. */
  protected Module() {}

  /**
   * Computes this module's output; called on every forward pass.
   *
   * @param input the input tensor
   * @return the output tensor; gradients reach the parameters through it unless grad recording is off

   */
  public abstract Tensor forward(Tensor input);

  // ---- registration ---------------------------------------------------------------------------

  /**
   * Registers {@code value} as a parameter under {@code name}, marks it as requiring grad and returns
   * it, so that a constructor can write {@code weight = registerParameter("weight", init)}. The tensor
   * must be a leaf (made by no recorded operation).
   *
   * @param name the parameter's name: non-empty, without dots, and not yet used in this module
   * @param value the leaf tensor to register
   * @return {@code value}, now requiring grad
   */
  protected final Tensor registerParameter(String name, Tensor value) {
    checkNotNull(value, "registerParameter: parameter %s is null", name);
    checkName("registerParameter", name);
    checkArgument(
        value.isLeaf(),
        "registerParameter: parameter %s must be a leaf tensor, but it was made by %s (use detach())",
        name, value.gradFnName());
    parameters.put(name, value.requiresGrad(true));
    return value;
  }

  /**
   * Registers {@code module} as a submodule under {@code name} and returns it.
   *
   * @param <M> the submodule's type
   * @param name the submodule's name: non-empty, without dots, and not yet used in this module
   * @param module the submodule to register; it must not contain this module
   * @return {@code module}
   */
  protected final <M extends Module> M registerModule(String name, M module) {
    checkNotNull(module, "registerModule: submodule %s is null", name);
    checkName("registerModule", name);
    checkArgument(
        !((Module) module).contains(this), "registerModule: %s would contain itself through %s", getClass().getSimpleName(), name);
    children.put(name, module);
    return module;
  }

  private boolean contains(Module target) {
    if (this == target) {
      return true;
    }
    for (Module child : children.values()) {
      if (child.contains(target)) {
        return true;
      }
    }
    return false;
  }

  private void checkName(String op, String name) {
    checkNotNull(name, "%s: name is null", op);
    checkArgument(
        !name.isEmpty() && name.indexOf('.') < 0,
        "%s: name \"%s\" must be non-empty and contain no '.' (dots separate nested names)", op, name);
    checkArgument(
        !parameters.containsKey(name) && !children.containsKey(name),
        "%s: %s already has a parameter or submodule named \"%s\"", op, getClass().getSimpleName(), name);
  }

  // ---- walking --------------------------------------------------------------------------------

  /**
   * Every parameter of this module and its submodules, by dotted name, in registration order (depth
   * first). A tensor registered twice (a shared weight) appears once, under its first name.
   *
   * @return an unmodifiable map from dotted name to parameter, in walking order
   */
  public final Map<String, Tensor> namedParameters() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    collect("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
    return Collections.unmodifiableMap(out);
  }

  private void collect(String prefix, Map<String, Tensor> out, Set<Tensor> seen) {
    for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
      if (seen.add(e.getValue())) {
        out.put(prefix + e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<String, Module> e : children.entrySet()) {
      e.getValue().collect(prefix + e.getKey() + ".", out, seen);
    }
  }

  /**
   * The parameters of {@link #namedParameters()}, in the same order: what an optimizer updates.
   *
   * @return an immutable list of the parameters
   */
  public final List<Tensor> parameters() {
    return List.copyOf(namedParameters().values());
  }

  /**
   * The number of scalar parameters (weights and biases) in this module and its submodules.
   *
   * @return the total number of elements in all parameters, each shared tensor counted once
   */
  public final long parameterCount() {
    long n = 0;
    for (Tensor p : namedParameters().values()) {
      n += p.size();
    }
    return n;
  }

  /**
   * The direct submodules by name, in registration order.
   *
   * @return an unmodifiable map from name to submodule
   */
  public final Map<String, Module> namedChildren() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(children));
  }

  /** Forgets the accumulated gradient of every parameter (each becomes null). */
  public final void zeroGrad() {
    for (Tensor p : namedParameters().values()) {
      p.zeroGrad();
    }
  }

  // ---- randomness -----------------------------------------------------------------------------

  /**
   * Reseeds the random generators of this module and of every module under it (Dropout's masks),
   * each from {@code seed} and its dotted path in the tree, so that two modules never share a
   * stream; returns this. A sequence of masks can then be restarted where it matters: when training
   * resumes from a checkpoint, or in each replica of data-parallel training, with a seed per replica
   * and epoch.
   *
   * @param seed any value
   * @return this module
   */
  public final Module reseed(long seed) {
    reseed(seed, "");
    return this;
  }

  private void reseed(long seed, String path) {
    // The path's hash, spread by SplittableRandom's mixing, gives each module a seed of its own.
    onReseed(new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (path.hashCode() + 1L))).nextLong());
    children.forEach((name, child) -> child.reseed(seed, path.isEmpty() ? name : path + "." + name));
  }

  /**
   * What {@link #reseed(long)} does to this module alone: a module that draws random numbers takes
   * a new generator seeded with {@code seed}. Does nothing by default.
   *
   * @param seed this module's seed, derived from the tree's seed and this module's path
   */
  protected void onReseed(long seed) {}

  // ---- mode -----------------------------------------------------------------------------------

  /**
   * Puts this module and all its submodules in training mode (Dropout active); returns this.
   *
   * @return this module
   */
  public final Module train() {
    return train(true);
  }

  /**
   * Puts this module and all its submodules in evaluation mode (Dropout inactive); returns this.
   *
   * @return this module
   */
  public final Module eval() {
    return train(false);
  }

  /**
   * Sets training mode on this module and, recursively, on its submodules; returns this.
   *
   * @param on {@code true} for training mode, {@code false} for evaluation mode
   * @return this module
   */
  public final Module train(boolean on) {
    training = on;
    for (Module child : children.values()) {
      child.train(on);
    }
    return this;
  }

  /**
   * Whether this module is in training mode (the default for a new module).
   *
   * @return {@code true} in training mode, {@code false} in evaluation mode
   */
  public final boolean isTraining() {
    return training;
  }

  // ---- state ----------------------------------------------------------------------------------

  /**
   * A snapshot of every parameter, by dotted name in walking order: copies, detached from the graph,
   * that later training does not change. Save it with {@code Safetensors.save}. PyTorch's {@code
   * state_dict()}.
   *
   * @return an unmodifiable map from dotted name to a detached copy of the parameter
   */
  public final Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : namedParameters().entrySet()) {
      out.put(e.getKey(), copyOf(e.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }

  private static Tensor copyOf(Tensor t) {
    return Tensor.zeros(t.dtype(), t.shape()).copyFrom(t);
  }

  /**
   * Copies {@code state} into this module's parameters. The names must be exactly those of {@link
   * #namedParameters()} (order does not matter) and each tensor must have its parameter's shape and
   * dtype. Everything is checked before anything is copied: on an exception the module is unchanged,
   * and the message lists every missing, unexpected or mismatched entry. PyTorch's {@code
   * load_state_dict(state)}.
   *
   * @param state tensors by dotted parameter name, e.g. from {@link #stateDict()} or a checkpoint
   * @throws IllegalArgumentException if a name is missing or unexpected, or a shape or dtype differs
   */
  public final void loadStateDict(Map<String, Tensor> state) {
    checkNotNull(state, "loadStateDict: state is null");
    Map<String, Tensor> own = namedParameters();
    List<String> problems = new ArrayList<>();
    Set<String> missing = new TreeSet<>(own.keySet());
    missing.removeAll(state.keySet());
    if (!missing.isEmpty()) {
      problems.add("missing " + missing);
    }
    Set<String> unexpected = new TreeSet<>(state.keySet());
    unexpected.removeAll(own.keySet());
    if (!unexpected.isEmpty()) {
      problems.add("unexpected " + unexpected);
    }
    for (Map.Entry<String, Tensor> e : own.entrySet()) {
      Tensor source = state.get(e.getKey());
      if (source == null) {
        if (state.containsKey(e.getKey())) {
          problems.add(e.getKey() + " is null");
        }
        continue;
      }
      Tensor target = e.getValue();
      if (!Arrays.equals(source.shape(), target.shape())) {
        problems.add(
            String.format(
                "%s has shape %s but the parameter has shape %s",
                e.getKey(), Arrays.toString(source.shape()), Arrays.toString(target.shape())));
      } else if (source.dtype() != target.dtype()) {
        problems.add(
            String.format("%s is %s but the parameter is %s", e.getKey(), source.dtype(), target.dtype()));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "loadStateDict: " + getClass().getSimpleName() + " left unchanged: " + String.join("; ", problems));
    }
    try (var g = Autograd.noGrad()) {
      for (Map.Entry<String, Tensor> e : own.entrySet()) {
        e.getValue().copyFrom(state.get(e.getKey()));
      }
    }
  }

  // ---- display --------------------------------------------------------------------------------

  /**
   * What {@link #toString()} shows in parentheses after the class name, e.g. "in=2, out=4".
   *
   * @return the module's settings as text; empty by default
   */
  protected String describe() {
    return "";
  }

  /**
   * Converts every parameter to {@code dtype} in place (each keeps its identity, so layers and
   * optimizers still refer to it), as PyTorch's {@code module.to(dtype)}: e.g. to FLOAT64 for a
   * GradCheck of a float32 layer. Gradients are dropped. Build the optimizer after converting: its
   * buffers have the dtype of the parameters it first saw. Returns this module.
   *
   * @param dtype the dtype to convert the parameters to
   * @return this module
   */
  public final Module to(DType dtype) {
    checkNotNull(dtype, "to: dtype is null");
    try (var g = Autograd.noGrad()) {
      for (Tensor p : parameters()) {
        if (p.dtype() != dtype) {
          p.setData(p.to(dtype));
        }
      }
    }
    return this;
  }

  /**
   * A table of the module tree: each module by dotted name and type, its own parameters' shapes and
   * count; then the totals (all parameters, those that require grad, and their size in memory).
   *
   * <pre>{@code
   * Module          Type        Parameters  Shapes
   * 0               Linear         200,960  weight [784, 256], bias [256]
   * 1               ReLU                 0
   * ...
   * Total parameters: 235,146 (trainable 235,146), 0.94 MB
   * }</pre>
   *
   * @return the table, one line per module, followed by a line of totals
   */

  public final String summary() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"Module", "Type", "Parameters", "Shapes"});
    summarize("", this, rows);
    int[] widths = new int[4];
    for (String[] r : rows) {
      for (int i = 0; i < 4; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      sb.append(String.format("%-" + widths[0] + "s  %-" + widths[1] + "s  %" + widths[2] + "s  %s", r[0], r[1],
          r[2], r[3]).stripTrailing()).append('\n');
    }
    long total = 0;
    long trainable = 0;
    long bytes = 0;
    for (Tensor p : parameters()) {
      total += p.size();
      trainable += p.requiresGrad() ? p.size() : 0;
      bytes += (long) p.size() * (p.dtype() == DType.FLOAT64 ? 8 : 4);
    }
    return sb.append(String.format(java.util.Locale.ROOT, "Total parameters: %,d (trainable %,d), %.2f MB",
        total, trainable, bytes / 1e6)).toString();
  }

  private static void summarize(String name, Module module, List<String[]> rows) {
    long count = 0;
    List<String> shapes = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : module.parameters.entrySet()) {
      count += e.getValue().size();
      shapes.add(e.getKey() + " " + Arrays.toString(e.getValue().shape()));
    }
    rows.add(new String[] {name.isEmpty() ? "(model)" : name, module.getClass().getSimpleName(),
        String.format(java.util.Locale.ROOT, "%,d", count), String.join(", ", shapes)});
    for (Map.Entry<String, Module> e : module.children.entrySet()) {
      summarize(name.isEmpty() ? e.getKey() : name + "." + e.getKey(), e.getValue(), rows);
    }
  }

  /** The module tree, one submodule per line, like PyTorch's printout. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(').append(describe());
    if (!children.isEmpty()) {
      sb.append('\n');
      for (Map.Entry<String, Module> e : children.entrySet()) {
        String child = e.getValue().toString().replace("\n", "\n  ");
        sb.append("  (").append(e.getKey()).append("): ").append(child).append('\n');
      }
    }
    return sb.append(')').toString();
  }
}
