package dev.jgrad.autograd.engine;

import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reverse-mode pass. It orders the graph topologically without recursion (a chain of a million
 * nodes is fine), sums the gradients that reach a node before running it, undoes broadcasting for
 * every input in one place, and frees saved tensors behind it unless told to retain the graph.
 *
 * <p>A graph is differentiated by one thread at a time; independent graphs may be differentiated on
 * many threads at once.
 */
public final class Engine {
  private Engine() {}

  private static final AtomicLong EPOCH = new AtomicLong();

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
    long epoch = EPOCH.incrementAndGet();
    List<Node> order = topologicalOrder(roots, epoch);
    Map<Node, Integer> captureIndex = null;
    if (capture != null) {
      captureIndex = new IdentityHashMap<>();
      for (int i = 0; i < capture.size(); i++) {
        captureIndex.putIfAbsent(capture.get(i), i);
      }
      markNeeded(order, captureIndex);
    }
    Tensor[] captured = capture == null ? null : new Tensor[capture.size()];
    // A pass that records itself (createGraph) keeps every tensor it makes in the new graph, so
    // only an ordinary pass reuses arrays.
    Recycler recycler = createGraph ? null : new Recycler();
    boolean previousMode = GradMode.set(createGraph);
    try {
      for (int i = 0; i < roots.size(); i++) {
        Node root = roots.get(i);
        Tensor g = rootGrads.get(i);
        root.pending = root.pending == null ? g : root.pending.add(g);
      }
      for (Node node : order) {
        Tensor grad = node.pending;
        node.pending = null;
        if (grad == null) {
          continue; // no gradient flowed here (every path to it was cut by a null VJP)
        }
        if (recycler != null && (node.hasHooks() || node.retainsGradient())) {
          recycler.escape(grad); // a hook or a custom backward may keep it
        }
        grad = node.runHooks(grad);
        if (captureIndex != null) {
          Integer at = captureIndex.get(node);
          if (at != null) {
            captured[at] = grad;
            if (recycler != null) {
              recycler.escape(grad);
            }
          }
          if (!node.needed) {
            if (recycler != null) {
              recycler.release(grad);
            }
            continue;
          }
        }
        Tensor[] inputGrads = backward(node, grad, recycler);
        for (int j = 0; j < node.next.length; j++) {
          Node target = node.next[j];
          if (target == null || inputGrads[j] == null) {
            continue;
          }
          deliver(node, j, inputGrads[j], target, recycler);
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
        if (!retainGraph) {
          node.release();
        }
      }
    } finally {
      GradMode.set(previousMode);
      if (recycler != null) {
        recycler.abandon();
      }
      for (Node node : order) {
        node.pending = null; // after a failure, leave nothing half-accumulated for the next pass
      }
    }
    if (captured != null) {
      for (int i = 0; i < captured.length; i++) {
        Integer first = captureIndex.get(capture.get(i));
        captured[i] = captured[first];
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

  /** Adds gradient g, for input j of node, to target's pending gradient. */
  private static void deliver(Node node, int j, Tensor g, Node target, Recycler recycler) {
    if (recycler != null) {
      recycler.startBuiltIn();
    }
    Tensor reduced = reduceToInput(node, j, g);
    Tensor previous = target.pending;
    target.pending = previous == null ? reduced : previous.add(reduced);
    if (recycler != null) {
      recycler.endBuiltIn(target.pending);
      recycler.hold(target.pending);
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
   * sends it a gradient, so it runs once, with all contributions summed.
   */
  private static List<Node> topologicalOrder(List<Node> roots, long epoch) {
    List<Node> reachable = new ArrayList<>();
    ArrayDeque<Node> stack = new ArrayDeque<>();
    for (Node root : roots) {
      if (root.visitEpoch != epoch) {
        root.visitEpoch = epoch;
        root.dependencies = 0;
        stack.push(root);
      }
    }
    while (!stack.isEmpty()) {
      Node node = stack.pop();
      reachable.add(node);
      for (Node next : node.next) {
        if (next == null) {
          continue;
        }
        if (next.visitEpoch != epoch) {
          next.visitEpoch = epoch;
          next.dependencies = 0;
          stack.push(next);
        }
        next.dependencies++;
      }
    }
    List<Node> order = new ArrayList<>(reachable.size());
    ArrayDeque<Node> ready = new ArrayDeque<>();
    for (Node node : reachable) {
      if (node.dependencies == 0) {
        ready.add(node);
      }
    }
    while (!ready.isEmpty()) {
      Node node = ready.poll();
      order.add(node);
      for (Node next : node.next) {
        if (next != null && --next.dependencies == 0) {
          ready.add(next);
        }
      }
    }
    if (order.size() != reachable.size()) {
      throw new IllegalStateException("backward: the graph has a cycle");
    }
    return order;
  }

  /** A node needs to run when a captured node lies below it. Walks the order backwards (inputs first). */
  private static void markNeeded(List<Node> order, Map<Node, Integer> captureIndex) {
    for (int i = order.size() - 1; i >= 0; i--) {
      Node node = order.get(i);
      boolean needed = false;
      for (Node next : node.next) {
        if (next != null && (captureIndex.containsKey(next) || next.needed)) {
          needed = true;
          break;
        }
      }
      node.needed = needed;
    }
  }
}
