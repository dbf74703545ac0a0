package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.kernels.Kernels;

/**
 * y = x broadcast to a larger shape;  the gradient is the incoming one, which the engine sums back
 * over the broadcast dimensions like that of any broadcasting op.
 */
public final class Expand extends OpNode {
  private Expand(Tensor x) {
    super("expand", x);
  }

  public static Tensor apply(Tensor x, int[] target) {
    Shape in = OpSupport.shape(x);
    Shape out = Shape.of(target);
    if (!in.broadcastsTo(out)) {
      throw new IllegalArgumentException(String.format("expand: shape %s cannot be expanded to %s", in, out));
    }
    Object result = OpSupport.newArray(x.dtype(), out.size());
    Kernels.copyStrided(OpSupport.data(x), 0, OpSupport.broadcastStrides(in, out), result, target);
    Tensor y = OpSupport.create(out, x.dtype(), result);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(y, new Expand(x)) : y;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).expand(target), x) : r;
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {grad};
  }
}
