package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.Kernels;
import java.util.Arrays;

/**
 * C = A·B over the last two dimensions, broadcasting the leading (batch) ones;  dA = G·Bᵀ, dB = Aᵀ·G
 * (the engine sums over broadcast batch dimensions).
 */
public final class MatMul extends OpNode {
  private final Saved a;
  private final Saved b;

  private MatMul(Tensor a, Tensor b) {
    super("matmul", a, b);
    this.a = needsGrad(1) ? save(a) : null;
    this.b = needsGrad(0) ? save(b) : null;
  }

  /** numpy's matmul: 1-D operands become a row (left) or column (right) and that dimension is dropped. */
  public static Tensor matmul(Tensor a, Tensor b) {
    Shape sa = OpSupport.shape(a);
    Shape sb = OpSupport.shape(b);
    if (sa.rank() == 0 || sb.rank() == 0) {
      throw new IllegalArgumentException(
          String.format("matmul: cannot multiply %s by %s (0-d operand; use mul)", sa, sb));
    }
    boolean rowVector = sa.rank() == 1;
    boolean columnVector = sb.rank() == 1;
    Tensor left = rowVector ? a.reshape(1, sa.dim(0)) : a;
    Tensor right = columnVector ? b.reshape(sb.dim(0), 1) : b;
    Tensor c = apply(left, right);
    if (!rowVector && !columnVector) {
      return c;
    }
    int[] dims = OpSupport.shape(c).dims();
    int drop = (rowVector ? 1 : 0) + (columnVector ? 1 : 0);
    int[] out = new int[dims.length - drop];
    int keep = dims.length - 2;
    System.arraycopy(dims, 0, out, 0, keep);
    int j = keep;
    if (!rowVector) {
      out[j++] = dims[dims.length - 2];
    }
    if (!columnVector) {
      out[j] = dims[dims.length - 1];
    }
    return c.reshape(out);
  }

  /** The primitive: both operands have rank ≥ 2. */
  public static Tensor apply(Tensor a, Tensor b) {
    Tensor y = product(a, false, b, false);
    Tensor r = OpSupport.recording(a, b) ? OpSupport.record(y, new MatMul(a, b)) : y;
    return Forward.active() ? Forward.attach(r, () -> jvp(a, b), a, b) : r;
  }

  /**
   * op(x)·op(y) over the last two dimensions, broadcasting the batch dimensions, where op transposes
   * the last two dimensions when asked. No transpose is materialized: the kernel reads the operand
   * transposed. Not recorded: callers that need the graph go through {@link #transposedProduct}.
   */
  static Tensor product(Tensor x, boolean transX, Tensor y, boolean transY) {
    DType dtype = OpSupport.sameDtype("matmul", x, y);
    int[] dx = OpSupport.shape(x).dims();
    int[] dy = OpSupport.shape(y).dims();
    int m = dx[dx.length - (transX ? 1 : 2)];
    int k = dx[dx.length - (transX ? 2 : 1)];
    int ky = dy[dy.length - (transY ? 1 : 2)];
    int n = dy[dy.length - (transY ? 2 : 1)];
    if (ky != k) {
      throw new IllegalArgumentException(
          String.format(
              "matmul: cannot multiply %s by %s (inner dimensions %d != %d)",
              Arrays.toString(dx), Arrays.toString(dy), k, ky));
    }
    Shape batchX = Shape.of(Arrays.copyOf(dx, dx.length - 2));
    Shape batchY = Shape.of(Arrays.copyOf(dy, dy.length - 2));
    Shape batch;
    try {
      batch = Shape.broadcast(batchX, batchY, "matmul");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          String.format(
              "matmul: cannot multiply %s by %s (batch dimensions %s and %s do not broadcast)",
              Arrays.toString(dx), Arrays.toString(dy), batchX, batchY));
    }
    int batches = batch.size();
    int[] stridesX = OpSupport.broadcastStrides(batchX, batch);
    int[] stridesY = OpSupport.broadcastStrides(batchY, batch);
    int[] batchDims = batch.dims();
    Object out = OpSupport.newArray(dtype, batches * m * n);
    Object dataX = OpSupport.data(x);
    Object dataY = OpSupport.data(y);
    int[] index = new int[batchDims.length];
    for (int t = 0; t < batches; t++) {
      int ix = 0;
      int iy = 0;
      for (int d = 0; d < batchDims.length; d++) {
        ix += index[d] * stridesX[d];
        iy += index[d] * stridesY[d];
      }
      // out is a new array, hence zeros: accumulating onto it saves the kernel a pass clearing it.
      Kernels.gemm(transX, transY, m, n, k, dataX, ix * m * k, dataY, iy * k * n, out, t * m * n, true);
      for (int d = batchDims.length - 1; d >= 0 && ++index[d] == batchDims[d]; d--) {
        index[d] = 0;
      }
    }
    int[] outDims = Arrays.copyOf(batchDims, batchDims.length + 2);
    outDims[batchDims.length] = m;
    outDims[batchDims.length + 1] = n;
    return OpSupport.create(Shape.of(outDims), dtype, out);
  }

  /**
   * op(x)·op(y) for a backward pass: straight onto the transposing kernel when nothing is recorded
   * (an ordinary backward), else as differentiable tensor operations, so that createGraph works.
   */
  static Tensor transposedProduct(Tensor x, boolean transX, Tensor y, boolean transY) {
    if (OpSupport.recording(x, y)) {
      return apply(transX ? x.transpose() : x, transY ? y.transpose() : y);
    }
    return product(x, transX, y, transY);
  }

  /** The tangent of a·b: ta·b + a·tb. */
  private static Tensor jvp(Tensor a, Tensor b) {
    Tensor ta = Forward.tangent(a);
    Tensor tb = Forward.tangent(b);
    return Forward.sum(ta == null ? null : ta.matmul(b), tb == null ? null : a.matmul(tb));
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    Tensor ga = needsGrad(0) ? transposedProduct(grad, false, b.get(), true) : null;
    Tensor gb = needsGrad(1) ? transposedProduct(a.get(), true, grad, false) : null;
    return new Tensor[] {ga, gb};
  }
}
