package dev.jgrad.autograd;

import dev.jgrad.autograd.engine.Anomaly;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.GradMode;
import dev.jgrad.autograd.engine.Node;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.engine.TensorAccess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A differentiable operation written by the user: a forward computation and its vector-Jacobian
 * product, like PyTorch's {@code torch.autograd.Function}.
 *
 * <p>{@link #forward} runs with recording off, so any tensor operations (or none) can compute the
 * result; it saves what backward needs on the {@link Context}. {@link #backward} receives the
 * gradient of the output and returns one gradient per input (null where not needed). Write backward
 * with tensor operations on the saved inputs and the op supports second derivatives too; an
 * intermediate saved from forward is a constant to the second derivative, so recompute it in
 * backward when second derivatives matter.
 *
 * <pre>{@code
 * final class Swish extends Function {       // y = x·σ(x),  dy/dx = σ(x)·(1 + x·(1 − σ(x)))
 *   protected Tensor forward(Context ctx, Tensor... in) {
 *     ctx.save(in[0]);
 *     return in[0].mul(in[0].sigmoid());
 *   }
 *   protected Tensor[] backward(Context ctx, Tensor grad) {
 *     Tensor x = ctx.saved(0), s = x.sigmoid();
 *     return new Tensor[] {grad.mul(s.mul(x.mul(s.neg().add(1)).add(1)))};
 *   }
 * }
 * Tensor y = new Swish().apply(x);
 * }</pre>
 */
public abstract class Function {

  /** What forward hands to backward: saved tensors (version-checked) and plain values. */
  public static final class Context {
    private final boolean[] needsInputGrad;
    private final List<Tensor> toSave = new ArrayList<>();
    private List<Saved> saved;
    private final Map<String, Object> values = new HashMap<>();

    private Context(boolean[] needsInputGrad) {
      this.needsInputGrad = needsInputGrad;
    }

    /**
     * Keeps tensors for backward; in-place changes to them before backward are detected. Like
     * PyTorch's {@code ctx.save_for_backward}.
     *
     * @param tensors the tensors to keep, read back in order with {@link #saved(int)}
     * @throws IllegalStateException if called outside forward
     */
    public void save(Tensor... tensors) {
      if (saved != null) {
        throw new IllegalStateException("Context.save: tensors can only be saved during forward");
      }
      toSave.addAll(Arrays.asList(tensors));
    }

    /**
     * The i-th saved tensor.
     *
     * @param i the index among the tensors saved, in the order {@link #save} received them
     * @return the tensor saved at that index
     * @throws IllegalStateException if called outside backward
     */
    public Tensor saved(int i) {
      if (saved == null) {
        throw new IllegalStateException("Context.saved: saved tensors are available in backward");
      }
      return saved.get(i).get();
    }

    /**
     * Keeps a non-tensor value (a shape, a constant) for backward.
     *
     * @param key the name to read it back with, through {@link #get(String)}
     * @param value the value to keep
     */
    public void put(String key, Object value) {
      values.put(key, value);
    }

    /**
     * A value kept with {@link #put(String, Object)}, cast to the type the caller expects.
     *
     * @param <T> the type the value was put as
     * @param key the name it was put under
     * @return the value put under {@code key}, or null if none was
     */
    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
      return (T) values.get(key);
    }

    /**
     * Whether input i's gradient is wanted; backward may return null for the others.
     *
     * @param i the index of the input, in the order {@link #apply} received them
     * @return true if that input requires grad and this call is recorded
     */
    public boolean needsInputGrad(int i) {
      return needsInputGrad[i];
    }
  }

  /** Creates a function; one instance may be applied any number of times. */
  public Function() {}

  /**
   * Computes the output; runs with gradient recording off.
   *
   * @param ctx where to save what backward needs
   * @param inputs the tensors {@link #apply} received
   * @return the output, not null
   */
  protected abstract Tensor forward(Context ctx, Tensor... inputs);

  /**
   * The gradients of the inputs given the gradient of the output (one entry per input).
   *
   * @param ctx what forward saved
   * @param grad the gradient of the output, of the output's shape
   * @return one gradient per input, each of its input's shape (or broadcastable from it), null for
   *     an input whose gradient is not needed
   */
  protected abstract Tensor[] backward(Context ctx, Tensor grad);

  /**
   * The name shown in errors and graph drawings; the class's simple name by default.
   *
   * @return the name of this operation
   */
  public String name() {
    return getClass().getSimpleName();
  }

  /**
   * Runs forward and, when any input requires grad, records this function in the graph.
   *
   * @param inputs the operation's inputs, passed to {@link #forward}
   * @return the output of forward; it requires grad when any input does and gradient mode is on
   * @throws IllegalStateException if forward returns null
   */
  public final Tensor apply(Tensor... inputs) {
    boolean record = GradMode.isEnabled() && Arrays.stream(inputs).anyMatch(Tensor::requiresGrad);
    boolean[] needs = new boolean[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      needs[i] = record && inputs[i].requiresGrad();
    }
    Context ctx = new Context(needs);
    Tensor out;
    try (var g = Autograd.noGrad()) {
      out = forward(ctx, inputs);
    }
    if (out == null) {
      throw new IllegalStateException(name() + ": forward returned null");
    }
    if (Anomaly.checksForward()) {
      Anomaly.checkForward(name(), out, inputs);
    }
    for (Tensor input : inputs) {
      if (out == input) {
        out = input.detach(); // the output must be a tensor of its own to carry this node
      }
    }
    if (record) {
      if (!out.isLeaf()) {
        out = out.detach();
      }
      FunctionNode node = new FunctionNode(this, ctx, inputs);
      TensorAccess.setGradFn(out, node);
    }
    return Forward.active() ? Forward.attach(out, () -> forwardTangent(ctx, inputs), inputs) : out;
  }

  /** Runs {@link #jvp} with the inputs' tangents (null where an input has none). */
  private Tensor forwardTangent(Context ctx, Tensor[] inputs) {
    if (ctx.saved == null) {
      List<Saved> saved = new ArrayList<>(ctx.toSave.size());
      for (Tensor t : ctx.toSave) {
        saved.add(new Saved(t, name()));
      }
      ctx.saved = saved;
    }
    Tensor[] tangents = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      tangents[i] = Forward.tangent(inputs[i]);
    }
    return jvp(ctx, tangents);
  }

  /**
   * The tangent of the output given the inputs' tangents (null for an input without one): the
   * Jacobian-vector product, for forward mode ({@link ForwardAD}). Write it with tensor operations
   * on the saved tensors. Without an override, using this function inside a dual level fails,
   * saying so.
   *
   * @param ctx what forward saved
   * @param tangents one per input, null where the input carries no tangent
   * @return the output's tangent, of the output's shape
   */
  protected Tensor jvp(Context ctx, Tensor... tangents) {
    throw new UnsupportedOperationException(
        name() + ": no forward-mode rule; override jvp(ctx, tangents) to use it inside ForwardAD.dualLevel()");
  }

  private static final class FunctionNode extends Node {
    private final Function function;
    private final Context ctx;

    FunctionNode(Function function, Context ctx, Tensor[] inputs) {
      super(function.name(), inputs);
      this.function = function;
      this.ctx = ctx;
      List<Saved> saved = new ArrayList<>(ctx.toSave.size());
      for (Tensor t : ctx.toSave) {
        saved.add(save(t));
      }
      ctx.saved = saved;
    }

    @Override
    protected Tensor[] backward(Tensor grad) {
      Tensor[] grads = function.backward(ctx, grad);
      if (grads == null || grads.length != inputCount()) {
        throw new IllegalStateException(
            String.format(
                "%s: backward returned %s gradients for %d inputs",
                name(), grads == null ? "null instead of" : String.valueOf(grads.length), inputCount()));
      }
      for (int i = 0; i < grads.length; i++) {
        if (grads[i] == null) {
          continue;
        }
        var expected = inputShape(i);
        if (!expected.broadcastsTo(TensorAccess.shape(grads[i]))) {
          throw new IllegalStateException(
              String.format(
                  "%s: backward returned a gradient of shape %s for input %d of shape %s",
                  name(), TensorAccess.shape(grads[i]), i, expected));
        }
      }
      return grads;
    }
  }
}
