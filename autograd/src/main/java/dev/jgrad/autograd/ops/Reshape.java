package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.TensorAccess;
import java.util.Arrays;

/** y = x with another shape of the same size (sharing its data);  the gradient is reshaped back. */
public final class Reshape extends OpNode {
  private final Shape inputShape;

  private Reshape(Tensor x) {
    super("reshape", x);
    this.inputShape = OpSupport.shape(x);
  }

  public static Tensor apply(Tensor x, int[] requested) {
    Shape in = OpSupport.shape(x);
    Shape target = resolve(in, requested);
    Tensor y = TensorAccess.view(x, target);
    Tensor r = OpSupport.recording(x) ? OpSupport.record(y, new Reshape(x)) : y;
    return Forward.active() ? Forward.attach(r, () -> Forward.tangent(x).reshape(target.dims()), x) : r;
  }

  /** Fills in a single -1 and checks the element count. */
  private static Shape resolve(Shape in, int[] requested) {
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < requested.length; i++) {
      int d = requested[i];
      if (d == -1) {
        if (inferred >= 0) {
          throw new IllegalArgumentException(
              String.format("reshape: only one dimension can be -1 in %s (from %s)", Arrays.toString(requested), in));
        }
        inferred = i;
      } else if (d < 0) {
        throw new IllegalArgumentException(
            String.format("reshape: negative dimension in %s (from %s)", Arrays.toString(requested), in));
      } else {
        known *= d;
      }
    }
    int[] dims = requested.clone();
    if (inferred >= 0) {
      if (known == 0 || in.size() % known != 0) {
        throw new IllegalArgumentException(
            String.format("reshape: cannot reshape %s (%d elements) to %s", in, in.size(), Arrays.toString(requested)));
      }
      dims[inferred] = (int) (in.size() / known);
      known *= dims[inferred];
    }
    if (known != in.size()) {
      throw new IllegalArgumentException(
          String.format(
              "reshape: cannot reshape %s (%d elements) to %s (%d elements)",
              in, in.size(), Arrays.toString(requested), known));
    }
    return Shape.of(dims);
  }

  @Override
  protected Tensor[] backward(Tensor grad) {
    return new Tensor[] {grad.reshape(inputShape.dims())};
  }
}
