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

  /** A 0-d float32 tensor. */
  public static Tensor scalar(double v) {
    return scalar(v, DType.FLOAT32);
  }

  public static Tensor scalar(double v, DType dtype) {
    checkNotNull(dtype, "scalar: dtype is null");
    return full(v, dtype);
  }

  /** A float32 tensor holding a copy of {@code data}; the shape defaults to one dimension. */
  public static Tensor of(float[] data, int... shape) {
    checkNotNull(data, "of: data is null");
    Shape s = shapeFor(data.length, shape);
    return wrap(s, DType.FLOAT32, data.clone());
  }

  /** A float64 tensor holding a copy of {@code data}; the shape defaults to one dimension. */
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

  public static Tensor zeros(int... shape) {
    return zeros(DType.FLOAT32, shape);
  }

  public static Tensor zeros(DType dtype, int... shape) {
    checkNotNull(dtype, "zeros: dtype is null");
    Shape s = Shape.of(shape);
    return wrap(s, dtype, dtype.newArray(s.size()));
  }

  public static Tensor ones(int... shape) {
    return full(1, DType.FLOAT32, shape);
  }

  public static Tensor ones(DType dtype, int... shape) {
    return full(1, dtype, shape);
  }

  /** A tensor of the given shape with every element {@code value}. */
  public static Tensor full(double value, DType dtype, int... shape) {
    checkNotNull(dtype, "full: dtype is null");
    Shape s = Shape.of(shape);
    Object array = dtype.newArray(s.size());
    Kernels.fill(array, value, s.size());
    return wrap(s, dtype, array);
  }

  /** Standard normal samples, float32. */
  public static Tensor randn(RandomGenerator random, int... shape) {
    return randn(random, DType.FLOAT32, shape);
  }

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

  /** Uniform samples in [low, high). */
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

  /** 0, 1, …, n−1 as a float32 vector. */
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

  /** Zeros of {@code t}'s shape and dtype (PyTorch's {@code zeros_like}); never requires grad. */
  public static Tensor zerosLike(Tensor t) {
    checkNotNull(t, "zerosLike: tensor is null");
    return zeros(t.dtype, t.shape.dims());
  }

  /** Ones of {@code t}'s shape and dtype (PyTorch's {@code ones_like}). */
  public static Tensor onesLike(Tensor t) {
    checkNotNull(t, "onesLike: tensor is null");
    return full(1, t.dtype, t.shape.dims());
  }

  /**
   * Joins tensors of one shape and dtype along a new dimension at {@code axis} (PyTorch's {@code
   * stack}): n tensors of shape [a, b] stacked at axis 0 make [n, a, b]. Differentiable in each.
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

  /** Concatenates tensors of one dtype along {@code axis}; all other dimensions must agree. */
  public static Tensor concat(List<Tensor> tensors, int axis) {
    return Concat.apply(tensors, axis);
  }

  /** Elementwise {@code condition != 0 ? a : b}, broadcasting all three; differentiable in a and b. */
  public static Tensor where(Tensor condition, Tensor a, Tensor b) {
    return Where.apply(condition, a, b);
  }

  // ---- facts ----------------------------------------------------------------------------------

  /**
   * Whether every element is close to {@code other}'s, broadcasting: |a − b| ≤ atol + rtol·|b|, as
   * PyTorch's {@code allclose}. NaN is never close (to NaN either); equal infinities are.
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

  /** The dimensions, as a fresh array. */
  public int[] shape() {
    return shape.dims();
  }

  public DType dtype() {
    return dtype;
  }

  public int rank() {
    return shape.rank();
  }

  /** The size of dimension {@code axis}; negative axes count from the end. */
  public int dim(int axis) {
    return shape.dim(axis);
  }

  /** The number of elements. */
  public int size() {
    return shape.size();
  }

  /** The value of a one-element tensor. */
  public double item() {
    checkArgument(shape.size() == 1, "item: tensor of shape %s has %s elements, not 1", shape, shape.size());
    return flatGet(0);
  }

  /** The element at a flat row-major position. */
  double flatGet(int flat) {
    return storage.array instanceof float[] f ? f[flat] : ((double[]) storage.array)[flat];
  }

  /** The element at the given index, one coordinate per dimension. */
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

  /** A copy of the elements in row-major order, as float32. */
  public float[] toFloatArray() {
    float[] out = new float[size()];
    Kernels.convert(storage.array, out, out.length);
    return out;
  }

  /** A copy of the elements in row-major order, as float64. */
  public double[] toDoubleArray() {
    double[] out = new double[size()];
    Kernels.convert(storage.array, out, out.length);
    return out;
  }

  // ---- the graph ------------------------------------------------------------------------------

  /**
   * Marks this leaf as one whose gradient backward should compute; returns this. Only leaves (tensors
   * no recorded operation made) can be marked.
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

  /** Whether gradients flow to this tensor: a marked leaf, or the result of a recorded operation. */
  public boolean requiresGrad() {
    return requiresGrad || gradFn != null;
  }

  /** Whether no recorded operation made this tensor. */
  public boolean isLeaf() {
    return gradFn == null;
  }

  /** The name of the operation that made this tensor (e.g. "matmul"), or null for a leaf. */
  public String gradFnName() {
    return gradFn == null ? null : gradFn.name();
  }

  /** The accumulated gradient of a leaf (or of a tensor that called {@link #retainGrad()}), or null. */
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

  /** A new leaf sharing this tensor's data, outside the graph. */
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

  /** Backward seeded with {@code gradOutput} (the gradient of some scalar with respect to this tensor). */
  public void backward(Tensor gradOutput) {
    backward(gradOutput, false);
  }

  /**
   * Backward seeded with {@code gradOutput}; with {@code retainGraph} the saved tensors are kept so
   * the graph can be differentiated again.
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

  public Tensor add(Tensor other) {
    return watch("add", Add.apply(this, other), this, other);
  }

  public Tensor add(double v) {
    return add(scalar(v, dtype));
  }

  public Tensor sub(Tensor other) {
    return watch("sub", Sub.apply(this, other), this, other);
  }

  public Tensor sub(double v) {
    return sub(scalar(v, dtype));
  }

  public Tensor mul(Tensor other) {
    return watch("mul", Mul.apply(this, other), this, other);
  }

  public Tensor mul(double v) {
    return mul(scalar(v, dtype));
  }

  public Tensor div(Tensor other) {
    return watch("div", Div.apply(this, other), this, other);
  }

  public Tensor div(double v) {
    return div(scalar(v, dtype));
  }

  /** Elementwise this^exponent; the gradient in the exponent needs a positive base. */
  public Tensor pow(Tensor exponent) {
    return watch("pow", Pow.apply(this, exponent), this, exponent);
  }

  public Tensor pow(double exponent) {
    return watch("pow", PowScalar.apply(this, exponent), this);
  }

  public Tensor neg() {
    return Neg.apply(this);
  }

  public Tensor exp() {
    return watch("exp", Exp.apply(this), this);
  }

  public Tensor log() {
    return watch("log", Log.apply(this), this);
  }

  public Tensor sqrt() {
    return watch("sqrt", Sqrt.apply(this), this);
  }

  /** |x|; its subgradient at 0 is 0. */
  public Tensor abs() {
    return Abs.apply(this);
  }

  public Tensor tanh() {
    return watch("tanh", Tanh.apply(this), this);
  }

  /** ln(1 + x), accurate for small x. */
  public Tensor log1p() {
    return watch("log1p", Log1p.apply(this), this);
  }

  /** sin x, with StrictMath's bits (the same on every CPU, compiled or not). */
  public Tensor sin() {
    return Sin.apply(this);
  }

  /** cos x, with StrictMath's bits. */
  public Tensor cos() {
    return Cos.apply(this);
  }

  /** ln(1 + eˣ), without overflow; its derivative is σ(x). */
  public Tensor softplus() {
    return Softplus.apply(this);
  }

  /**
   * The elementwise maximum, broadcasting (PyTorch's {@code maximum}): NaN where either is NaN; the
   * gradient goes to the larger input, half to each where they tie.
   */
  public Tensor maximum(Tensor other) {
    return Maximum.apply(this, other, false);
  }

  /** The elementwise minimum, broadcasting; see {@link #maximum}. */
  public Tensor minimum(Tensor other) {
    return Maximum.apply(this, other, true);
  }

  public Tensor sigmoid() {
    return watch("sigmoid", Sigmoid.apply(this), this);
  }

  /** max(x, 0); its subgradient at 0 is 0. */
  public Tensor relu() {
    return Relu.apply(this);
  }

  /** x for x > 0, slope·x otherwise; its subgradient at 0 is slope. */
  public Tensor leakyRelu(double slope) {
    return LeakyRelu.apply(this, slope);
  }

  /** min(max(x, low), high); the gradient passes where low ≤ x ≤ high (boundaries included). */
  public Tensor clamp(double low, double high) {
    return Clamp.apply(this, low, high);
  }

  /** A copy in another dtype (differentiable), or this tensor when it already has that dtype. */
  public Tensor to(DType target) {
    checkNotNull(target, "to: dtype is null");
    return target == dtype ? this : watch("to", Cast.apply(this, target), this);
  }

  /** -1, 0 or 1 per element; not differentiable (its gradient is zero). */
  public Tensor sign() {
    return NonDifferentiable.sign(this);
  }

  // Comparisons: 1 where the relation holds, 0 elsewhere, in this tensor's dtype; not differentiable.

  public Tensor eq(Tensor other) {
    return NonDifferentiable.compare(BinaryOp.EQ, this, other);
  }

  public Tensor gt(Tensor other) {
    return NonDifferentiable.compare(BinaryOp.GT, this, other);
  }

  public Tensor gt(double v) {
    return gt(scalar(v, dtype));
  }

  public Tensor ge(Tensor other) {
    return NonDifferentiable.compare(BinaryOp.GE, this, other);
  }

  public Tensor ge(double v) {
    return ge(scalar(v, dtype));
  }

  public Tensor lt(Tensor other) {
    return NonDifferentiable.compare(BinaryOp.LT, this, other);
  }

  public Tensor lt(double v) {
    return lt(scalar(v, dtype));
  }

  public Tensor le(Tensor other) {
    return NonDifferentiable.compare(BinaryOp.LE, this, other);
  }

  public Tensor le(double v) {
    return le(scalar(v, dtype));
  }

  // ---- reductions -----------------------------------------------------------------------------

  /** The sum of all elements, as a 0-d tensor. */
  public Tensor sum() {
    return watch("sum", Sum.apply(this, allAxes(), false), this);
  }

  public Tensor sum(int axis, boolean keepDim) {
    return watch("sum", Sum.apply(this, new int[] {axis}, keepDim), this);
  }

  /** The sum over several axes. */
  public Tensor sum(int[] axes, boolean keepDim) {
    return watch("sum", Sum.apply(this, axes, keepDim), this);
  }

  /** The mean of all elements; NaN for an empty tensor, as in PyTorch. */
  public Tensor mean() {
    return sum().div(size());
  }

  public Tensor mean(int axis, boolean keepDim) {
    int a = shape.normalizeAxis(axis, "mean");
    return sum(a, keepDim).div(shape.dim(a));
  }

  /** The largest element; the gradient is shared equally among tied maxima. */
  public Tensor max() {
    return Max.apply(this, null, false);
  }

  /** The largest element along an axis; the gradient is shared equally among tied maxima. */
  public Tensor max(int axis, boolean keepDim) {
    return Max.apply(this, axis, keepDim);
  }

  /** The smallest element; the gradient is shared equally among tied minima. */
  public Tensor min() {
    checkArgument(size() > 0, "min: cannot take the minimum of an empty tensor of shape %s", shape);
    return neg().max().neg();
  }

  /** The smallest element along an axis; the gradient is shared equally among tied minima. */
  public Tensor min(int axis, boolean keepDim) {
    int a = shape.normalizeAxis(axis, "min");
    checkArgument(
        shape.dim(a) > 0, "min: cannot take the minimum along axis %s of length 0 (shape %s)", axis, shape);
    return neg().max(a, keepDim).neg();
  }

  /** The index of the largest element along an axis (the first of ties), for each other position. */
  public int[] argmax(int axis) {
    return Argmax.apply(this, axis);
  }

  /**
   * {@link #argmax(int)} as a tensor of this dtype (PyTorch's {@code argmax(dim, keepdim)}, whose
   * result is int64; indices are exact in float32 up to 2²⁴). Not differentiable.
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

  /** ln Σ exp(x) along an axis, without overflow (PyTorch's {@code logsumexp}); its gradient is the softmax. */
  public Tensor logSumExp(int axis, boolean keepDim) {
    return LogSumExp.apply(this, axis, keepDim);
  }

  /** The variance along an axis, unbiased (divided by n − 1), as PyTorch's {@code var}. */
  public Tensor var(int axis, boolean keepDim) {
    int a = shape.normalizeAxis(axis, "var");
    Tensor centered = sub(mean(a, true));
    return centered.mul(centered).sum(a, keepDim).div(shape.dim(a) - 1);
  }

  /** The standard deviation along an axis, unbiased: the square root of {@link #var}. */
  public Tensor std(int axis, boolean keepDim) {
    shape.normalizeAxis(axis, "std");
    return var(axis, keepDim).sqrt();
  }

  /**
   * Sums this tensor down to {@code target}, a shape that broadcasts to this one: the inverse of
   * broadcasting, as the engine uses it for gradients.
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
   */
  public Tensor matmul(Tensor other) {
    return watch("matmul", MatMul.matmul(this, other), this, other);
  }

  /** Swaps the last two dimensions; tensors of rank below 2 are returned as they are. */
  public Tensor transpose() {
    return rank() < 2 ? this : transpose(-2, -1);
  }

  public Tensor transpose(int axis1, int axis2) {
    int[] order = allAxes();
    int a = shape.normalizeAxis(axis1, "transpose");
    int b = shape.normalizeAxis(axis2, "transpose");
    order[a] = b;
    order[b] = a;
    return permute(order);
  }

  /** Reorders the dimensions: dimension i of the result is dimension order[i] of this tensor. */
  public Tensor permute(int... order) {
    return Permute.apply(this, order);
  }

  /** The same elements in another shape; one dimension may be -1 to be inferred. */
  public Tensor reshape(int... newShape) {
    return Reshape.apply(this, newShape);
  }

  /** Inserts a dimension of size 1 at {@code axis}. */
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

  /** Removes dimension {@code axis} if its size is 1; otherwise returns this tensor, as PyTorch does. */
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

  /** All elements in one dimension (a 0-d tensor becomes one element), sharing this tensor's data. */
  public Tensor flatten() {
    return reshape(size());
  }

  /** Repeats dimensions of size 1 (and adds leading ones) to reach {@code newShape}. */
  public Tensor expand(int... newShape) {
    return Expand.apply(this, newShape);
  }

  /** Elements [start, end) along {@code axis}. */
  public Tensor slice(int axis, int start, int end) {
    return Slice.apply(this, axis, start, end);
  }

  public Tensor softmax(int axis) {
    return watch("softmax", Softmax.apply(this, axis), this);
  }

  /** log(softmax(x)), computed stably as x − max − log Σ exp(x − max). */
  public Tensor logSoftmax(int axis) {
    return watch("logSoftmax", LogSoftmax.apply(this, axis), this);
  }

  /**
   * Picks one element along {@code axis} for every other position, dropping the axis: with this of
   * shape [N, C] and axis 1, {@code index} holds N class indices and the result has shape [N].
   * Differentiable in this. (PyTorch's {@code gather} keeps the axis and takes an index tensor:
   * {@code x.gather(1, idx.unsqueeze(1)).squeeze(1)} is {@code x.pick(1, idx)}.)
   */
  public Tensor pick(int axis, int[] index) {
    return Pick.apply(this, axis, index);
  }

  // ---- in-place updates, for optimizers -------------------------------------------------------

  /** this += alpha · other, in place (other broadcasts to this shape). Gradients must be off or this a plain tensor. */
  public Tensor addInPlace(Tensor other, double alpha) {
    checkInPlace("addInPlace", other);
    Tensor source = other.shape.equals(shape) ? other : other.expand(shape.dims());
    Kernels.axpy(alpha, source.storage.array, storage.array, size());
    storage.version++;
    return this;
  }

  public Tensor addInPlace(Tensor other) {
    return addInPlace(other, 1);
  }

  /** this *= factor, in place. */
  public Tensor mulInPlace(double factor) {
    checkInPlace("mulInPlace", this);
    Kernels.affine(storage.array, factor, 0, storage.array, size());
    storage.version++;
    return this;
  }

  /** Overwrites this tensor's elements with other's (other broadcasts to this shape). */
  public Tensor copyFrom(Tensor other) {
    checkInPlace("copyFrom", other);
    Tensor source = other.shape.equals(shape) ? other : other.expand(shape.dims());
    System.arraycopy(source.storage.array, 0, storage.array, 0, size());
    storage.version++;
    return this;
  }

  /**
   * Replaces this leaf's values, and its dtype, with a copy of {@code values} of the same shape,
   * outside the graph (PyTorch's {@code p.data = values}): how a module converts its parameters to
   * another dtype while optimizers and layers keep referring to the same tensors. The gradient is
   * dropped. Views made earlier (reshape, detach) keep the old values. Refused on a tensor made by a
   * recorded operation, and on a tensor that requires grad unless inside {@link Autograd#noGrad()}.
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

  private void checkInPlace(String op, Tensor other) {
    if (GradMode.isEnabled() && requiresGrad()) {
      throw new IllegalStateException(
          op + ": a tensor that requires grad can only be updated in place inside Autograd.noGrad()");
    }
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
  }
}
