package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.Saved;
import dev.jgrad.autograd.kernels.Kernels;

/**
 * ℓᵢ = −log softmax(x)ᵢ[yᵢ] = log Σⱼ e^xᵢⱼ − xᵢ[yᵢ] for logits x [N, C] and class labels y, one loss
 * per row;  dx = g·(softmax(x) − onehot(y)). Fused log-softmax and negative log-likelihood: one pass
 * over the logits and no [N, C] gradient of a gather to scatter back.
 */
public final class CrossEntropy extends OpNode {
  private final Saved x;
  private final Saved logProbs;
  private final int[] labels;

  private CrossEntropy(Tensor x, Tensor logProbs, int[] labels) {
    super("crossEntropy", x);
    this.x = save(x);
    this.logProbs = save(logProbs);
    this.labels = labels;
  }

  /** x of shape [N, C] (checked by the caller), N labels in [0, C). */
  public static Tensor apply(Tensor x, int[] labels) {
    Shape in = OpSupport.shape(x);
    int n = in.dim(0);
    int c = in.dim(1);
    Pick.checkIndex("crossEntropy", in, 1, labels, n);
    int[] copy = labels.clone();
    DType dtype = x.dtype();
    Object logProbs = OpSupport.newArray(dtype, n * c);
    Object loss = OpSupport.newArray(dtype, n);
    Kernels.crossEntropy(OpSupport.data(x), n, c, copy, logProbs, loss);
    Tensor y = OpSupport.create(Shape.of(n), dtype, loss);
    Tensor r = OpSupport.recording(x)
        ? OpSupport.record(y, new CrossEntropy(x, OpSupport.create(in, dtype, logProbs), copy))
        : y;
    // d(logsumexp(x) − x[label]) = Σ softmax(x)·t − t[label], row by row
    return Forward.active()
        ? Forward.attach(r, () -> x.softmax(1).mul(Forward.tangent(x)).sum(1, false)
            .sub(Forward.tangent(x).pick(1, copy)), x)
        : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    Tensor logits = x.get();
    Shape in = OpSupport.shape(logits);
    int n = in.dim(0);
    int c = in.dim(1);
    if (OpSupport.recording(logits, grad)) {
      // createGraph: the same formula in differentiable operations.
      Tensor oneHot = OpSupport.create(in, logits.dtype(), oneHot(logits.dtype(), n, c));
      return new Tensor[] {logits.softmax(1).sub(oneHot).mul(grad.reshape(n, 1))};
    }
    Object dx = OpSupport.newArray(logits.dtype(), n * c);
    Kernels.crossEntropyBackward(OpSupport.data(logProbs.get()), n, c, labels, OpSupport.data(grad), 1, dx);
    return new Tensor[] {OpSupport.create(in, logits.dtype(), dx)};
  }

  private Object oneHot(DType dtype, int n, int c) {
    Object out = OpSupport.newArray(dtype, n * c);
    for (int i = 0; i < n; i++) {
      if (out instanceof float[] f) {
        f[i * c + labels[i]] = 1;
      } else {
        ((double[]) out)[i * c + labels[i]] = 1;
      }
    }
    return out;
  }
}
