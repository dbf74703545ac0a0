package dev.jgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.Autograd.JacobianMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The functional transforms behind {@link Autograd#jacobian} and friends, built on the two modes:
 * vjp on one backward pass, jvp on one forward pass with dual tensors, hvp forward over reverse, and
 * the Jacobian and Hessian one row or column at a time. Every result is detached from the inputs'
 * graphs: the transforms differentiate fresh leaves with the inputs' values.
 */
final class Transforms {
  private Transforms() {}

  /** Fresh leaves with the inputs' values, requiring grad. */
  private static List<Tensor> leaves(String op, List<Tensor> xs) {
    checkNotNull(xs, "%s: inputs are null", op);
    checkArgument(!xs.isEmpty(), "%s: no inputs", op);
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < xs.size(); i++) {
      Tensor x = checkNotNull(xs.get(i), "%s: input %s is null", op, i);
      out.add(x.detach().requiresGrad(true));
    }
    return out;
  }

  private static Tensor call(String op, Function<List<Tensor>, Tensor> f, List<Tensor> xs) {
    Tensor y = checkNotNull(f, "%s: function is null", op).apply(xs);
    return checkNotNull(y, "%s: the function returned null", op);
  }

  static List<Tensor> vjp(Function<List<Tensor>, Tensor> f, List<Tensor> xs, Tensor v) {
    List<Tensor> leaves = leaves("vjp", xs);
    Tensor y = call("vjp", f, leaves);
    checkNotNull(v, "vjp: v is null");
    checkArgument(Arrays.equals(v.shape(), y.shape()) && v.dtype() == y.dtype(),
        "vjp: v is %s %s but f's output is %s %s", v.dtype(), Arrays.toString(v.shape()), y.dtype(),
        Arrays.toString(y.shape()));
    if (!y.requiresGrad()) {
      return leaves.stream().map(Tensor::zerosLike).toList();
    }
    return Autograd.grad(List.of(y), List.of(v), leaves, false).stream().map(Tensor::detach).toList();
  }

  static Tensor jvp(Function<List<Tensor>, Tensor> f, List<Tensor> xs, List<Tensor> vs) {
    checkNotNull(vs, "jvp: directions are null");
    checkArgument(xs != null && vs.size() == xs.size(), "jvp: %s directions for %s inputs", vs.size(),
        xs == null ? 0 : xs.size());
    try (var level = ForwardAD.dualLevel()) {
      List<Tensor> duals = new ArrayList<>();
      for (int i = 0; i < xs.size(); i++) {
        Tensor x = checkNotNull(xs.get(i), "jvp: input %s is null", i);
        duals.add(ForwardAD.makeDual(x.detach(), checkNotNull(vs.get(i), "jvp: direction %s is null", i)));
      }
      Tensor y = call("jvp", f, duals);
      Tensor t = ForwardAD.tangent(y);
      return t == null ? Tensor.zerosLike(y) : t.detach();
    }
  }

  static Tensor hvp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
    checkNotNull(x, "hvp: x is null");
    checkNotNull(v, "hvp: v is null");
    Tensor leaf = x.detach().requiresGrad(true);
    try (var level = ForwardAD.dualLevel(); var g = Autograd.enableGrad()) {
      Tensor dual = ForwardAD.makeDual(leaf, v);
      Tensor y = call("hvp", in -> f.apply(in.get(0)), List.of(dual));
      checkArgument(y.size() == 1, "hvp: f must have one output element, got shape %s", Arrays.toString(y.shape()));
      if (!y.requiresGrad()) {
        return Tensor.zerosLike(x);
      }
      Tensor grad = Autograd.grad(y, List.of(dual), true).get(0);
      Tensor t = ForwardAD.tangent(grad);
      return t == null ? Tensor.zerosLike(x) : t.detach();
    }
  }

  static Tensor jacobian(UnaryOperator<Tensor> f, Tensor x, JacobianMode mode) {
    checkNotNull(f, "jacobian: function is null");
    return jacobian(in -> f.apply(in.get(0)), List.of(x), mode).get(0);
  }

  static List<Tensor> jacobian(Function<List<Tensor>, Tensor> f, List<Tensor> xs, JacobianMode mode) {
    checkNotNull(mode, "jacobian: mode is null");
    List<Tensor> leaves = leaves("jacobian", xs);
    Tensor y;
    try (var g = Autograd.enableGrad()) {
      y = call("jacobian", f, leaves);
    }
    int outputs = y.size();
    int inputs = leaves.stream().mapToInt(Tensor::size).sum();
    boolean forward = mode == JacobianMode.FORWARD || mode == JacobianMode.AUTO && outputs > inputs;
    List<double[]> blocks = new ArrayList<>();
    for (Tensor leaf : leaves) {
      blocks.add(new double[outputs * leaf.size()]);
    }
    if (forward) {
      for (int k = 0; k < leaves.size(); k++) {
        Tensor leaf = leaves.get(k);
        for (int j = 0; j < leaf.size(); j++) {
          List<Tensor> directions = new ArrayList<>();
          for (int i = 0; i < leaves.size(); i++) {
            directions.add(i == k ? unit(leaf, j) : Tensor.zerosLike(leaves.get(i)));
          }
          double[] column = jvp(f, leaves, directions).toDoubleArray();
          for (int o = 0; o < outputs; o++) {
            blocks.get(k)[o * leaf.size() + j] = column[o];
          }
        }
      }
    } else if (y.requiresGrad()) {
      for (int o = 0; o < outputs; o++) {
        List<Tensor> rows = Autograd.grad(List.of(y), List.of(unit(y, o)), leaves, false, true);
        for (int k = 0; k < leaves.size(); k++) {
          double[] row = rows.get(k).toDoubleArray();
          System.arraycopy(row, 0, blocks.get(k), o * row.length, row.length);
        }
      }
    }
    List<Tensor> out = new ArrayList<>();
    for (int k = 0; k < leaves.size(); k++) {
      Tensor leaf = leaves.get(k);
      int[] shape = concat(y.shape(), leaf.shape());
      Tensor j = tensorOf(blocks.get(k), shape);
      out.add(leaf.dtype() == DType.FLOAT64 ? j : j.to(leaf.dtype()));
    }
    return out;
  }

  static Tensor hessian(UnaryOperator<Tensor> f, Tensor x) {
    checkNotNull(x, "hessian: x is null");
    int n = x.size();
    double[] h = new double[n * n];
    for (int j = 0; j < n; j++) {
      double[] column = hvp(f, x, unit(x, j)).toDoubleArray();
      for (int i = 0; i < n; i++) {
        h[i * n + j] = column[i];
      }
    }
    Tensor out = tensorOf(h, concat(x.shape(), x.shape()));
    return x.dtype() == DType.FLOAT64 ? out : out.to(x.dtype());
  }

  /** A tensor like t, all zeros but a 1 at flat position i. */
  private static Tensor unit(Tensor t, int i) {
    double[] e = new double[t.size()];
    e[i] = 1;
    Tensor u = tensorOf(e, t.shape());
    return t.dtype() == DType.FLOAT64 ? u : u.to(t.dtype());
  }

  /** A float64 tensor of this shape, 0-d included (Tensor.of makes a vector when given no dimensions). */
  private static Tensor tensorOf(double[] data, int[] shape) {
    return shape.length == 0 ? Tensor.scalar(data[0], DType.FLOAT64) : Tensor.of(data, shape);
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
