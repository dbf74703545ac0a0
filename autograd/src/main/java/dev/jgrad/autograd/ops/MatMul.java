package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Node;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.Kernels;
import java.util.Arrays;

/**
 * C = A·B over the last two dimensions, broadcasting the leading (batch) ones;  dA = G·Bᵀ, dB = Aᵀ·G
 * (the engine sums over broadcast batch dimensions).
 */
public final class MatMul extends Node {
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
    DType dtype = OpSupport.sameDtype("matmul", a, b);
    int[] da = OpSupport.shape(a).dims();
    int[] db = OpSupport.shape(b).dims();
    int m = da[da.length - 2];
    int k = da[da.length - 1];
    int n = db[db.length - 1];
    if (db[db.length - 2] != k) {
      throw new IllegalArgumentException(
          String.format(
              "matmul: cannot multiply %s by %s (inner dimensions %d != %d)",
              Arrays.toString(da), Arrays.toString(db), k, db[db.length - 2]));
    }
    Shape batchA = Shape.of(Arrays.copyOf(da, da.length - 2));
    Shape batchB = Shape.of(Arrays.copyOf(db, db.length - 2));
    Shape batch;
    try {
      batch = Shape.broadcast(batchA, batchB, "matmul");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          String.format(
              "matmul: cannot multiply %s by %s (batch dimensions %s and %s do not broadcast)",
              Arrays.toString(da), Arrays.toString(db), batchA, batchB));
    }
    int batches = batch.size();
    int[] stridesA = OpSupport.broadcastStrides(batchA, batch);
    int[] stridesB = OpSupport.broadcastStrides(batchB, batch);
    int[] batchDims = batch.dims();
    Object out = OpSupport.newArray(dtype, batches * m * n);
    Object dataA = OpSupport.data(a);
    Object dataB = OpSupport.data(b);
    int[] index = new int[batchDims.length];
    for (int t = 0; t < batches; t++) {
      int ia = 0;
      int ib = 0;
      for (int d = 0; d < batchDims.length; d++) {
        ia += index[d] * stridesA[d];
        ib += index[d] * stridesB[d];
      }
      Kernels.matmul(dataA, ia * m * k, dataB, ib * k * n, out, t * m * n, m, k, n);
      for (int d = batchDims.length - 1; d >= 0 && ++index[d] == batchDims[d]; d--) {
        index[d] = 0;
      }
    }
    int[] outDims = Arrays.copyOf(batchDims, batchDims.length + 2);
    outDims[batchDims.length] = m;
    outDims[batchDims.length + 1] = n;
    Tensor y = OpSupport.create(Shape.of(outDims), dtype, out);
    return OpSupport.recording(a, b) ? OpSupport.record(y, new MatMul(a, b)) : y;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    Tensor ga = needsGrad(0) ? apply(grad, b.get().transpose()) : null;
    Tensor gb = needsGrad(1) ? apply(a.get().transpose(), grad) : null;
    return new Tensor[] {ga, gb};
  }
}
