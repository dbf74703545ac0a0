package dev.jgrad.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.List;

/** Operations on the gradients of a set of parameters, between backward and the optimizer's step. */
public final class Gradients {
  private Gradients() {}

  /**
   * Scales the parameters' gradients in place so that their joint L2 norm is at most {@code maxNorm}
   * (PyTorch's {@code clip_grad_norm_}): when the norm exceeds it, each gradient is multiplied by
   * maxNorm / (norm + 10⁻⁶). Parameters without a gradient are skipped. Returns the norm before
   * clipping; when it is NaN or infinite the gradients become NaN or zeros, as in PyTorch, so check it.
   *
   * <pre>{@code
   * loss.backward();
   * Gradients.clipGradNorm(model.parameters(), 1.0);
   * optimizer.step();
   * }</pre>
   *
   * @param parameters the parameters whose gradients are clipped together
   * @param maxNorm the largest joint norm allowed; positive
   * @return the joint L2 norm of the gradients before clipping
   */

  public static double clipGradNorm(List<Tensor> parameters, double maxNorm) {
    checkNotNull(parameters, "clipGradNorm: parameters is null");
    checkArgument(maxNorm > 0, "clipGradNorm: maxNorm must be positive, got %s", maxNorm);
    double sumOfSquares = 0;
    for (Tensor p : parameters) {
      Tensor g = checkNotNull(p, "clipGradNorm: a parameter is null").grad();
      if (g != null) {
        for (double v : g.toDoubleArray()) {
          sumOfSquares += v * v;
        }
      }
    }
    double norm = Math.sqrt(sumOfSquares);
    double factor = maxNorm / (norm + 1e-6);
    if (factor < 1 || Double.isNaN(factor)) {
      try (var off = Autograd.noGrad()) {
        for (Tensor p : parameters) {
          if (p.grad() != null) {
            p.grad().mulInPlace(factor);
          }
        }
      }
    }
    return norm;
  }
}
