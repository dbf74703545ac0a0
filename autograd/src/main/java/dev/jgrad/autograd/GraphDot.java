package dev.jgrad.autograd;

import dev.jgrad.autograd.engine.Node;
import dev.jgrad.autograd.engine.TensorAccess;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the graph recorded behind a tensor in Graphviz's DOT language: one box per operation, one
 * ellipse per leaf, arrows in the direction data flows, labelled with the shape that flows along
 * them. Tensors given names show their name, their value when they hold one element, and their
 * gradient once backward has computed it (for intermediates, call {@link Tensor#retainGrad()}).
 *
 * <pre>{@code
 * Files.writeString(Path.of("graph.dot"), GraphDot.toDot(j, Map.of("a", a, "b", b, "c", c, "J", j)));
 * // dot -Tpng graph.dot -o graph.png
 * }</pre>
 */
public final class GraphDot {
  private GraphDot() {}

  /**
   * Draws the graph behind {@code root} with no tensor named.
   *
   * @param root the tensor whose graph to draw, usually the loss
   * @return the graph in Graphviz's DOT language
   */
  public static String toDot(Tensor root) {
    return toDot(root, Map.of());
  }

  /**
   * Draws the graph behind {@code root}, labelling the given tensors with their names.
   *
   * @param root the tensor whose graph to draw, usually the loss
   * @param names names to show, keyed by name; tensors not in the graph are ignored
   * @return the graph in Graphviz's DOT language
   */
  public static String toDot(Tensor root, Map<String, Tensor> names) {
    Node start = TensorAccess.gradEdge(root);
    StringBuilder dot = new StringBuilder("digraph jgrad {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
    if (start == null) {
      dot.append("  n0 [shape=ellipse, label=\"").append(escape(describe(nameOf(root, names), root))).append("\"];\n");
      return dot.append("}\n").toString();
    }
    Map<Node, Tensor> tensorOf = new IdentityHashMap<>();
    Map<Node, String> nameOfNode = new IdentityHashMap<>();
    for (Map.Entry<String, Tensor> e : names.entrySet()) {
      Node node = TensorAccess.gradEdge(e.getValue());
      if (node != null) {
        tensorOf.put(node, e.getValue());
        nameOfNode.put(node, e.getKey());
      }
    }
    tensorOf.putIfAbsent(start, root);
    Map<Node, Integer> ids = new IdentityHashMap<>();
    ArrayDeque<Node> queue = new ArrayDeque<>();
    ids.put(start, 0);
    queue.add(start);
    StringBuilder edges = new StringBuilder();
    while (!queue.isEmpty()) {
      Node node = queue.poll();
      int id = ids.get(node);
      dot.append("  n").append(id).append(' ').append(nodeAttributes(node, tensorOf, nameOfNode)).append(";\n");
      for (int i = 0; i < node.inputCount(); i++) {
        Node input = node.nextNode(i);
        if (input == null) {
          continue;
        }
        Integer inputId = ids.get(input);
        if (inputId == null) {
          inputId = ids.size();
          ids.put(input, inputId);
          queue.add(input);
        }
        edges.append("  n").append(inputId).append(" -> n").append(id);
        if (node.inputShape(i).rank() > 0) {
          edges.append(" [label=\"").append(node.inputShape(i)).append("\"]");
        }
        edges.append(";\n");
      }
    }
    return dot.append(edges).append("}\n").toString();
  }

  private static String nodeAttributes(Node node, Map<Node, Tensor> tensorOf, Map<Node, String> nameOfNode) {
    if (node instanceof AccumulateGrad accumulate) {
      Tensor leaf = accumulate.leaf();
      String name = nameOfNode.getOrDefault(node, "leaf");
      return "[shape=ellipse, style=filled, fillcolor=\"#e8f0fe\", label=\"" + escape(describe(name, leaf)) + "\"]";
    }
    Tensor t = tensorOf.get(node);
    String label = node.name();
    if (t != null) {
      label = describe(nameOfNode.getOrDefault(node, ""), t) + "\n" + node.name();
    }
    return "[shape=box, style=rounded, label=\"" + escape(label.strip()) + "\"]";
  }

  private static String nameOf(Tensor t, Map<String, Tensor> names) {
    for (Map.Entry<String, Tensor> e : names.entrySet()) {
      if (e.getValue() == t) {
        return e.getKey();
      }
    }
    return "";
  }

  /** "a = 5, grad 3" for one element, "a [2, 3]" otherwise. */
  private static String describe(String name, Tensor t) {
    StringBuilder s = new StringBuilder(name);
    if (t.size() == 1) {
      s.append(name.isEmpty() ? "" : " = ").append(format(t.flatGet(0)));
      if (t.grad() != null) {
        s.append("\ngrad ").append(format(t.grad().flatGet(0)));
      }
    } else {
      s.append(name.isEmpty() ? "" : " ").append(t.shape);
      if (t.grad() != null) {
        s.append("\nhas grad");
      }
    }
    return s.toString();
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.4g", v);
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
