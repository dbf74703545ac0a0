package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.GradMode;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.BinaryOp;
import dev.jgrad.autograd.kernels.Kernels;
import dev.jgrad.autograd.kernels.UnaryOp;

/**
 * y = x·W + b for x [..., in], W [in, out], b [out], the leading dimensions of x flattened into the
 * rows of one product;  dx = g·Wᵀ, dW = xᵀ·g, db = Σ_rows g. Fused so that the bias goes into the
 * product's output before the product accumulates onto it (one result array, no broadcast add), and
 * so that backward reads x and W transposed in place instead of materializing xᵀ and Wᵀ.
 */
public final class Linear extends OpNode {
  private final Saved x;
  private final Saved w;
  private final int rows;
  /** With relu, the output max(x·W + b, 0), whose positive elements are where the gradient passes. */
  private final Saved reluOutput;

  private Linear(Tensor x, Tensor w, Tensor b, int rows, Tensor reluOutput) {
    super(reluOutput == null ? "linear" : "linearRelu", x, w, b);
    this.x = needsGrad(1) ? save(x) : null;
    this.w = needsGrad(0) ? save(w) : null;
    this.rows = rows;
    this.reluOutput = reluOutput == null ? null : save(reluOutput);
  }

  /**
   * Whether the fused op takes these operands: W 2-D, x of rank ≥ 1 ending in W's rows, b of shape
   * [out], all of one dtype. Other shapes are for the composed form (and its error messages).
   */
  public static boolean accepts(Tensor x, Tensor w, Tensor b) {
    return w.rank() == 2 && x.rank() >= 1 && x.dim(-1) == w.dim(0) && b.rank() == 1 && b.dim(0) == w.dim(1)
        && x.dtype() == w.dtype() && b.dtype() == w.dtype();
  }

  /** The caller has checked {@link #accepts}. */
  public static Tensor apply(Tensor x, Tensor w, Tensor b) {
    return apply(x, w, b, false);
  }

  /**
   * x·W + b, or with {@code relu} max(x·W + b, 0) with the ReLU applied in place on the product's
   * output (a dense layer and its activation in one op: no second array, no second pass in
   * backward). The caller has checked {@link #accepts}.
   */
  public static Tensor apply(Tensor x, Tensor w, Tensor b, boolean relu) {
    DType dtype = x.dtype();
    int in = w.dim(0);
    int out = w.dim(1);
    int rows = sizeWithoutLast(x);
    Object result = OpSupport.newArray(dtype, rows * out);
    Object bias = OpSupport.data(b);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(bias, 0, result, r * out, out);
    }
    Kernels.gemm(false, false, rows, out, in, OpSupport.data(x), 0, OpSupport.data(w), 0, result, 0, true);
    if (relu) {
      Kernels.unary(UnaryOp.RELU, result, result, rows * out);
    }
    int[] dims = x.shape();
    dims[dims.length - 1] = out;
    Tensor y = OpSupport.create(Shape.of(dims), dtype, result);
    boolean recording = OpSupport.recording(x, w) || OpSupport.recording(b);
    Tensor r = recording ? OpSupport.record(y, new Linear(x, w, b, rows, relu ? y : null)) : y;
    return Forward.active() ? Forward.attach(r, () -> jvp(x, w, b, relu ? y : null), x, w, b) : r;
  }

  private static int sizeWithoutLast(Tensor x) {
    int[] dims = x.shape();
    return OpSupport.product(dims, 0, dims.length - 1);
  }

  /** The tangent of x·W + b: tx·W + x·tW + tb; with relu, only where the output is positive. */
  private static Tensor jvp(Tensor x, Tensor w, Tensor b, Tensor reluOutput) {
    Tensor tx = Forward.tangent(x);
    Tensor tw = Forward.tangent(w);
    Tensor t = Forward.sum(tx == null ? null : tx.matmul(w), tw == null ? null : x.matmul(tw), Forward.tangent(b));
    return reluOutput == null ? t : t.mul(reluOutput.gt(0));
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    Tensor gx = null;
    Tensor gw = null;
    Tensor gb = null;
    int out = OpSupport.shape(grad).dim(-1);
    if (reluOutput != null) {
      // ReLU's backward first: one fused pass, or the differentiable product under createGraph.
      Tensor y = reluOutput.get();
      grad = GradMode.isEnabled() ? grad.mul(y.gt(0)) : OpSupport.binary("linearRelu", BinaryOp.RELU_BACKWARD, grad, y);
    }
    Tensor g2 = grad.reshape(rows, out);
    if (needsGrad(0)) {
      gx = MatMul.transposedProduct(g2, false, w.get(), true).reshape(inputShape(0).dims());
    }
    if (needsGrad(1)) {
      Tensor input = x.get();
      gw = MatMul.transposedProduct(input.reshape(rows, input.dim(-1)), true, g2, false);
    }
    if (needsGrad(2)) {
      gb = g2.sum(0, false);
    }
    return new Tensor[] {gx, gw, gb};
  }
}
