package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Buffers;
import dev.jgrad.autograd.engine.GradMode;
import dev.jgrad.autograd.engine.Node;
import dev.jgrad.autograd.engine.TensorAccess;
import dev.jgrad.autograd.kernels.BinaryOp;
import dev.jgrad.autograd.kernels.Kernels;
import dev.jgrad.autograd.kernels.UnaryOp;

/** What every op does the same way: reach the data, check dtypes, build results, record nodes. */
final class OpSupport {
  private OpSupport() {}

  static Object data(Tensor t) {
    return TensorAccess.data(t);
  }

  static Shape shape(Tensor t) {
    return TensorAccess.shape(t);
  }

  /** A zeroed array for an op's result, reused when the engine has one to spare (see {@code Buffers}). */
  static Object newArray(DType dtype, int n) {
    return Buffers.take(dtype, n);
  }

  static Tensor create(Shape shape, DType dtype, Object data) {
    return TensorAccess.create(shape, dtype, data);
  }

  /** Whether an op on these inputs must record a node. */
  static boolean recording(Tensor a) {
    return a.requiresGrad() && GradMode.isEnabled();
  }

  static boolean recording(Tensor a, Tensor b) {
    return (a.requiresGrad() || b.requiresGrad()) && GradMode.isEnabled();
  }

  static boolean recording(Iterable<Tensor> inputs) {
    if (!GradMode.isEnabled()) {
      return false;
    }
    for (Tensor t : inputs) {
      if (t.requiresGrad()) {
        return true;
      }
    }
    return false;
  }

  /** Makes {@code node} the producer of {@code out}; returns out. */
  static Tensor record(Tensor out, Node node) {
    TensorAccess.setGradFn(out, node);
    return out;
  }

  static DType sameDtype(String op, Tensor a, Tensor b) {
    if (a == null || b == null) {
      throw new NullPointerException(op + ": a tensor argument is null");
    }
    if (a.dtype() != b.dtype()) {
      throw new IllegalArgumentException(
          String.format(
              "%s: dtype mismatch: %s %s and %s %s (convert one with to(DType); jgrad never promotes silently)",
              op, a.dtype(), shape(a), b.dtype(), shape(b)));
    }
    return a.dtype();
  }

  /** The result of a parameterless elementwise kernel. */
  static Tensor unary(UnaryOp op, Tensor x) {
    int n = x.size();
    Object out = newArray(x.dtype(), n);
    Kernels.unary(op, data(x), out, n);
    return create(shape(x), x.dtype(), out);
  }

  /** The result of a broadcasting elementwise kernel. */
  static Tensor binary(String name, BinaryOp op, Tensor a, Tensor b) {
    DType dtype = sameDtype(name, a, b);
    Shape sa = shape(a);
    Shape sb = shape(b);
    // Equal shapes, and a single element against a tensor of at least its rank, need no stride
    // bookkeeping: on small tensors that bookkeeping was most of an op's cost.
    int stepA = sa.size() == 1 && sa.rank() <= sb.rank() && !sa.equals(sb) ? 0 : 1;
    int stepB = sb.size() == 1 && sb.rank() <= sa.rank() ? 0 : 1;
    if (sa.equals(sb) || stepA == 0 || stepB == 0) {
      Shape flat = stepA == 0 ? sb : sa;
      int n = flat.size();
      Object result = newArray(dtype, n);
      Kernels.binaryFlat(op, data(a), stepA, data(b), stepB, result, n);
      return create(flat, dtype, result);
    }
    Shape out = Shape.broadcast(sa, sb, name);
    Object result = newArray(dtype, out.size());
    Kernels.binary(op, data(a), broadcastStrides(sa, out), data(b), broadcastStrides(sb, out), result, out.dims());
    return create(out, dtype, result);
  }

  /** Strides that read a contiguous tensor of shape {@code s} as the larger shape {@code target}. */
  static int[] broadcastStrides(Shape s, Shape target) {
    int[] own = s.strides();
    int[] dims = s.dims();
    int[] targetDims = target.dims();
    int[] out = new int[targetDims.length];
    int offset = targetDims.length - dims.length;
    for (int i = 0; i < dims.length; i++) {
      out[i + offset] = dims[i] == 1 && targetDims[i + offset] != 1 ? 0 : own[i];
    }
    return out;
  }

  /** The shape with {@code axis} removed (or set to 1 with keepDim). */
  static Shape reduced(Shape s, int axis, boolean keepDim) {
    int[] dims = s.dims();
    if (keepDim) {
      dims[axis] = 1;
      return Shape.of(dims);
    }
    int[] out = new int[dims.length - 1];
    for (int i = 0, j = 0; i < dims.length; i++) {
      if (i != axis) {
        out[j++] = dims[i];
      }
    }
    return Shape.of(out);
  }

  /** Product of dimensions [from, to). */
  static int product(int[] dims, int from, int to) {
    int p = 1;
    for (int i = from; i < to; i++) {
      p *= dims[i];
    }
    return p;
  }
}
