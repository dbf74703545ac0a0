package dev.jgrad.autograd.engine;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;

/**
 * The ops' and the engine's view of a tensor's internals. Not API: {@link Tensor} installs the
 * implementation when its class initializes, so that internals stay out of its public surface.
 */
public final class TensorAccess {
  private TensorAccess() {}

  /** What {@link Tensor} exposes to the inside of jgrad. */
  public interface Impl {
    Object data(Tensor t);

    Shape shape(Tensor t);

    Tensor create(Shape shape, DType dtype, Object data);

    Tensor view(Tensor base, Shape shape);

    /** The node that receives this tensor's gradient, or null when it needs none. */
    Node gradEdge(Tensor t);

    void setGradFn(Tensor t, Node node);

    int version(Tensor t);

    /** Adds g into t's {@code grad} (a copy the first time), atomically. */
    void accumulateGrad(Tensor t, Tensor g);

    /** t's forward-mode tangent if it was set at {@code level}, else null. */
    Tensor tangent(Tensor t, long level);

    void setTangent(Tensor t, Tensor tangent, long level);
  }

  private static Impl impl;

  public static void install(Impl implementation) {
    if (impl != null) {
      throw new IllegalStateException("TensorAccess installed twice");
    }
    impl = implementation;
  }

  private static Impl impl() {
    if (impl == null) {
      try {
        Class.forName(Tensor.class.getName(), true, Tensor.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new AssertionError(e);
      }
    }
    return impl;
  }

  /** The backing {@code float[]} or {@code double[]}; row-major, contiguous, never to be written. */
  public static Object data(Tensor t) {
    return impl().data(t);
  }

  public static Shape shape(Tensor t) {
    return impl().shape(t);
  }

  /** A new tensor over {@code data}, which it now owns. */
  public static Tensor create(Shape shape, DType dtype, Object data) {
    return impl().create(shape, dtype, data);
  }

  /** A tensor sharing {@code base}'s data (and version counter) under another shape of equal size. */
  public static Tensor view(Tensor base, Shape shape) {
    return impl().view(base, shape);
  }

  public static Node gradEdge(Tensor t) {
    return impl().gradEdge(t);
  }

  public static void setGradFn(Tensor t, Node node) {
    impl().setGradFn(t, node);
  }

  public static int version(Tensor t) {
    return impl().version(t);
  }

  public static void accumulateGrad(Tensor t, Tensor g) {
    impl().accumulateGrad(t, g);
  }

  public static Tensor tangent(Tensor t, long level) {
    return impl().tangent(t, level);
  }

  public static void setTangent(Tensor t, Tensor tangent, long level) {
    impl().setTangent(t, tangent, level);
  }
}
