package dev.jgrad.autograd.engine;

import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The reverse-mode pass. It orders the graph topologically without recursion (a chain of a million
 * nodes is fine), sums the gradients that reach a node before running it, undoes broadcasting for
 * every input in one place, and frees saved tensors behind it unless told to retain the graph.
 *
 * <p>Everything a pass tracks (each node's pending gradient, its count of unrun senders, whether it
 * leads to a captured node) lives in the pass, not on the nodes, so that several threads may
 * differentiate graphs that share nodes, such as one model's parameters, at once.
 *
 * <p>A pass changes nothing outside itself until every node has run: what goes into tensors'
 * {@code grad} (leaves' sinks, retained gradients) is collected and written at the end, and saved
 * tensors are freed then too. A pass that fails half-way leaves every gradient and the graph as
 * they were, so the caller can fix the cause and run it again.
 */
public final class Engine {
  private Engine() {}

  /** The graph below the roots, numbered: per-pass state is kept in arrays indexed by these numbers. */
  /**
   * The graph below the roots, numbered: per-pass state is kept in arrays indexed by these numbers.
   * A node's number is kept on the node itself when the pass can claim it (no running pass holds
   * it), which costs one compare-and-set; a node another running pass holds, such as a shared
   * parameter's sink, is numbered in a table of the pass's own.
   */
  static final class Pass {
    private static final VarHandle OWNER;

    static {
      try {
        OWNER = MethodHandles.lookup().findVarHandle(Node.class, "owner", Pass.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private NodeIndex shared;
    Node[] nodes = new Node[16];
    int count;
    int[] dependencies = new int[16];
    Tensor[] pending;
    boolean[] needed;
    /** Set when the pass ends: its nodes may then be claimed by others. */
    volatile boolean finished;

    /** The node's number in this pass, or -1 when the pass has not reached it. */
    int index(Node node) {
      if (node.owner == this) {
        return node.slot;
      }
      return shared == null ? -1 : shared.get(node);
    }

    int add(Node node) {
      int i = count++;
      if (i == nodes.length) {
        nodes = Arrays.copyOf(nodes, 2 * i);
        dependencies = Arrays.copyOf(dependencies, 2 * i);
      }
      nodes[i] = node;
      Pass owner = node.owner;
      if ((owner == null || owner.finished) && OWNER.compareAndSet(node, owner, this)) {
        node.slot = i;
      } else {
        if (shared == null) {
          shared = new NodeIndex();
        }
        shared.put(node, i);
      }
      return i;
    }

    /** Lets other passes claim the nodes, and drops what the pass held (nodes keep a reference to it). */
    void finish() {
      finished = true;
      nodes = null;
      pending = null;
      needed = null;
      dependencies = null;
      shared = null;
    }
  }

  /**
   * Runs backward from {@code roots}, seeded with {@code rootGrads}.
   *
   * @param capture nodes whose incoming gradient is wanted; when non-null only the nodes leading to
   *     them run (leaves' {@code grad} fields are left alone) and their gradients are returned in
   *     order (null for a node no gradient reached)
   * @param retainGraph keep saved tensors so the graph can be differentiated again
   * @param createGraph record the backward computation itself, for higher derivatives
   */
  public static Tensor[] run(
      List<Node> roots, List<Tensor> rootGrads, List<Node> capture, boolean retainGraph, boolean createGraph) {
    Pass pass = new Pass();
    try {
      return run(pass, roots, rootGrads, capture, retainGraph, createGraph);
    } finally {
      pass.finish();
    }
  }

  private static Tensor[] run(
      Pass pass, List<Node> roots, List<Tensor> rootGrads, List<Node> capture, boolean retainGraph,
      boolean createGraph) {
    int[] order = topologicalOrder(roots, pass);
    Tensor[] pending = pass.pending = new Tensor[pass.count];
    int[] captureAt = null;
    if (capture != null) {
      captureAt = new int[pass.count];
      Arrays.fill(captureAt, -1);
      for (int i = capture.size() - 1; i >= 0; i--) {
        int at = pass.index(capture.get(i));
        if (at >= 0) {
          captureAt[at] = i; // the first of repeated inputs; the others are copied below
        }
      }
      markNeeded(order, pass, captureAt);
    }
    Tensor[] captured = capture == null ? null : new Tensor[capture.size()];
    boolean anomaly = Anomaly.enabled();
    // A pass that records itself (createGraph) keeps every tensor it makes in the new graph, so
    // only an ordinary pass reuses arrays.
    // Nor while a dual level is open: the backward's ops then attach tangents, whose arrays the
    // recycler cannot see and would hand out again while the tangents still point at them.
    Recycler recycler = createGraph || Forward.level() != 0 ? null : new Recycler();
    // Written at the end, once nothing can fail: gradients for sinks and for retaining tensors.
    int[] sinks = new int[8];
    int sinkCount = 0;
    Tensor[] sinkGrads = null;
    boolean[] ran = new boolean[pass.count];
    boolean previousMode = GradMode.set(createGraph);
    try {
      for (int i = 0; i < roots.size(); i++) {
        int at = pass.index(roots.get(i));
        Tensor g = rootGrads.get(i);
        pending[at] = pending[at] == null ? g : pending[at].add(g);
      }
      for (int at : order) {
        Node node = pass.nodes[at];
        Tensor grad = pending[at];
        pending[at] = null;
        if (grad == null) {
          continue; // no gradient flowed here (every path to it was cut by a null VJP)
        }
        UnaryOperator<Tensor>[] hooks = node.hookSnapshot();
        if (recycler != null && (hooks.length > 0 || node.retainsGradient())) {
          recycler.escape(grad); // a hook or a custom backward may keep it
        }
        grad = node.runHooks(grad, hooks);
        if (captureAt != null) {
          if (captureAt[at] >= 0) {
            captured[captureAt[at]] = grad;
            if (recycler != null) {
              recycler.escape(grad);
            }
          }
          if (!pass.needed[at]) {
            if (recycler != null) {
              recycler.release(grad);
            }
            continue;
          }
        } else if (node.isSink()) {
          // Its pending gradient stays held until it is written at the end.
          sinkGrads = sinkGrads == null ? new Tensor[pass.count] : sinkGrads;
          sinkGrads[at] = grad;
          sinks = sinkCount == sinks.length ? Arrays.copyOf(sinks, 2 * sinkCount) : sinks;
          sinks[sinkCount++] = at;
          continue;
        } else if (node.retainer() != null) {
          sinkGrads = sinkGrads == null ? new Tensor[pass.count] : sinkGrads;
          sinkGrads[at] = grad;
          sinks = sinkCount == sinks.length ? Arrays.copyOf(sinks, 2 * sinkCount) : sinks;
          sinks[sinkCount++] = at;
          if (recycler != null) {
            recycler.hold(grad); // the node below releases it once; this hold lasts until the end
          }
        }
        Tensor[] inputGrads;
        if (anomaly) {
          Anomaly.startBackward();
          try {
            inputGrads = backward(node, grad, recycler);
          } finally {
            Anomaly.endBackward();
          }
          Anomaly.checkBackward(node, grad, inputGrads);
        } else {
          inputGrads = backward(node, grad, recycler);
        }
        for (int j = 0; j < node.next.length; j++) {
          Node target = node.next[j];
          if (target == null || inputGrads[j] == null) {
            continue;
          }
          deliver(node, j, inputGrads[j], pass.index(target), pending, recycler);
        }
        if (recycler != null) {
          // Arrays of gradients summed into others, or reduced, and held by no node: done with.
          for (Tensor g : inputGrads) {
            if (g != null) {
              recycler.giveIfUnheld(g);
            }
          }
          recycler.release(grad);
        }
        ran[at] = true;
      }
      // Every node ran: now the pass may change what outlives it, once every sink has said it can.
      for (int i = 0; i < sinkCount; i++) {
        pass.nodes[sinks[i]].checkSink(sinkGrads[sinks[i]]);
      }
      for (int i = 0; i < sinkCount; i++) {
        int at = sinks[i];
        Node node = pass.nodes[at];
        Tensor grad = sinkGrads[at];
        if (node.isSink()) {
          backward(node, grad, recycler);
          ran[at] = true;
        } else {
          TensorAccess.accumulateGrad(node.retainer(), grad);
        }
        if (recycler != null) {
          recycler.release(grad);
        }
      }
    } finally {
      GradMode.set(previousMode);
      if (recycler != null) {
        recycler.abandon();
      }
    }
    if (!retainGraph) {
      for (int i = 0; i < ran.length; i++) {
        if (ran[i]) {
          pass.nodes[i].release();
        }
      }
    }
    if (captured != null) {
      for (int i = 0; i < captured.length; i++) {
        int at = pass.index(capture.get(i));
        captured[i] = at < 0 ? null : captured[captureAt[at]];
      }
    }
    return captured;
  }

  /**
   * Runs the node's backward. A built-in node's is watched by the recycler, which learns which
   * arrays its results hold and takes back its temporaries; a node that may keep the gradient is
   * told whether the pass owns it alone (a leaf's sink then keeps it instead of copying it).
   */
  private static Tensor[] backward(Node node, Tensor grad, Recycler recycler) {
    if (recycler == null || node.retainsGradient()) {
      return node.backward(grad, false);
    }
    boolean exclusive = node.adoptsGradient() && recycler.exclusive(grad);
    recycler.startBuiltIn();
    Tensor[] inputGrads = node.backward(grad, exclusive);
    recycler.endBuiltIn(inputGrads);
    if (exclusive) {
      recycler.escape(grad); // the node kept it
    }
    return inputGrads;
  }

  /** Adds gradient g, for input j of node, to the pending gradient of the node numbered target. */
  private static void deliver(Node node, int j, Tensor g, int target, Tensor[] pending, Recycler recycler) {
    if (recycler != null) {
      recycler.startBuiltIn();
    }
    Tensor reduced = reduceToInput(node, j, g);
    Tensor previous = pending[target];
    pending[target] = previous == null ? reduced : previous.add(reduced);
    if (recycler != null) {
      recycler.endBuiltIn(pending[target]);
      recycler.hold(pending[target]);
      if (previous != null) {
        recycler.release(previous);
      }
    }
  }

  /** Sums a gradient over the dimensions that broadcasting added to input {@code j}, and checks it. */
  private static Tensor reduceToInput(Node node, int j, Tensor g) {
    Shape shape = node.inputShapes[j];
    if (g.dtype() != node.inputDtypes[j]) {
      throw new IllegalStateException(
          String.format(
              "%s: backward produced a %s gradient for a %s input %d", node.name(), g.dtype(), node.inputDtypes[j], j));
    }
    Shape gShape = TensorAccess.shape(g);
    if (gShape.equals(shape)) {
      return g;
    }
    if (!shape.broadcastsTo(gShape)) {
      throw new IllegalStateException(
          String.format(
              "%s: backward produced a gradient of shape %s for input %d of shape %s",
              node.name(), gShape, j, shape));
    }
    return g.sumToSize(shape.dims());
  }

  /**
   * Kahn's algorithm over the nodes reachable from the roots: a node comes after every node that
   * sends it a gradient, so it runs once, with all contributions summed. Returns the nodes' numbers
   * in that order.
   */
  private static int[] topologicalOrder(List<Node> roots, Pass pass) {
    ArrayDeque<Node> stack = new ArrayDeque<>();
    for (Node root : roots) {
      if (pass.index(root) < 0) {
        pass.add(root);
        stack.push(root);
      }
    }
    while (!stack.isEmpty()) {
      Node node = stack.pop();
      for (Node next : node.next) {
        if (next == null) {
          continue;
        }
        int at = pass.index(next);
        if (at < 0) {
          at = pass.add(next);
          stack.push(next);
        }
        pass.dependencies[at]++;
      }
    }
    int n = pass.count;
    int[] dependencies = pass.dependencies;
    int[] order = new int[n];
    int head = 0;
    int tail = 0;
    for (int i = 0; i < n; i++) {
      if (dependencies[i] == 0) {
        order[tail++] = i;
      }
    }
    while (head < tail) {
      Node node = pass.nodes[order[head++]];
      for (Node next : node.next) {
        if (next != null) {
          int at = pass.index(next);
          if (--dependencies[at] == 0) {
            order[tail++] = at;
          }
        }
      }
    }
    if (tail != n) {
      throw new IllegalStateException("backward: the graph has a cycle");
    }
    return order;
  }

  /** A node needs to run when a captured node lies below it. Walks the order backwards (inputs first). */
  private static void markNeeded(int[] order, Pass pass, int[] captureAt) {
    boolean[] needed = pass.needed = new boolean[order.length];
    for (int i = order.length - 1; i >= 0; i--) {
      Node node = pass.nodes[order[i]];
      for (Node next : node.next) {
        if (next != null) {
          int at = pass.index(next);
          if (captureAt[at] >= 0 || needed[at]) {
            needed[order[i]] = true;
            break;
          }
        }
      }
    }
  }
}
