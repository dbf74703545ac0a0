package dev.jgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.engine.Anomaly;
import dev.jgrad.autograd.engine.Engine;
import dev.jgrad.autograd.engine.GradMode;
import dev.jgrad.autograd.engine.Node;
import dev.jgrad.autograd.engine.TensorAccess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Gradient mode and gradients on demand.
 *
 * <pre>{@code
 * try (var g = Autograd.noGrad()) {
 *   w.addInPlace(w.grad(), -learningRate);   // not recorded
 * }
 * Tensor dydx = Autograd.grad(y, List.of(x), true).get(0);   // itself differentiable
 * }</pre>
 */
public final class Autograd {
  private Autograd() {}

  /** Restores the previous gradient mode when closed. */
  public static final class Scope implements AutoCloseable {
    private final boolean previous;
    private boolean closed;

    private Scope(boolean enabled) {
      this.previous = GradMode.set(enabled);
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        GradMode.set(previous);
      }
    }
  }

  /**
   * Stops recording on this thread until the returned scope closes, like PyTorch's
   * {@code torch.no_grad()}.
   *
   * @return a scope that restores the previous gradient mode when closed
   */
  public static Scope noGrad() {
    return new Scope(false);
  }

  /**
   * Records again on this thread (inside a no-grad block) until the returned scope closes, like
   * PyTorch's {@code torch.enable_grad()}.
   *
   * @return a scope that restores the previous gradient mode when closed
   */
  public static Scope enableGrad() {
    return new Scope(true);
  }

  /** Turns anomaly detection off again (on the thread that opened it) when closed. */
  public static final class AnomalyScope extends ThreadScope {
    private AnomalyScope() {
      super("detectAnomaly");
      Anomaly.enter();
    }

    @Override
    void end() {
      Anomaly.exit();
    }
  }


  /**
   * Detects where NaN and infinity come from, on this thread, until the returned scope closes. Inside
   * it, an operation whose inputs are finite and whose result holds NaN or infinity throws {@link
   * AnomalyException} at once (whether or not anything requires grad), and so does a backward pass
   * at the node whose backward makes NaN or infinity from a finite gradient; each names the
   * operation, its input shapes and the line of the program that called it. Unlike PyTorch's, it
   * stops at the op that made the first non-finite value, not at a later one. Costs a check of every
   * result while on; nothing measurable while off.
   *
   * <pre>{@code
   * try (var a = Autograd.detectAnomaly()) {
   *   loss = model.forward(x).log().mean();   // AnomalyException: log: made infinity from finite ... at Train.java:42
   *   loss.backward();
   * }
   * }</pre>
   *
   * @return a scope that turns anomaly detection off again when closed, on this thread
   */
  public static AnomalyScope detectAnomaly() {
    return new AnomalyScope();
  }

  /**
   * Whether anomaly detection is on for this thread.
   *
   * @return true inside a {@link #detectAnomaly()} scope on this thread
   */
  public static boolean isAnomalyEnabled() {
    return Anomaly.enabled();
  }

  /**
   * Whether operations on this thread are recorded, like PyTorch's {@code torch.is_grad_enabled()}.
   *
   * @return true unless a {@link #noGrad()} scope is open on this thread
   */
  public static boolean isGradEnabled() {
    return GradMode.isEnabled();
  }

  /**
   * The gradients of a one-element {@code output} with respect to {@code inputs}, returned rather
   * than accumulated into {@code grad}. With {@code createGraph} the results are themselves recorded,
   * so they can be differentiated again (and the graph is retained). An input that does not affect
   * the output gets a zero gradient. Like PyTorch's {@code torch.autograd.grad}.
   *
   * @param output a tensor of one element, recorded from {@code inputs}
   * @param inputs tensors that require grad
   * @param createGraph whether to record the gradient computation so it can be differentiated again
   * @return the gradient of {@code output} with respect to each input, in order, each of the
   *     input's shape
   * @throws IllegalArgumentException if {@code output} has more than one element or an input does
   *     not require grad
   * @throws IllegalStateException if {@code output} does not require grad
   */
  public static List<Tensor> grad(Tensor output, List<Tensor> inputs, boolean createGraph) {
    checkArgument(
        output.size() == 1,
        "grad: output of shape %s has %s elements; pass gradOutputs for a non-scalar output",
        Arrays.toString(output.shape()), output.size());
    return grad(List.of(output), List.of(Tensor.ones(output.dtype(), output.shape())), inputs, createGraph);
  }

  /**
   * The gradients of Σ outputs[i]·gradOutputs[i] with respect to {@code inputs}.
   *
   * @param outputs tensors recorded from {@code inputs}
   * @param gradOutputs one gradient per output, each of its output's shape
   * @param inputs tensors that require grad
   * @param createGraph whether to record the gradient computation so it can be differentiated again
   * @return the gradient with respect to each input, in order, each of the input's shape (zeros for
   *     an input the outputs do not depend on)
   * @throws IllegalArgumentException if the lists of outputs and gradients differ in length, a
   *     gradient's shape or dtype differs from its output's, or an input does not require grad
   * @throws IllegalStateException if an output does not require grad
   */
  public static List<Tensor> grad(
      List<Tensor> outputs, List<Tensor> gradOutputs, List<Tensor> inputs, boolean createGraph) {
    return grad(outputs, gradOutputs, inputs, createGraph, createGraph);
  }

  /**
   * {@link #grad(List, List, List, boolean)}, keeping the graph for another pass when {@code
   * retainGraph} (PyTorch's {@code retain_graph}; implied by {@code createGraph}).
   *
   * @param outputs tensors recorded from {@code inputs}
   * @param gradOutputs one gradient per output, each of its output's shape
   * @param inputs tensors that require grad
   * @param createGraph whether to record the gradient computation so it can be differentiated again
   * @param retainGraph whether to keep the saved tensors, so the same graph can be differentiated again
   * @return the gradient with respect to each input, in order, each of the input's shape
   */
  public static List<Tensor> grad(
      List<Tensor> outputs, List<Tensor> gradOutputs, List<Tensor> inputs, boolean createGraph, boolean retainGraph) {
    checkArgument(
        outputs.size() == gradOutputs.size(),
        "grad: %s outputs but %s gradOutputs", outputs.size(), gradOutputs.size());
    List<Node> roots = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      roots.add(outputs.get(i).rootNode("grad"));
      Tensor.checkGradShape("grad", outputs.get(i), gradOutputs.get(i));
    }
    List<Node> capture = new ArrayList<>();
    for (Tensor input : inputs) {
      Node node = TensorAccess.gradEdge(input);
      if (node == null) {
        throw new IllegalArgumentException(
            "grad: an input of shape " + Arrays.toString(input.shape()) + " does not require grad");
      }
      capture.add(node);
    }
    Tensor[] captured = Engine.run(roots, gradOutputs, capture, retainGraph || createGraph, createGraph);
    List<Tensor> result = new ArrayList<>(inputs.size());
    for (int i = 0; i < captured.length; i++) {
      Tensor input = inputs.get(i);
      result.add(captured[i] != null ? captured[i] : Tensor.zeros(input.dtype(), input.shape()));
    }
    return result;
  }

  // ---- functional transforms (torch.autograd.functional) --------------------------------------

  /** How {@link #jacobian(UnaryOperator, Tensor, JacobianMode)} computes the Jacobian. */
  public enum JacobianMode {
    /** Forward mode when f has more output elements than input elements, else reverse mode. */
    AUTO,
    /** One forward-mode pass per input element (a column of J each). */
    FORWARD,
    /** One backward pass per output element (a row of J each). */
    REVERSE
  }

  /**
   * The Jacobian of f at x, of shape f(x).shape ++ x.shape (PyTorch's {@code jacobian}); detached
   * from x's graph. Chooses forward or reverse mode by the shapes ({@link JacobianMode#AUTO}).
   *
   * @param f the function
   * @param x where to differentiate
   * @return ∂f(x)ᵢ/∂xⱼ, zeros where f does not depend on x
   */
  public static Tensor jacobian(UnaryOperator<Tensor> f, Tensor x) {
    return Transforms.jacobian(f, x, JacobianMode.AUTO);
  }

  /**
   * The Jacobian of f at x, computed in the mode given.
   *
   * @param f the function
   * @param x where to differentiate
   * @param mode forward, reverse, or chosen by the shapes
   * @return ∂f(x)ᵢ/∂xⱼ, of shape f(x).shape ++ x.shape
   */
  public static Tensor jacobian(UnaryOperator<Tensor> f, Tensor x, JacobianMode mode) {
    return Transforms.jacobian(f, x, mode);
  }

  /**
   * The Jacobians of f with respect to each of several inputs, each of shape f.shape ++ xs[i].shape.
   *
   * @param f the function of the inputs, in order
   * @param xs where to differentiate
   * @param mode forward, reverse, or chosen by the shapes
   * @return one Jacobian per input
   */
  public static List<Tensor> jacobian(Function<List<Tensor>, Tensor> f, List<Tensor> xs, JacobianMode mode) {
    return Transforms.jacobian(f, xs, mode);
  }

  /**
   * The Hessian of a one-element f at x, of shape x.shape ++ x.shape (PyTorch's {@code hessian}),
   * one forward-over-reverse pass per element of x.
   *
   * @param f a function with one output element
   * @param x where to differentiate
   * @return ∂²f/∂xᵢ∂xⱼ
   */
  public static Tensor hessian(UnaryOperator<Tensor> f, Tensor x) {
    return Transforms.hessian(f, x);
  }

  /**
   * vᵀ·J at x, of x's shape, by one backward pass (PyTorch's {@code vjp}, its second result).
   *
   * @param f the function
   * @param x where to differentiate
   * @param v a weight per output element, of f(x)'s shape
   * @return Σᵢ vᵢ·∂f(x)ᵢ/∂x
   */
  public static Tensor vjp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
    return Transforms.vjp(in -> f.apply(in.get(0)), List.of(x), v).get(0);
  }

  /**
   * vᵀ·J with respect to each of several inputs.
   *
   * @param f the function of the inputs, in order
   * @param xs where to differentiate
   * @param v a weight per output element, of f's shape
   * @return one product per input, of its shape
   */
  public static List<Tensor> vjp(Function<List<Tensor>, Tensor> f, List<Tensor> xs, Tensor v) {
    return Transforms.vjp(f, xs, v);
  }

  /**
   * J·v at x, of f(x)'s shape, by forward mode: about the cost of one more forward pass (PyTorch's
   * {@code torch.func.jvp}).
   *
   * @param f the function
   * @param x where to differentiate
   * @param v a direction, of x's shape
   * @return d/dε f(x + ε·v) at ε = 0
   */
  public static Tensor jvp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
    return Transforms.jvp(in -> f.apply(in.get(0)), List.of(x), List.of(v));
  }

  /**
   * J·v for several inputs moved together: Σᵢ Jᵢ·vᵢ.
   *
   * @param f the function of the inputs, in order
   * @param xs where to differentiate
   * @param vs one direction per input, of its shape
   * @return the directional derivative, of f's shape
   */
  public static Tensor jvp(Function<List<Tensor>, Tensor> f, List<Tensor> xs, List<Tensor> vs) {
    return Transforms.jvp(f, xs, vs);
  }

  /**
   * H·v at x for a one-element f, of x's shape, forward over reverse: one backward pass that carries
   * tangents, without forming H (PyTorch's {@code hvp}).
   *
   * @param f a function with one output element
   * @param x where to differentiate
   * @param v a direction, of x's shape
   * @return the Hessian times v
   */
  public static Tensor hvp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
    return Transforms.hvp(f, x, v);
  }
}
