package dev.jgrad.examples;

import dev.jgrad.autograd.Function;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Module;

/**
 * A custom layer: Swish with a learnable slope per unit, y = x·σ(βx) (Ramachandran, Zoph and Le,
 * 2017). β = 1 gives SiLU; large β approaches ReLU; β → 0 approaches x/2. Each of the layer's units has
 * its own β, a parameter trained with the weights.
 *
 * <p>The layer is a {@link Module} with one parameter; the arithmetic is a custom differentiable
 * operation, {@link Op}, with its own backward: autograd could differentiate {@code
 * x.mul(x.mul(beta).sigmoid())} by itself, but one op with a hand-written derivative saves the
 * intermediate tensors of the composed version, and shows how to add an operation jgrad lacks.
 */
public final class Swish extends Module {
  private static final Op OP = new Op();

  private final Tensor beta;

  /** A Swish layer over {@code features} units, each starting at β = 1 (SiLU). */
  public Swish(int features) {
    beta = registerParameter("beta", Tensor.ones(features));
  }

  @Override
  public Tensor forward(Tensor x) {
    return OP.apply(x, beta);
  }

  /** The slopes, one per unit: the parameter itself. */
  public Tensor beta() {
    return beta;
  }

  @Override
  protected String describe() {
    return "features=" + beta.size();
  }

  /**
   * y = x·σ(βx) for x [..., F] and β [F] (broadcast over the batch). With s = σ(βx):
   *
   * <pre>
   * ∂y/∂x = s + βx·s(1 − s)
   * ∂y/∂β = x²·s(1 − s)
   * </pre>
   *
   * The gradient of β comes back with x's shape; the engine sums it over the batch to β's shape,
   * as for any broadcast input.
   */
  public static final class Op extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      Tensor x = in[0];
      Tensor beta = in[1];
      ctx.save(x, beta);
      return x.mul(x.mul(beta).sigmoid());
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
      // Recomputed from the saved inputs (not saved from forward), so second derivatives are right too.
      Tensor x = ctx.saved(0);
      Tensor beta = ctx.saved(1);
      Tensor bx = x.mul(beta);
      Tensor s = bx.sigmoid();
      Tensor slope = s.mul(s.neg().add(1)); // σ'(βx) = s(1 − s)
      Tensor dx = ctx.needsInputGrad(0) ? grad.mul(s.add(bx.mul(slope))) : null;
      Tensor dBeta = ctx.needsInputGrad(1) ? grad.mul(x.mul(x).mul(slope)) : null;
      return new Tensor[] {dx, dBeta};
    }

    @Override
    public String name() {
      return "swish";
    }
  }
}
