package dev.jgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.engine.Anomaly;
import dev.jgrad.autograd.engine.Engine;
import dev.jgrad.autograd.engine.GradMode;
import dev.jgrad.autograd.engine.Node;
import dev.jgrad.autograd.engine.TensorAccess;
import dev.jgrad.autograd.kernels.BinaryOp;
import dev.jgrad.autograd.kernels.Kernels;
import dev.jgrad.autograd.ops.Abs;
import dev.jgrad.autograd.ops.Add;
import dev.jgrad.autograd.ops.Argmax;
import dev.jgrad.autograd.ops.Cast;
import dev.jgrad.autograd.ops.Clamp;
import dev.jgrad.autograd.ops.Concat;
import dev.jgrad.autograd.ops.Cos;
import dev.jgrad.autograd.ops.Div;
import dev.jgrad.autograd.ops.Exp;
import dev.jgrad.autograd.ops.Expand;
import dev.jgrad.autograd.ops.Pick;
import dev.jgrad.autograd.ops.LeakyRelu;
import dev.jgrad.autograd.ops.Log;
import dev.jgrad.autograd.ops.Log1p;
import dev.jgrad.autograd.ops.LogSoftmax;
import dev.jgrad.autograd.ops.LogSumExp;
import dev.jgrad.autograd.ops.MatMul;
import dev.jgrad.autograd.ops.Max;
import dev.jgrad.autograd.ops.Maximum;
import dev.jgrad.autograd.ops.Mul;
import dev.jgrad.autograd.ops.Neg;
import dev.jgrad.autograd.ops.NonDifferentiable;
import dev.jgrad.autograd.ops.Permute;
import dev.jgrad.autograd.ops.Pow;
import dev.jgrad.autograd.ops.PowScalar;
import dev.jgrad.autograd.ops.Relu;
import dev.jgrad.autograd.ops.Reshape;
import dev.jgrad.autograd.ops.Sigmoid;
import dev.jgrad.autograd.ops.Sin;
import dev.jgrad.autograd.ops.Slice;
import dev.jgrad.autograd.ops.Softmax;
import dev.jgrad.autograd.ops.Softplus;
import dev.jgrad.autograd.ops.Sqrt;
import dev.jgrad.autograd.ops.Sub;
import dev.jgrad.autograd.ops.Sum;
import dev.jgrad.autograd.ops.Tanh;
import dev.jgrad.autograd.ops.Where;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * An n-dimensional array of float32 or float64 numbers that records the operations made from it, so
 * that {@link #backward()} can compute gradients by the chain rule.
 *
 * <p>Shapes are immutable and row-major. Every binary operation broadcasts like numpy. Operations
 * never mix dtypes; {@link #to(DType)} converts. A tensor takes part in the graph when it is a leaf
 * marked with {@link #requiresGrad(boolean)} or was computed from one while gradients are enabled
 * (see {@link Autograd#noGrad()}).
 *
 * <pre>{@code
 * Tensor a = Tensor.scalar(5).requiresGrad(true);
 * Tensor b = Tensor.scalar(3).requiresGrad(true);
 * Tensor c = Tensor.scalar(2).requiresGrad(true);
 * Tensor j = a.add(b.mul(c)).mul(3);   // J = 3(a + bc) = 33
 * j.backward();                        // a.grad() = 3, b.grad() = 6, c.grad() = 9
 * }</pre>
 */
public final class Tensor {
  static {
    TensorAccess.install(new Internals());
  }

  /** The data and the count of in-place writes to it; views (reshape, detach) share one. */
  static final class Storage {
    final Object array;
    int version;

    Storage(Object array) {
      this.array = array;
    }
  }

  final Shape shape;
  // Not final: setData replaces a leaf's values and dtype in place (a parameter keeps its identity).
  DType dtype;
  Storage storage;
  private boolean requiresGrad;
  private Node gradFn;
  private volatile Node accumulator;
  private volatile Tensor grad;
  /** The forward-mode tangent, valid only while its dual level is open (see ForwardAD). */
  private Tensor tangent;
  private long tangentLevel;
  /** Whether {@link #grad} is this tensor's alone (a copy, or handed over by the engine), not part of a graph. */
  private boolean gradOwned;

  private Tensor(Shape shape, DType dtype, Storage storage) {
    this.shape = shape;
    this.dtype = dtype;
    this.storage = storage;
  }

  static Tensor wrap(Shape shape, DType dtype, Object array) {
    return new Tensor(shape, dtype, new Storage(array));
  }

  // ---- creation -------------------------------------------------------------------------------

  /**
   * A 0-d float32 tensor.
   *
   * @param v the value
   * @return a new 0-d FLOAT32 tensor holding {@code v}
   */
  public static Tensor scalar(double v) {
    return scalar(v, DType.FLOAT32);
  }

  /**
   * A 0-d tensor of the given dtype.
   *
   * @param v the value
   * @param dtype the element type
   * @return a new 0-d tensor of that dtype holding {@code v}
   */
  public static Tensor scalar(double v, DType dtype) {
    checkNotNull(dtype, "scalar: dtype is null");
    return full(v, dtype);
  }

  /**
   * A float32 tensor holding a copy of {@code data}; the shape defaults to one dimension.
   *
   * @param data the elements in row-major order
   * @param shape the dimensions, outermost first; none for a vector of {@code data.length} elements
   * @return a new FLOAT32 tensor
   * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
   *     elements
   */
  public static Tensor of(float[] data, int... shape) {
    checkNotNull(data, "of: data is null");
    Shape s = shapeFor(data.length, shape);
    return wrap(s, DType.FLOAT32, data.clone());
  }

  /**
   * A float64 tensor holding a copy of {@code data}; the shape defaults to one dimension.
   *
   * @param data the elements in row-major order
   * @param shape the dimensions, outermost first; none for a vector of {@code data.length} elements
   * @return a new FLOAT64 tensor
   * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
   *     elements
   */
  public static Tensor of(double[] data, int... shape) {
    checkNotNull(data, "of: data is null");
    Shape s = shapeFor(data.length, shape);
    return wrap(s, DType.FLOAT64, data.clone());
  }

  private static Shape shapeFor(int length, int[] shape) {
    Shape s = shape.length == 0 ? Shape.of(length) : Shape.of(shape);
    checkArgument(
        s.size() == length, "of: %s values cannot fill shape %s (%s elements)", length, s, s.size());
    return s;
  }

  /**
   * A float32 tensor of zeros (PyTorch's {@code zeros}).
   *
   * @param shape the dimensions, outermost first; none for a 0-d tensor
   * @return a new FLOAT32 tensor of zeros
   */
  public static Tensor zeros(int... shape) {
    return zeros(DType.FLOAT32, shape);
  }

  /**
   * A tensor of zeros of the given dtype.
   *
   * @param dtype the element type
   * @param shape the dimensions, outermost first; none for a 0-d tensor
   * @return a new tensor of zeros
   */
  public static Tensor zeros(DType dtype, int... shape) {
    checkNotNull(dtype, "zeros: dtype is null");
    Shape s = Shape.of(shape);
    return wrap(s, dtype, dtype.newArray(s.size()));
  }

  /**
   * A float32 tensor of ones (PyTorch's {@code ones}).
   *
   * @param shape the dimensions, outermost first; none for a 0-d tensor
   * @return a new FLOAT32 tensor of ones
   */
  public static Tensor ones(int... shape) {
    return full(1, DType.FLOAT32, shape);
  }

  /**
   * A tensor of ones of the given dtype.
   *
   * @param dtype the element type
   * @param shape the dimensions, outermost first; none for a 0-d tensor
   * @return a new tensor of ones
   */
  public static Tensor ones(DType dtype, int... shape) {
    return full(1, dtype, shape);
  }

  /**
   * A tensor of the given shape with every element {@code value}.
   *
   * @param value the value of every element
   * @param dtype the element type
   * @param shape the dimensions, outermost first; none for a 0-d tensor
   * @return a new tensor filled with {@code value}
   */
  public static Tensor full(double value, DType dtype, int... shape) {
    checkNotNull(dtype, "full: dtype is null");
    Shape s = Shape.of(shape);
    Object array = dtype.newArray(s.size());
    Kernels.fill(array, value, s.size());
    return wrap(s, dtype, array);
  }

  /**
   * Standard normal samples, float32.
   *
   * @param random the generator to draw from
   * @param shape the dimensions, outermost first; none for a 0-d tensor
   * @return a new FLOAT32 tensor of samples from N(0, 1)
   */
  public static Tensor randn(RandomGenerator random, int... shape) {
    return randn(random, DType.FLOAT32, shape);
  }

  /**
   * Standard normal samples of the given dtype (PyTorch's {@code randn}).
   *
   * @param random the generator to draw from
   * @param dtype the element type
   * @param shape the dimensions, outermost first; none for a 0-d tensor
   * @return a new tensor of samples from N(0, 1)
   */
  public static Tensor randn(RandomGenerator random, DType dtype, int... shape) {
    checkNotNull(random, "randn: random is null");
    checkNotNull(dtype, "randn: dtype is null");
    Shape s = Shape.of(shape);
    double[] values = new double[s.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextGaussian();
    }
    return fromDoubles(values, s, dtype);
  }

  /**
   * Uniform samples in [low, high).
   *
   * @param random the generator to draw from
   * @param low the lower bound, included
   * @param high the upper bound, excluded; not below {@code low}
   * @param dtype the element type
   * @param shape the dimensions, outermost first; none for a 0-d tensor
   * @return a new tensor of samples
   * @throws IllegalArgumentException if {@code low} is above {@code high}
   */
  public static Tensor rand(RandomGenerator random, double low, double high, DType dtype, int... shape) {
    checkNotNull(random, "rand: random is null");
    checkNotNull(dtype, "rand: dtype is null");
    checkArgument(low <= high, "rand: low %s is above high %s", low, high);
    Shape s = Shape.of(shape);
    double[] values = new double[s.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = low + (high - low) * random.nextDouble();
    }
    return fromDoubles(values, s, dtype);
  }

  /**
   * 0, 1, …, n−1 as a float32 vector.
   *
   * @param n the number of elements, at least 0
   * @return a new FLOAT32 vector of shape [n]
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public static Tensor arange(int n) {
    checkArgument(n >= 0, "arange: the count must be at least 0, got %s", n);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = i;
    }
    return fromDoubles(values, Shape.of(n), DType.FLOAT32);
  }

  private static Tensor fromDoubles(double[] values, Shape s, DType dtype) {
    Object array = dtype.newArray(values.length);
    Kernels.convert(values, array, values.length);
    return wrap(s, dtype, array);
  }

  /**
   * Zeros of {@code t}'s shape and dtype (PyTorch's {@code zeros_like}); never requires grad.
   *
   * @param t the tensor whose shape and dtype to take
   * @return a new tensor of zeros
   */
  public static Tensor zerosLike(Tensor t) {
    checkNotNull(t, "zerosLike: tensor is null");
    return zeros(t.dtype, t.shape.dims());
  }

  /**
   * Ones of {@code t}'s shape and dtype (PyTorch's {@code ones_like}).
   *
   * @param t the tensor whose shape and dtype to take
   * @return a new tensor of ones
   */
  public static Tensor onesLike(Tensor t) {
    checkNotNull(t, "onesLike: tensor is null");
    return full(1, t.dtype, t.shape.dims());
  }

  /**
   * Joins tensors of one shape and dtype along a new dimension at {@code axis} (PyTorch's {@code
   * stack}): n tensors of shape [a, b] stacked at axis 0 make [n, a, b]. Differentiable in each.
   *
   * @param tensors at least one tensor, all of one shape and dtype
   * @param axis where the new dimension goes, in [−(rank + 1), rank + 1); negative axes count from
   *     the end
   * @return the stacked tensor, with the new dimension of size {@code tensors.size()} at
   *     {@code axis}
   * @throws IllegalArgumentException if the list is empty, the tensors differ in shape or dtype, or
   *     {@code axis} is out of range
   */
  public static Tensor stack(List<Tensor> tensors, int axis) {
    checkNotNull(tensors, "stack: the list is null");
    checkArgument(!tensors.isEmpty(), "stack: no tensors given");
    Tensor first = checkNotNull(tensors.get(0), "stack: tensor 0 is null");
    List<Tensor> parts = new ArrayList<>(tensors.size());
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = checkNotNull(tensors.get(i), "stack: tensor %s is null", i);
      checkArgument(
          t.shape.equals(first.shape) && t.dtype == first.dtype,
          "stack: tensor %s is %s %s but tensor 0 is %s %s; stacked tensors must have one shape and dtype",
          i, t.dtype, t.shape, first.dtype, first.shape);
      parts.add(t);
    }
    int r = first.rank() + 1;
    checkArgument(axis >= -r && axis < r, "stack: axis %s is out of range for %s tensors of shape %s",
        axis, tensors.size(), first.shape);
    int at = axis < 0 ? axis + r : axis;
    parts.replaceAll(t -> t.unsqueeze(at));
    return concat(parts, at);
  }

  /**
   * Concatenates tensors of one dtype along {@code axis}; all other dimensions must agree.
   *
   * @param tensors at least one tensor of rank 1 or more, all of one dtype
   * @param axis the dimension to join along; negative axes count from the end
   * @return the joined tensor, whose size along {@code axis} is the sum of the inputs' sizes
   * @throws IllegalArgumentException if the list is empty, the tensors are 0-d or differ in dtype
   *     or outside {@code axis}, or {@code axis} is out of range
   */
  public static Tensor concat(List<Tensor> tensors, int axis) {
    return Concat.apply(tensors, axis);
  }

  /**
   * Elementwise {@code condition != 0 ? a : b}, broadcasting all three; differentiable in a and b.
   *
   * @param condition nonzero where to take {@code a}; of the dtype of {@code a} and {@code b}
   * @param a the values where the condition holds
   * @param b the values elsewhere
   * @return a new tensor of the broadcast shape of all three
   */
  public static Tensor where(Tensor condition, Tensor a, Tensor b) {
    return Where.apply(condition, a, b);
  }

  // ---- facts ----------------------------------------------------------------------------------

  /**
   * Whether every element is close to {@code other}'s, broadcasting: |a − b| ≤ atol + rtol·|b|, as
   * PyTorch's {@code allclose}. NaN is never close (to NaN either); equal infinities are.
   *
   * @param other the tensor to compare with; broadcast against this one
   * @param rtol the relative tolerance, not negative
   * @param atol the absolute tolerance, not negative
   * @return true if every pair of elements is close
   * @throws IllegalArgumentException if a tolerance is negative or the shapes do not broadcast
   */
  public boolean allClose(Tensor other, double rtol, double atol) {
    checkNotNull(other, "allClose: other is null");
    checkArgument(rtol >= 0 && atol >= 0, "allClose: tolerances must not be negative, got rtol %s, atol %s",
        rtol, atol);
    Shape common = Shape.broadcast(shape, other.shape, "allClose");
    double[] a = expand(common.dims()).detach().toDoubleArray();
    double[] b = other.expand(common.dims()).detach().toDoubleArray();
    for (int i = 0; i < a.length; i++) {
      boolean close = a[i] == b[i] || Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]);
      if (!close) {
        return false;
      }
    }
    return true;
  }

  /**
   * The dimensions, as a fresh array.
   *
   * @return a copy of the dimensions, outermost first; changing it does not change the tensor
   */
  public int[] shape() {
    return shape.dims();
  }

  /**
   * The element type.
   *
   * @return FLOAT32 or FLOAT64
   */
  public DType dtype() {
    return dtype;
  }

  /**
   * The number of dimensions.
   *
   * @return the rank: 0 for a scalar, 1 for a vector, 2 for a matrix
   */
  public int rank() {
    return shape.rank();
  }

  /**
   * The size of dimension {@code axis}; negative axes count from the end.
   *
   * @param axis in [−rank, rank); −1 is the last dimension
   * @return the size of that dimension
   * @throws IllegalArgumentException if {@code axis} is out of range
   */
  public int dim(int axis) {
    return shape.dim(axis);
  }

  /**
   * The number of elements.
   *
   * @return the product of the dimensions: 1 for a 0-d tensor
   */
  public int size() {
    return shape.size();
  }

  /**
   * The value of a one-element tensor.
   *
   * @return the single element, as a double
   * @throws IllegalArgumentException if the tensor does not have exactly one element
   */
  public double item() {
    checkArgument(shape.size() == 1, "item: tensor of shape %s has %s elements, not 1", shape, shape.size());
    return flatGet(0);
  }

  /** The element at a flat row-major position. */
  double flatGet(int flat) {
    return storage.array instanceof float[] f ? f[flat] : ((double[]) storage.array)[flat];
  }

  /**
   * The element at the given index, one coordinate per dimension.
   *
   * @param index one coordinate per dimension, each in [0, size of that dimension)
   * @return the element, as a double
   * @throws IllegalArgumentException if the index has the wrong number of coordinates
   * @throws IndexOutOfBoundsException if a coordinate is out of bounds
   */
  public double get(int... index) {
    checkArgument(
        index.length == shape.rank(), "get: index %s has %s coordinates for shape %s",
        Arrays.toString(index), index.length, shape);
    int[] strides = shape.strides();
    int flat = 0;
    for (int i = 0; i < index.length; i++) {
      int n = shape.dim(i);
      if (index[i] < 0 || index[i] >= n) {
        throw new IndexOutOfBoundsException(
            String.format("get: index %s is out of bounds for shape %s", Arrays.toString(index), shape));
      }
      flat += index[i] * strides[i];
    }
    return flatGet(flat);
  }

  /**
   * A copy of the elements in row-major order, as float32.
   *
   * @return a new array of {@link #size()} elements
   */
  public float[] toFloatArray() {
    float[] out = new float[size()];
    Kernels.convert(storage.array, out, out.length);
    return out;
  }

  /**
   * A copy of the elements in row-major order, as float64.
   *
   * @return a new array of {@link #size()} elements
   */
  public double[] toDoubleArray() {
    double[] out = new double[size()];
    Kernels.convert(storage.array, out, out.length);
    return out;
  }

  /**
   * Copies the elements in row-major order into {@code dest} from {@code offset} on, as float32:
   * {@link #toFloatArray()} without the new array, for code that gathers many tensors into one
   * buffer (e.g. a model's gradients for an all-reduce).
   *
   * @param dest the array to write
   * @param offset where the first element goes
   * @throws IndexOutOfBoundsException if the {@link #size()} elements do not fit from {@code offset}
   */
  public void copyInto(float[] dest, int offset) {
    copyIntoArray(dest, offset);
  }

  /**
   * Copies the elements in row-major order into {@code dest} from {@code offset} on, as float64.
   *
   * @param dest the array to write
   * @param offset where the first element goes
   * @throws IndexOutOfBoundsException if the {@link #size()} elements do not fit from {@code offset}
   */
  public void copyInto(double[] dest, int offset) {
    copyIntoArray(dest, offset);
  }

  private void copyIntoArray(Object dest, int offset) {
    checkNotNull(dest, "copyInto: dest is null");
    checkRange("copyInto", java.lang.reflect.Array.getLength(dest), offset);
    Kernels.convert(storage.array, 0, dest, offset, size());
  }

  private void checkRange(String op, int length, int offset) {
    if (offset < 0 || offset > length - size()) {
      throw new IndexOutOfBoundsException(String.format(
          "%s: %s elements of a tensor of shape %s do not fit in an array of %s from offset %s",
          op, size(), shape, length, offset));
    }
  }

  // ---- the graph ------------------------------------------------------------------------------

  /**
   * Marks this leaf as one whose gradient backward should compute; returns this. Only leaves (tensors
   * no recorded operation made) can be marked.
   *
   * @param flag whether backward should compute this leaf's gradient
   * @return this tensor (PyTorch's {@code requires_grad_})
   * @throws IllegalStateException if a recorded operation made this tensor
   */
  public Tensor requiresGrad(boolean flag) {
    if (gradFn != null) {
      throw new IllegalStateException(
          "requiresGrad: only leaf tensors can be marked; this one was made by " + gradFn.name()
              + " (use detach() for a new leaf)");
    }
    requiresGrad = flag;
    return this;
  }

  /**
   * Whether gradients flow to this tensor: a marked leaf, or the result of a recorded operation.
   *
   * @return true for a marked leaf or the result of a recorded operation
   */
  public boolean requiresGrad() {
    return requiresGrad || gradFn != null;
  }

  /**
   * Whether no recorded operation made this tensor.
   *
   * @return false for the result of a recorded operation, true otherwise (including results
   *     computed while nothing was recorded)
   */
  public boolean isLeaf() {
    return gradFn == null;
  }

  /**
   * The name of the operation that made this tensor (e.g. "matmul"), or null for a leaf.
   *
   * @return the operation's name, or null for a leaf
   */
  public String gradFnName() {
    return gradFn == null ? null : gradFn.name();
  }

  /**
   * The accumulated gradient of a leaf (or of a tensor that called {@link #retainGrad()}), or null.
   *
   * @return the gradient, of this tensor's shape and dtype, or null when none has been accumulated
   */
  public Tensor grad() {
    return grad;
  }

  /** Forgets the accumulated gradient (it becomes null, as in PyTorch's default). */
  public void zeroGrad() {
    zeroGrad(true);
  }

  /**
   * Forgets the accumulated gradient ({@code setToNone}), or sets it to zeros in place, keeping its
   * array for the next backward to add into (PyTorch's {@code zero_grad(set_to_none=False)}): a
   * training loop then allocates no new gradient arrays. A gradient that is part of a recorded
   * graph is replaced by zeros rather than changed.
   *
   * @param setToNone true to forget the gradient, false to fill it with zeros
   */
  public synchronized void zeroGrad(boolean setToNone) {
    if (setToNone || grad == null) {
      grad = null;
    } else if (gradOwned) {
      Kernels.fill(grad.storage.array, 0, grad.size());
      grad.storage.version++;
    } else {
      grad = zeros(dtype, shape.dims());
      gradOwned = true;
    }
  }

  /**
   * A new leaf sharing this tensor's data, outside the graph.
   *
   * @return a tensor with this one's shape, dtype and data that does not require grad (PyTorch's
   *     {@code detach})
   */
  public Tensor detach() {
    return new Tensor(shape, dtype, storage);
  }

  /** Computes the gradient of this one-element tensor with respect to every leaf that requires it. */
  public void backward() {
    checkArgument(
        shape.size() == 1,
        "backward: a tensor of shape %s has %s elements; pass a gradient of that shape to backward(grad)",
        shape, shape.size());
    backward(full(1, dtype, shape.dims()), false);
  }

  /**
   * Backward seeded with {@code gradOutput} (the gradient of some scalar with respect to this
   * tensor).
   *
   * @param gradOutput the seed gradient, of this tensor's shape and dtype
   * @throws IllegalArgumentException if {@code gradOutput}'s shape or dtype differs from this
   *     tensor's
   * @throws IllegalStateException if this tensor does not require grad
   */
  public void backward(Tensor gradOutput) {
    backward(gradOutput, false);
  }

  /**
   * Backward seeded with {@code gradOutput}; with {@code retainGraph} the saved tensors are kept so
   * the graph can be differentiated again.
   *
   * @param gradOutput the seed gradient, of this tensor's shape and dtype
   * @param retainGraph whether to keep the saved tensors for another backward through this graph
   * @throws IllegalArgumentException if {@code gradOutput}'s shape or dtype differs from this
   *     tensor's
   * @throws IllegalStateException if this tensor does not require grad
   */
  public void backward(Tensor gradOutput, boolean retainGraph) {
    Node root = rootNode("backward");
    checkGradShape("backward", this, gradOutput);
    Engine.run(List.of(root), List.of(gradOutput), null, retainGraph, false);
  }

  Node rootNode(String op) {
    Node root = TensorAccess.gradEdge(this);
    if (root == null) {
      throw new IllegalStateException(
          op + ": the tensor does not require grad; mark a leaf with requiresGrad(true) before computing it");
    }
    return root;
  }

  static void checkGradShape(String op, Tensor output, Tensor grad) {
    if (!grad.shape.equals(output.shape) || grad.dtype != output.dtype) {
      throw new IllegalArgumentException(
          String.format(
              "%s: gradient %s %s does not match the output %s %s",
              op, grad.dtype, grad.shape, output.dtype, output.shape));
    }
  }

  /**
   * Registers a hook that runs when this tensor's gradient has been computed; it may return a
   * replacement (same shape and dtype) or null to keep the gradient as it is.
   *
   * @param hook receives the gradient and returns a replacement, or null to keep it
   * @return a handle that removes the hook
   * @throws IllegalStateException if this tensor does not require grad
   */
  public HookHandle registerHook(UnaryOperator<Tensor> hook) {
    Node node = TensorAccess.gradEdge(this);
    if (node == null) {
      throw new IllegalStateException("registerHook: the tensor does not require grad, so no gradient will reach it");
    }
    return new HookHandle(node.addHook(hook));
  }

  /**
   * Keeps the gradient of this non-leaf tensor in {@link #grad()}, accumulated by every later
   * {@code backward} as a leaf's is (after the tensor's hooks have run), and not by
   * {@link Autograd#grad}, which returns gradients instead. Asking twice is asking once; on a leaf
   * it does nothing, since a leaf keeps its gradient anyway.
   *
   * @return this tensor (PyTorch's {@code retain_grad})
   */
  public Tensor retainGrad() {
    if (gradFn != null) {
      gradFn.retainGradIn(this);
    }
    return this;
  }

  /** The leaf's sink, made once even when threads ask at the same time (they share the leaf). */
  Node accumulator() {
    Node node = accumulator;
    if (node == null) {
      synchronized (this) {
        node = accumulator;
        if (node == null) {
          accumulator = node = new AccumulateGrad(this);
        }
      }
    }
    return node;
  }

  /**
   * Adds a gradient that reached this tensor into {@link #grad()}. The first one is copied (unless a
   * createGraph pass records it, or the pass owns it alone and hands it over), so that no later
   * in-place update can alias another tensor's grad. Later ones are added into that gradient in
   * place, as PyTorch does, when this tensor owns it; a createGraph pass records a new sum instead.
   * Atomic: passes on several threads may end in the same leaf.
   */
  void accumulateGrad(Tensor g) {
    accumulateGrad(g, false);
  }

  synchronized void accumulateGrad(Tensor g, boolean exclusive) {
    boolean recording = GradMode.isEnabled();
    if (grad == null) {
      grad = recording || exclusive ? g : g.copyData();
      gradOwned = !recording;
    } else if (!recording && gradOwned) {
      Kernels.axpy(1, g.storage.array, grad.storage.array, grad.size());
      grad.storage.version++;
    } else {
      grad = grad.add(g);
      gradOwned = !recording;
    }
  }

  /** {@code out}, unless anomaly detection is on and {@code op} made NaN or infinity from finite inputs. */
  static Tensor watch(String op, Tensor out, Tensor a) {
    return Anomaly.checksForward() ? Anomaly.checkForward(op, out, a) : out;
  }

  static Tensor watch(String op, Tensor out, Tensor a, Tensor b) {
    return Anomaly.checksForward() ? Anomaly.checkForward(op, out, a, b) : out;
  }

  static Tensor watch(String op, Tensor out, Tensor a, Tensor b, Tensor c) {
    return Anomaly.checksForward() ? Anomaly.checkForward(op, out, a, b, c) : out;
  }

  /** A copy in a new array of its own: it becomes a gradient that outlives the pass (never pooled). */
  private Tensor copyData() {
    Object array = dtype.newArray(size());
    System.arraycopy(storage.array, 0, array, 0, size());
    return wrap(shape, dtype, array);
  }

  // ---- elementwise ----------------------------------------------------------------------------

  /**
   * Elementwise {@code this + other}, broadcasting.
   *
   * @param other the other operand, of this dtype; broadcast against this tensor
   * @return the sum, of the broadcast shape
   */
  public Tensor add(Tensor other) {
    return watch("add", Add.apply(this, other), this, other);
  }

  /**
   * Adds {@code v} to every element.
   *
   * @param v the number to add
   * @return the sum, of this tensor's shape and dtype
   */
  public Tensor add(double v) {
    return add(scalar(v, dtype));
  }

  /**
   * Elementwise {@code this - other}, broadcasting.
   *
   * @param other the other operand, of this dtype; broadcast against this tensor
   * @return the difference, of the broadcast shape
   */
  public Tensor sub(Tensor other) {
    return watch("sub", Sub.apply(this, other), this, other);
  }

  /**
   * Subtracts {@code v} from every element.
   *
   * @param v the number to subtract
   * @return the difference, of this tensor's shape and dtype
   */
  public Tensor sub(double v) {
    return sub(scalar(v, dtype));
  }

  /**
   * Elementwise {@code this * other}, broadcasting.
   *
   * @param other the other operand, of this dtype; broadcast against this tensor
   * @return the product, of the broadcast shape
   */
  public Tensor mul(Tensor other) {
    return watch("mul", Mul.apply(this, other), this, other);
  }

  /**
   * Multiplies every element by {@code v}.
   *
   * @param v the factor
   * @return the product, of this tensor's shape and dtype
   */
  public Tensor mul(double v) {
    return mul(scalar(v, dtype));
  }

  /**
   * Elementwise {@code this / other}, broadcasting.
   *
   * @param other the other operand, of this dtype; broadcast against this tensor
   * @return the quotient, of the broadcast shape
   */
  public Tensor div(Tensor other) {
    return watch("div", Div.apply(this, other), this, other);
  }

  /**
   * Divides every element by {@code v}.
   *
   * @param v the divisor
   * @return the quotient, of this tensor's shape and dtype
   */
  public Tensor div(double v) {
    return div(scalar(v, dtype));
  }

  /**
   * Elementwise this^exponent; the gradient in the exponent needs a positive base.
   *
   * @param exponent the exponents, of this dtype; broadcast against this tensor
   * @return the powers, of the broadcast shape
   */
  public Tensor pow(Tensor exponent) {
    return watch("pow", Pow.apply(this, exponent), this, exponent);
  }

  /**
   * Elementwise this^exponent for a constant exponent.
   *
   * @param exponent the exponent
   * @return the powers, of this tensor's shape
   */
  public Tensor pow(double exponent) {
    return watch("pow", PowScalar.apply(this, exponent), this);
  }

  /**
   * Elementwise −x.
   *
   * @return the negated elements, of this tensor's shape
   */
  public Tensor neg() {
    return Neg.apply(this);
  }

  /**
   * Elementwise eˣ.
   *
   * @return eˣ per element, of this tensor's shape
   */
  public Tensor exp() {
    return watch("exp", Exp.apply(this), this);
  }

  /**
   * Elementwise natural logarithm, ln x.
   *
   * @return ln x per element, of this tensor's shape
   */
  public Tensor log() {
    return watch("log", Log.apply(this), this);
  }

  /**
   * Elementwise square root, √x.
   *
   * @return √x per element, of this tensor's shape
   */
  public Tensor sqrt() {
    return watch("sqrt", Sqrt.apply(this), this);
  }

  /**
   * |x|; its subgradient at 0 is 0.
   *
   * @return |x| per element, of this tensor's shape
   */
  public Tensor abs() {
    return Abs.apply(this);
  }

  /**
   * Elementwise hyperbolic tangent.
   *
   * @return tanh x per element, of this tensor's shape
   */
  public Tensor tanh() {
    return watch("tanh", Tanh.apply(this), this);
  }

  /**
   * ln(1 + x), accurate for small x.
   *
   * @return ln(1 + x) per element, of this tensor's shape
   */
  public Tensor log1p() {
    return watch("log1p", Log1p.apply(this), this);
  }

  /**
   * sin x, with StrictMath's bits (the same on every CPU, compiled or not).
   *
   * @return sin x per element, of this tensor's shape
   */
  public Tensor sin() {
    return Sin.apply(this);
  }

  /**
   * cos x, with StrictMath's bits.
   *
   * @return cos x per element, of this tensor's shape
   */
  public Tensor cos() {
    return Cos.apply(this);
  }

  /**
   * ln(1 + eˣ), without overflow; its derivative is σ(x).
   *
   * @return ln(1 + eˣ) per element, of this tensor's shape
   */
  public Tensor softplus() {
    return Softplus.apply(this);
  }

  /**
   * The elementwise maximum, broadcasting (PyTorch's {@code maximum}): NaN where either is NaN; the
   * gradient goes to the larger input, half to each where they tie.
   *
   * @param other the other operand, of this dtype; broadcast against this tensor
   * @return the larger of each pair, of the broadcast shape
   */
  public Tensor maximum(Tensor other) {
    return Maximum.apply(this, other, false);
  }

  /**
   * The elementwise minimum, broadcasting; see {@link #maximum}.
   *
   * @param other the other operand, of this dtype; broadcast against this tensor
   * @return the smaller of each pair, of the broadcast shape
   */
  public Tensor minimum(Tensor other) {
    return Maximum.apply(this, other, true);
  }

  /**
   * Elementwise logistic sigmoid, σ(x) = 1 / (1 + e⁻ˣ).
   *
   * @return σ(x) per element, in (0, 1), of this tensor's shape
   */
  public Tensor sigmoid() {
    return watch("sigmoid", Sigmoid.apply(this), this);
  }

  /**
   * max(x, 0); its subgradient at 0 is 0.
   *
   * @return max(x, 0) per element, of this tensor's shape
   */
  public Tensor relu() {
    return Relu.apply(this);
  }

  /**
   * x for x > 0, slope·x otherwise; its subgradient at 0 is slope.
   *
   * @param slope the factor applied to elements not above 0 (usually 0.01)
   * @return the result per element, of this tensor's shape
   */
  public Tensor leakyRelu(double slope) {
    return LeakyRelu.apply(this, slope);
  }

  /**
   * min(max(x, low), high); the gradient passes where low ≤ x ≤ high (boundaries included).
   *
   * @param low the least value of the result
   * @param high the greatest value of the result; not below {@code low}
   * @return each element limited to [low, high], of this tensor's shape
   * @throws IllegalArgumentException if {@code low} is above {@code high}
   */
  public Tensor clamp(double low, double high) {
    return Clamp.apply(this, low, high);
  }

  /**
   * A copy in another dtype (differentiable), or this tensor when it already has that dtype.
   *
   * @param target the dtype to convert to
   * @return a tensor of that dtype with the same shape and values (rounded to float32 when
   *     narrowing)
   */
  public Tensor to(DType target) {
    checkNotNull(target, "to: dtype is null");
    return target == dtype ? this : watch("to", Cast.apply(this, target), this);
  }

  /**
   * -1, 0 or 1 per element; not differentiable (its gradient is zero).
   *
   * @return -1, 0 or 1 per element, in this dtype, of this tensor's shape
   */
  public Tensor sign() {
    return NonDifferentiable.sign(this);
  }

  // Comparisons: 1 where the relation holds, 0 elsewhere, in this tensor's dtype; not differentiable.

  /**
   * Elementwise {@code this == other}, broadcasting; not differentiable.
   *
   * @param other the tensor to compare with, of this dtype; broadcast against this tensor
   * @return 1 where {@code this == other} and 0 elsewhere, in this dtype, of the broadcast shape
   */
  public Tensor eq(Tensor other) {
    return NonDifferentiable.compare(BinaryOp.EQ, this, other);
  }

  /**
   * Elementwise {@code this > other}, broadcasting; not differentiable.
   *
   * @param other the tensor to compare with, of this dtype; broadcast against this tensor
   * @return 1 where {@code this > other} and 0 elsewhere, in this dtype, of the broadcast shape
   */
  public Tensor gt(Tensor other) {
    return NonDifferentiable.compare(BinaryOp.GT, this, other);
  }

  /**
   * Elementwise {@code this > v}; not differentiable.
   *
   * @param v the number to compare with
   * @return 1 where {@code this > v} and 0 elsewhere, in this dtype, of this tensor's shape
   */
  public Tensor gt(double v) {
    return gt(scalar(v, dtype));
  }

  /**
   * Elementwise {@code this >= other}, broadcasting; not differentiable.
   *
   * @param other the tensor to compare with, of this dtype; broadcast against this tensor
   * @return 1 where {@code this >= other} and 0 elsewhere, in this dtype, of the broadcast shape
   */
  public Tensor ge(Tensor other) {
    return NonDifferentiable.compare(BinaryOp.GE, this, other);
  }

  /**
   * Elementwise {@code this >= v}; not differentiable.
   *
   * @param v the number to compare with
   * @return 1 where {@code this >= v} and 0 elsewhere, in this dtype, of this tensor's shape
   */
  public Tensor ge(double v) {
    return ge(scalar(v, dtype));
  }

  /**
   * Elementwise {@code this < other}, broadcasting; not differentiable.
   *
   * @param other the tensor to compare with, of this dtype; broadcast against this tensor
   * @return 1 where {@code this < other} and 0 elsewhere, in this dtype, of the broadcast shape
   */
  public Tensor lt(Tensor other) {
    return NonDifferentiable.compare(BinaryOp.LT, this, other);
  }

  /**
   * Elementwise {@code this < v}; not differentiable.
   *
   * @param v the number to compare with
   * @return 1 where {@code this < v} and 0 elsewhere, in this dtype, of this tensor's shape
   */
  public Tensor lt(double v) {
    return lt(scalar(v, dtype));
  }

  /**
   * Elementwise {@code this <= other}, broadcasting; not differentiable.
   *
   * @param other the tensor to compare with, of this dtype; broadcast against this tensor
   * @return 1 where {@code this <= other} and 0 elsewhere, in this dtype, of the broadcast shape
   */
  public Tensor le(Tensor other) {
    return NonDifferentiable.compare(BinaryOp.LE, this, other);
  }

  /**
   * Elementwise {@code this <= v}; not differentiable.
   *
   * @param v the number to compare with
   * @return 1 where {@code this <= v} and 0 elsewhere, in this dtype, of this tensor's shape
   */
  public Tensor le(double v) {
    return le(scalar(v, dtype));
  }

  // ---- reductions -----------------------------------------------------------------------------

  /**
   * The sum of all elements, as a 0-d tensor.
   *
   * @return the sum of all elements, as a 0-d tensor
   */
  public Tensor sum() {
    return watch("sum", Sum.apply(this, allAxes(), false), this);
  }

  /**
   * The sum along an axis (PyTorch's {@code sum(dim, keepdim)}).
   *
   * @param axis the axis to reduce; negative axes count from the end
   * @param keepDim whether to keep the reduced axis, with size 1
   * @return the sums along {@code axis}
   */
  public Tensor sum(int axis, boolean keepDim) {
    return watch("sum", Sum.apply(this, new int[] {axis}, keepDim), this);
  }

  /**
   * The sum over several axes.
   *
   * @param axes the axes to reduce, each at most once; negative axes count from the end
   * @param keepDim whether to keep the reduced axes, with size 1
   * @return the sums over {@code axes}
   */
  public Tensor sum(int[] axes, boolean keepDim) {
    return watch("sum", Sum.apply(this, axes, keepDim), this);
  }

  /**
   * The mean of all elements; NaN for an empty tensor, as in PyTorch.
   *
   * @return the mean of all elements, as a 0-d tensor
   */
  public Tensor mean() {
    return sum().div(size());
  }

  /**
   * The mean along an axis (PyTorch's {@code mean(dim, keepdim)}).
   *
   * @param axis the axis to reduce; negative axes count from the end
   * @param keepDim whether to keep the reduced axis, with size 1
   * @return the means along {@code axis}
   */
  public Tensor mean(int axis, boolean keepDim) {
    int a = shape.normalizeAxis(axis, "mean");
    return sum(a, keepDim).div(shape.dim(a));
  }

  /**
   * The largest element; the gradient is shared equally among tied maxima.
   *
   * @return the largest element, as a 0-d tensor
   * @throws IllegalArgumentException if the tensor is empty
   */
  public Tensor max() {
    return Max.apply(this, null, false);
  }

  /**
   * The largest element along an axis; the gradient is shared equally among tied maxima.
   *
   * @param axis the axis to reduce; negative axes count from the end
   * @param keepDim whether to keep the reduced axis, with size 1
   * @return the largest element along {@code axis} for each other position
   */
  public Tensor max(int axis, boolean keepDim) {
    return Max.apply(this, axis, keepDim);
  }

  /**
   * The smallest element; the gradient is shared equally among tied minima.
   *
   * @return the smallest element, as a 0-d tensor
   * @throws IllegalArgumentException if the tensor is empty
   */
  public Tensor min() {
    checkArgument(size() > 0, "min: cannot take the minimum of an empty tensor of shape %s", shape);
    return neg().max().neg();
  }

  /**
   * The smallest element along an axis; the gradient is shared equally among tied minima.
   *
   * @param axis the axis to reduce; negative axes count from the end
   * @param keepDim whether to keep the reduced axis, with size 1
   * @return the smallest element along {@code axis} for each other position
   * @throws IllegalArgumentException if {@code axis} is out of range or of length 0
   */
  public Tensor min(int axis, boolean keepDim) {
    int a = shape.normalizeAxis(axis, "min");
    checkArgument(
        shape.dim(a) > 0, "min: cannot take the minimum along axis %s of length 0 (shape %s)", axis, shape);
    return neg().max(a, keepDim).neg();
  }

  /**
   * The index of the largest element along an axis (the first of ties), for each other position.
   *
   * @param axis the axis to search; negative axes count from the end
   * @return one index in [0, dim(axis)) per position of the other dimensions, in row-major order
   * @throws IllegalArgumentException if {@code axis} is out of range or of length 0
   */
  public int[] argmax(int axis) {
    return Argmax.apply(this, axis);
  }

  /**
   * {@link #argmax(int)} as a tensor of this dtype (PyTorch's {@code argmax(dim, keepdim)}, whose
   * result is int64; indices are exact in float32 up to 2²⁴). Not differentiable.
   *
   * @param axis the axis to search; negative axes count from the end
   * @param keepDim whether to keep the reduced axis, with size 1
   * @return the indices as numbers of this dtype, of this shape with {@code axis} kept at size 1 or
   *     removed
   * @throws IllegalArgumentException if {@code axis} is out of range or of length 0
   */
  public Tensor argmax(int axis, boolean keepDim) {
    int a = shape.normalizeAxis(axis, "argmax");
    int[] index = Argmax.apply(this, a);
    double[] values = new double[index.length];
    for (int i = 0; i < index.length; i++) {
      values[i] = index[i];
    }
    int[] dims = shape.dims();
    dims[a] = 1;
    Tensor kept = fromDoubles(values, Shape.of(dims), dtype);
    return keepDim ? kept : kept.squeeze(a);
  }

  /**
   * ln Σ exp(x) along an axis, without overflow (PyTorch's {@code logsumexp}); its gradient is the
   * softmax.
   *
   * @param axis the axis to reduce; negative axes count from the end
   * @param keepDim whether to keep the reduced axis, with size 1
   * @return ln Σ exp(x) along {@code axis} for each other position
   */
  public Tensor logSumExp(int axis, boolean keepDim) {
    return LogSumExp.apply(this, axis, keepDim);
  }

  /**
   * The variance along an axis, unbiased (divided by n − 1), as PyTorch's {@code var}.
   *
   * @param axis the axis to reduce; negative axes count from the end
   * @param keepDim whether to keep the reduced axis, with size 1
   * @return the variances along {@code axis} for each other position
   */
  public Tensor var(int axis, boolean keepDim) {
    int a = shape.normalizeAxis(axis, "var");
    Tensor centered = sub(mean(a, true));
    return centered.mul(centered).sum(a, keepDim).div(shape.dim(a) - 1);
  }

  /**
   * The standard deviation along an axis, unbiased: the square root of {@link #var}.
   *
   * @param axis the axis to reduce; negative axes count from the end
   * @param keepDim whether to keep the reduced axis, with size 1
   * @return the standard deviations along {@code axis} for each other position
   */
  public Tensor std(int axis, boolean keepDim) {
    shape.normalizeAxis(axis, "std");
    return var(axis, keepDim).sqrt();
  }

  /**
   * Sums this tensor down to {@code target}, a shape that broadcasts to this one: the inverse of
   * broadcasting, as the engine uses it for gradients.
   *
   * @param target the dimensions to sum down to; they must broadcast to this shape
   * @return the sums, of shape {@code target}
   */
  public Tensor sumToSize(int... target) {
    return Sum.toSize(this, Shape.of(target));
  }

  private int[] allAxes() {
    int[] axes = new int[rank()];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i;
    }
    return axes;
  }

  // ---- layout ---------------------------------------------------------------------------------

  /**
   * The matrix product, broadcasting over leading batch dimensions; a 1-D operand is treated as a
   * row (left) or column (right) vector and that dimension is dropped from the result, as in numpy.
   *
   * @param other the right operand, of this dtype
   * @return the product (PyTorch's {@code matmul})
   */
  public Tensor matmul(Tensor other) {
    return watch("matmul", MatMul.matmul(this, other), this, other);
  }

  /**
   * Swaps the last two dimensions; tensors of rank below 2 are returned as they are.
   *
   * @return the transposed tensor, or this tensor when its rank is below 2
   */
  public Tensor transpose() {
    return rank() < 2 ? this : transpose(-2, -1);
  }

  /**
   * Swaps two dimensions (PyTorch's {@code transpose(dim0, dim1)}).
   *
   * @param axis1 one dimension; negative axes count from the end
   * @param axis2 the other dimension; negative axes count from the end
   * @return a tensor with the two dimensions swapped
   */
  public Tensor transpose(int axis1, int axis2) {
    int[] order = allAxes();
    int a = shape.normalizeAxis(axis1, "transpose");
    int b = shape.normalizeAxis(axis2, "transpose");
    order[a] = b;
    order[b] = a;
    return permute(order);
  }

  /**
   * Reorders the dimensions: dimension i of the result is dimension order[i] of this tensor.
   *
   * @param order each dimension of this tensor once; negative axes count from the end
   * @return the tensor with its dimensions reordered
   */
  public Tensor permute(int... order) {
    return Permute.apply(this, order);
  }

  /**
   * The same elements in another shape; one dimension may be -1 to be inferred.
   *
   * @param newShape the new dimensions, holding as many elements as this tensor; one may be -1
   * @return a tensor of shape {@code newShape} sharing this tensor's data
   */
  public Tensor reshape(int... newShape) {
    return Reshape.apply(this, newShape);
  }

  /**
   * Inserts a dimension of size 1 at {@code axis}.
   *
   * @param axis where the new dimension goes, in [−(rank + 1), rank + 1); negative axes count from
   *     the end
   * @return a tensor one rank higher, sharing this tensor's data
   * @throws IllegalArgumentException if {@code axis} is out of range
   */
  public Tensor unsqueeze(int axis) {
    int[] dims = shape.dims();
    int r = dims.length + 1;
    checkArgument(axis >= -r && axis < r, "unsqueeze: axis %s is out of range for shape %s", axis, shape);
    int at = axis < 0 ? axis + r : axis;
    int[] out = new int[r];
    for (int i = 0, j = 0; i < r; i++) {
      out[i] = i == at ? 1 : dims[j++];
    }
    return reshape(out);
  }

  /**
   * Removes dimension {@code axis} if its size is 1; otherwise returns this tensor, as PyTorch
   * does.
   *
   * @param axis the dimension to remove; negative axes count from the end
   * @return a tensor one rank lower sharing this tensor's data, or this tensor
   */
  public Tensor squeeze(int axis) {
    int a = shape.normalizeAxis(axis, "squeeze");
    if (shape.dim(a) != 1) {
      return this;
    }
    int[] dims = shape.dims();
    int[] out = new int[dims.length - 1];
    for (int i = 0, j = 0; i < dims.length; i++) {
      if (i != a) {
        out[j++] = dims[i];
      }
    }
    return reshape(out);
  }

  /**
   * All elements in one dimension (a 0-d tensor becomes one element), sharing this tensor's data.
   *
   * @return a vector of {@link #size()} elements
   */
  public Tensor flatten() {
    return reshape(size());
  }

  /**
   * Repeats dimensions of size 1 (and adds leading ones) to reach {@code newShape}.
   *
   * @param newShape the dimensions to reach; this shape must broadcast to it
   * @return a new tensor of shape {@code newShape}
   */
  public Tensor expand(int... newShape) {
    return Expand.apply(this, newShape);
  }

  /**
   * Elements [start, end) along {@code axis}.
   *
   * @param axis the dimension to slice; negative axes count from the end
   * @param start the first index kept, at least 0
   * @param end the index after the last one kept, between {@code start} and the size of
   *     {@code axis}
   * @return a new tensor whose size along {@code axis} is {@code end - start}
   */
  public Tensor slice(int axis, int start, int end) {
    return Slice.apply(this, axis, start, end);
  }

  /**
   * exp(x) / Σ exp(x) along an axis, computed stably (PyTorch's {@code softmax}).
   *
   * @param axis the axis to normalize over; negative axes count from the end
   * @return values in [0, 1] that sum to 1 along {@code axis}, of this tensor's shape
   */
  public Tensor softmax(int axis) {
    return watch("softmax", Softmax.apply(this, axis), this);
  }

  /**
   * log(softmax(x)), computed stably as x − max − log Σ exp(x − max).
   *
   * @param axis the axis to normalize over; negative axes count from the end
   * @return the log-probabilities, of this tensor's shape
   */
  public Tensor logSoftmax(int axis) {
    return watch("logSoftmax", LogSoftmax.apply(this, axis), this);
  }

  /**
   * Picks one element along {@code axis} for every other position, dropping the axis: with this of
   * shape [N, C] and axis 1, {@code index} holds N class indices and the result has shape [N].
   * Differentiable in this. (PyTorch's {@code gather} keeps the axis and takes an index tensor:
   * {@code x.gather(1, idx.unsqueeze(1)).squeeze(1)} is {@code x.pick(1, idx)}.)
   *
   * @param axis the dimension to pick along, and drop; negative axes count from the end
   * @param index one index into {@code axis} per position of the other dimensions, in row-major
   *     order
   * @return the picked elements, of this shape without {@code axis}
   */
  public Tensor pick(int axis, int[] index) {
    return Pick.apply(this, axis, index);
  }

  // ---- in-place updates, for optimizers -------------------------------------------------------

  /**
   * this += alpha · other, in place (other broadcasts to this shape). Gradients must be off or this
   * a plain tensor.
   *
   * @param other the tensor to add, of this dtype; it must broadcast to this shape
   * @param alpha the factor applied to {@code other}
   * @return this tensor
   * @throws IllegalArgumentException if the dtypes differ or {@code other} does not broadcast to
   *     this shape
   * @throws IllegalStateException if this tensor requires grad and gradient mode is on
   */
  public Tensor addInPlace(Tensor other, double alpha) {
    checkInPlace("addInPlace", other);
    Tensor source = other.shape.equals(shape) ? other : other.expand(shape.dims());
    Kernels.axpy(alpha, source.storage.array, storage.array, size());
    storage.version++;
    return this;
  }

  /**
   * this += other, in place (other broadcasts to this shape).
   *
   * @param other the tensor to add, of this dtype; it must broadcast to this shape
   * @return this tensor
   * @throws IllegalArgumentException if the dtypes differ or {@code other} does not broadcast to
   *     this shape
   * @throws IllegalStateException if this tensor requires grad and gradient mode is on
   */
  public Tensor addInPlace(Tensor other) {
    return addInPlace(other, 1);
  }

  /**
   * this *= factor, in place.
   *
   * @param factor the number to multiply every element by
   * @return this tensor
   * @throws IllegalStateException if this tensor requires grad and gradient mode is on
   */
  public Tensor mulInPlace(double factor) {
    checkInPlace("mulInPlace", this);
    Kernels.affine(storage.array, factor, 0, storage.array, size());
    storage.version++;
    return this;
  }

  /**
   * Overwrites this tensor's elements with other's (other broadcasts to this shape).
   *
   * @param other the tensor to copy, of this dtype; it must broadcast to this shape
   * @return this tensor
   * @throws IllegalArgumentException if the dtypes differ or {@code other} does not broadcast to
   *     this shape
   * @throws IllegalStateException if this tensor requires grad and gradient mode is on
   */
  public Tensor copyFrom(Tensor other) {
    checkInPlace("copyFrom", other);
    Tensor source = other.shape.equals(shape) ? other : other.expand(shape.dims());
    System.arraycopy(source.storage.array, 0, storage.array, 0, size());
    storage.version++;
    return this;
  }

  /**
   * Overwrites this tensor's elements, in row-major order, with {@link #size()} values of {@code
   * source} from {@code offset} on, converted to this dtype: the in-place counterpart of {@link
   * #copyInto(float[], int)}, under the rules of {@link #copyFrom(Tensor)}.
   *
   * @param source the values
   * @param offset where the first value is
   * @return this tensor
   * @throws IndexOutOfBoundsException if {@code source} holds fewer than {@link #size()} values from
   *     {@code offset}
   * @throws IllegalStateException if this tensor requires grad and gradient mode is on
   */
  public Tensor copyFrom(float[] source, int offset) {
    return copyFromArray(source, offset);
  }

  /**
   * Overwrites this tensor's elements with {@link #size()} values of {@code source} from {@code
   * offset} on, converted to this dtype, under the rules of {@link #copyFrom(Tensor)}.
   *
   * @param source the values
   * @param offset where the first value is
   * @return this tensor
   * @throws IndexOutOfBoundsException if {@code source} holds fewer than {@link #size()} values from
   *     {@code offset}
   * @throws IllegalStateException if this tensor requires grad and gradient mode is on
   */
  public Tensor copyFrom(double[] source, int offset) {
    return copyFromArray(source, offset);
  }

  private Tensor copyFromArray(Object source, int offset) {
    checkNotNull(source, "copyFrom: source is null");
    checkWritable("copyFrom");
    checkRange("copyFrom", java.lang.reflect.Array.getLength(source), offset);
    Kernels.convert(source, offset, storage.array, 0, size());
    storage.version++;
    return this;
  }

  /**
   * Replaces this leaf's values, and its dtype, with a copy of {@code values} of the same shape,
   * outside the graph (PyTorch's {@code p.data = values}): how a module converts its parameters to
   * another dtype while optimizers and layers keep referring to the same tensors. The gradient is
   * dropped. Views made earlier (reshape, detach) keep the old values. Refused on a tensor made by a
   * recorded operation, and on a tensor that requires grad unless inside {@link Autograd#noGrad()}.
   *
   * @param values the new values, of this tensor's shape and of any dtype
   * @return this tensor
   * @throws IllegalArgumentException if the shapes differ
   * @throws IllegalStateException if a recorded operation made this tensor, or it requires grad and
   *     gradient mode is on
   */
  public Tensor setData(Tensor values) {
    checkNotNull(values, "setData: values is null");
    if (gradFn != null) {
      throw new IllegalStateException("setData: only a leaf's data can be replaced; this tensor was made by "
          + gradFn.name());
    }
    if (GradMode.isEnabled() && requiresGrad()) {
      throw new IllegalStateException(
          "setData: a tensor that requires grad can only be changed inside Autograd.noGrad()");
    }
    checkArgument(values.shape.equals(shape), "setData: values of shape %s for a tensor of shape %s",
        values.shape, shape);
    Object copy = values.dtype.newArray(size());
    System.arraycopy(values.storage.array, 0, copy, 0, size());
    Storage replaced = new Storage(copy);
    replaced.version = storage.version + 1; // a graph that saved the old values notices, as after addInPlace
    synchronized (this) {
      storage = replaced;
      dtype = values.dtype;
      grad = null;
    }
    return this;
  }

  private void checkWritable(String op) {
    if (GradMode.isEnabled() && requiresGrad()) {
      throw new IllegalStateException(
          op + ": a tensor that requires grad can only be updated in place inside Autograd.noGrad()");
    }
  }

  private void checkInPlace(String op, Tensor other) {
    checkWritable(op);
    if (other.dtype != dtype) {
      throw new IllegalArgumentException(
          String.format("%s: dtype mismatch %s %s and %s %s", op, dtype, shape, other.dtype, other.shape));
    }
    if (!other.shape.broadcastsTo(shape)) {
      throw new IllegalArgumentException(
          String.format("%s: shape %s cannot be broadcast to %s", op, other.shape, shape));
    }
  }

  /** Tensors with more elements than this print summarized: 3 entries each side of "...". */
  private static final int PRINT_THRESHOLD = 1000;

  private static final int PRINT_EDGE = 3;

  /**
   * The elements as nested rows, the way PyTorch prints them: one row of the last dimension per
   * line, one common format (whole numbers as "2.", else 4 decimals, else scientific when the
   * magnitudes call for it), and large tensors summarized with "..." (more than 1,000 elements: 3
   * entries at each end of every dimension). The dtype is named unless it is FLOAT32.
   *
   * <pre>{@code
   * tensor([[ 0.1000, -2.5000],
   *         [ 3.0000,  4.0000]], requiresGrad=true)
   * }</pre>
   */
  @Override
  public String toString() {
    boolean summarize = size() > PRINT_THRESHOLD;
    List<Double> shown = new ArrayList<>();
    collect(0, 0, summarize, shown);
    String[] format = numberFormat(shown);
    int width = 0;
    for (double v : shown) {
      width = Math.max(width, formatNumber(v, format).length());
    }
    StringBuilder sb = new StringBuilder("tensor(");
    if (size() == 0) {
      sb.append("[]");
    } else {
      appendNested(sb, 0, 0, summarize, format, width, "tensor(".length());
    }
    if (dtype != DType.FLOAT32) {
      sb.append(", dtype=").append(dtype);
    }
    if (size() == 0 && rank() != 1) {
      sb.append(", shape=").append(shape); // "[]" alone would not say which empty shape
    }
    if (gradFn != null) {
      sb.append(", gradFn=").append(gradFn.name());
    } else if (requiresGrad) {
      sb.append(", requiresGrad=true");
    }
    return sb.append(')').toString();
  }

  /** The indices printed along dimension {@code axis}: all, or 3 at each end when summarizing. */
  private int[] printedIndices(int axis, boolean summarize) {
    int n = shape.dim(axis);
    if (!summarize || n <= 2 * PRINT_EDGE) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      return all;
    }
    int[] ends = new int[2 * PRINT_EDGE];
    for (int i = 0; i < PRINT_EDGE; i++) {
      ends[i] = i;
      ends[PRINT_EDGE + i] = n - PRINT_EDGE + i;
    }
    return ends;
  }

  private void collect(int axis, int offset, boolean summarize, List<Double> out) {
    if (axis == rank()) {
      out.add(flatGet(offset));
      return;
    }
    int stride = shape.strides()[axis];
    for (int i : printedIndices(axis, summarize)) {
      collect(axis + 1, offset + i * stride, summarize, out);
    }
  }

  private void appendNested(
      StringBuilder sb, int axis, int offset, boolean summarize, String[] format, int width, int indent) {
    if (axis == rank()) {
      String text = formatNumber(flatGet(offset), format);
      sb.append(" ".repeat(width - text.length())).append(text);
      return;
    }
    int[] indices = printedIndices(axis, summarize);
    int stride = shape.strides()[axis];
    boolean gap = indices.length < shape.dim(axis);
    sb.append('[');
    for (int k = 0; k < indices.length; k++) {
      if (k > 0) {
        sb.append(',');
        if (axis == rank() - 1) {
          sb.append(' ');
        } else {
          sb.append("\n".repeat(rank() - axis - 1)).append(" ".repeat(indent + axis + 1));
        }
      }
      if (gap && k == PRINT_EDGE) {
        sb.append("...,");
        sb.append(axis == rank() - 1 ? " " : "\n".repeat(rank() - axis - 1) + " ".repeat(indent + axis + 1));
      }
      appendNested(sb, axis + 1, offset + indices[k] * stride, summarize, format, width, indent);
    }
    sb.append(']');
  }

  /** One format for every printed number: {"int"}, {"fixed"} or {"sci"}. */
  private static String[] numberFormat(List<Double> values) {
    boolean whole = true;
    double maxAbs = 0;
    double minAbs = Double.POSITIVE_INFINITY;
    for (double v : values) {
      if (!Double.isFinite(v)) {
        continue;
      }
      whole &= v == Math.rint(v);
      maxAbs = Math.max(maxAbs, Math.abs(v));
      if (v != 0) {
        minAbs = Math.min(minAbs, Math.abs(v));
      }
    }
    if (whole && maxAbs < 1e8) {
      return new String[] {"int"};
    }
    if (maxAbs >= 1e8 || minAbs < 1e-4 || maxAbs / minAbs > 1000) {
      return new String[] {"sci"};
    }
    return new String[] {"fixed"};
  }

  private static String formatNumber(double v, String[] format) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return switch (format[0]) {
      case "int" -> String.format(java.util.Locale.ROOT, "%.0f.", v);
      case "sci" -> String.format(java.util.Locale.ROOT, "%.4e", v);
      default -> String.format(java.util.Locale.ROOT, "%.4f", v);
    };
  }

  /** Gives the ops and the engine what the public surface does not. */
  private static final class Internals implements TensorAccess.Impl {
    @Override
    public Object data(Tensor t) {
      return t.storage.array;
    }

    @Override
    public Shape shape(Tensor t) {
      return t.shape;
    }

    @Override
    public Tensor create(Shape shape, DType dtype, Object data) {
      return wrap(shape, dtype, data);
    }

    @Override
    public Tensor view(Tensor base, Shape shape) {
      return new Tensor(shape, base.dtype, base.storage);
    }

    @Override
    public Node gradEdge(Tensor t) {
      if (t.gradFn != null) {
        return t.gradFn;
      }
      return t.requiresGrad ? t.accumulator() : null;
    }

    @Override
    public void setGradFn(Tensor t, Node node) {
      t.gradFn = node;
    }

    @Override
    public int version(Tensor t) {
      return t.storage.version;
    }

    @Override
    public void accumulateGrad(Tensor t, Tensor g) {
      t.accumulateGrad(g, false);
    }

    @Override
    public Tensor tangent(Tensor t, long level) {
      return t.tangentLevel == level ? t.tangent : null;
    }

    @Override
    public void setTangent(Tensor t, Tensor tangent, long level) {
      t.tangent = tangent;
      t.tangentLevel = level;
    }
  }
}
