package dev.jgrad.autograd.engine;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * One recorded operation: it knows where each input's gradient goes and how to compute it from the
 * gradient of its output (the vector-Jacobian product). The engine walks nodes without knowing what
 * any of them computes.
 *
 * <p>Subclasses save what {@link #backward} needs through {@link #save}, so that the engine can free
 * it after the pass and detect in-place changes before it.
 *
 * <p>A node holds no state of any backward pass, so passes on several threads may share it (as they
 * share a model's parameters); its hooks may be added and removed while passes run.
 */
public abstract class Node {
  private final String name;
  final Node[] next;
  final Shape[] inputShapes;
  final DType[] inputDtypes;
  private List<Saved> saved; // written while the op is built, and cleared by release
  private volatile List<UnaryOperator<Tensor>> hooks;
  /** The tensor whose {@code grad} keeps this node's incoming gradient ({@code retainGrad}), or null. */
  private volatile Tensor retainer;
  /** Where the program recorded this node, when anomaly detection was on; else null. */
  private final String site;
  /** The backward pass that last claimed this node, and the node's number in it (see {@code Engine.Pass}). */
  volatile Engine.Pass owner;
  int slot;

  /** A node for an operation named {@code name} (as the user called it, e.g. "matmul") on these inputs. */
  protected Node(String name, Tensor... inputs) {
    this.name = name;
    int n = inputs.length;
    this.next = new Node[n];
    this.inputShapes = new Shape[n];
    this.inputDtypes = new DType[n];
    for (int i = 0; i < n; i++) {
      next[i] = TensorAccess.gradEdge(inputs[i]);
      inputShapes[i] = TensorAccess.shape(inputs[i]);
      inputDtypes[i] = inputs[i].dtype();
    }
    this.site = Anomaly.enabled() ? Anomaly.callerSite() : null;
  }

  /** A node with no inputs: the sink that accumulates a leaf's gradient. */
  protected Node(String name) {
    this(name, new Tensor[0]);
  }

  /**
   * The gradient of each input given {@code grad}, the gradient of this node's output. An entry may
   * be null when {@link #needsGrad} is false for it. The result may have the broadcast shape; the
   * engine sums it down to the input's shape.
   */
  protected abstract Tensor[] backward(Tensor grad);

  /**
   * {@link #backward(Tensor)}, told whether the pass owns {@code grad}'s data alone: then a node
   * that {@link #adoptsGradient adopts gradients} may keep {@code grad} itself (a leaf's sink makes
   * it the leaf's gradient instead of copying it).
   */
  protected Tensor[] backward(Tensor grad, boolean exclusive) {
    return backward(grad);
  }

  /**
   * Whether this node would keep the gradient it is about to be given, if told it is exclusive (a
   * leaf's sink does, for the leaf's first gradient); asked just before each backward.
   */
  protected boolean adoptsGradient() {
    return false;
  }

  /**
   * Whether {@link #backward} may keep a reference to the gradient it is given, or to a tensor it
   * makes and does not return, beyond the call: true unless a subclass knows better, as a custom
   * function's backward is user code. The built-in ops keep nothing, which lets the engine reuse the
   * arrays of the gradients and temporaries of their backward (see {@code Buffers}).
   */
  protected boolean retainsGradient() {
    return true;
  }

  /**
   * Whether this node only stores the gradient that reaches it (a leaf's sink) and sends none on:
   * the engine then runs it after every other node of the pass, so that a pass that fails stores
   * nothing.
   */
  protected boolean isSink() {
    return false;
  }

  /** Keeps {@code t} for backward; called while the op is built, before the node is shared. */
  protected final Saved save(Tensor t) {
    List<Saved> list = saved;
    if (list == null) {
      saved = list = new ArrayList<>(2);
    }
    Saved s = new Saved(t, name);
    list.add(s);
    return s;
  }

  /**
   * Makes {@code t}'s {@code grad} receive the gradient that reaches this node in every later
   * {@code backward} (not in {@code Autograd.grad}, whose results are returned instead); once per
   * node, however often it is asked.
   */
  public final void retainGradIn(Tensor t) {
    retainer = t;
  }

  /** The tensor that keeps this node's gradient, or null. */
  public final Tensor retainer() {
    return retainer;
  }

  /** Where the program recorded this node ({@code File.java:LINE}), if anomaly detection was on then. */
  public final String site() {
    return site;
  }

  /** Whether input {@code i}'s gradient is wanted; ops skip work for the others. */
  protected final boolean needsGrad(int i) {
    return next[i] != null;
  }

  public final String name() {
    return name;
  }

  public final int inputCount() {
    return next.length;
  }

  /** The node that receives input {@code i}'s gradient, or null. For walking the graph (e.g. to draw it). */
  public final Node nextNode(int i) {
    return next[i];
  }

  public final Shape inputShape(int i) {
    return inputShapes[i];
  }

  /** Adds a hook that sees (and may replace, by returning non-null) the gradient flowing into this node. */
  public final Runnable addHook(UnaryOperator<Tensor> hook) {
    List<UnaryOperator<Tensor>> list;
    synchronized (this) {
      list = hooks;
      if (list == null) {
        hooks = list = new CopyOnWriteArrayList<>();
      }
    }
    list.add(hook);
    List<UnaryOperator<Tensor>> from = list;
    return () -> from.remove(hook); // one registration, if the same hook was added twice
  }

  /** The hooks now, as one snapshot: the pass decides and runs on the same set (hooks may change meanwhile). */
  @SuppressWarnings("unchecked")
  final UnaryOperator<Tensor>[] hookSnapshot() {
    List<UnaryOperator<Tensor>> list = hooks;
    return list == null ? NO_HOOKS : list.toArray(UnaryOperator[]::new);
  }

  @SuppressWarnings("rawtypes")
  private static final UnaryOperator[] NO_HOOKS = new UnaryOperator[0];

  final Tensor runHooks(Tensor grad, UnaryOperator<Tensor>[] snapshot) {
    for (UnaryOperator<Tensor> hook : snapshot) {
      Tensor replaced = hook.apply(grad);
      if (replaced != null) {
        if (!TensorAccess.shape(replaced).equals(TensorAccess.shape(grad)) || replaced.dtype() != grad.dtype()) {
          throw new IllegalStateException(
              String.format(
                  "%s: a gradient hook returned %s %s in place of %s %s",
                  name, replaced.dtype(), TensorAccess.shape(replaced), grad.dtype(), TensorAccess.shape(grad)));
        }
        grad = replaced;
      }
    }
    return grad;
  }

  /**
   * Checks, before any sink of the pass is written, that this sink can take {@code grad}; a sink
   * whose tensor changed since the graph was recorded (its dtype, by {@code setData}) throws here,
   * so that the pass fails before it writes anything.
   */
  protected void checkSink(Tensor grad) {}

  final void release() {
    List<Saved> list = saved;
    if (list != null) {
      saved = null;
      for (Saved s : list) {
        s.release();
      }
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
