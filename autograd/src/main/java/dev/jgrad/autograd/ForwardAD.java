package dev.jgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.engine.Forward;
import dev.jgrad.autograd.engine.GradMode;
import dev.jgrad.autograd.engine.TensorAccess;
import dev.jgrad.autograd.ops.Reshape;

/**
 * Forward-mode differentiation with dual tensors, as PyTorch's {@code torch.autograd.forward_ad}:
 * inside a dual level, a tensor made by {@link #makeDual} carries a tangent, and every operation on
 * it computes its result's tangent alongside its value (the Jacobian-vector product, at about the
 * cost of one more forward pass). Works under {@link Autograd#noGrad()} and together with reverse
 * mode: the tangent rules are tensor operations, recorded like any other, so a gradient computed
 * inside a level carries the Hessian-vector product as its tangent (forward-over-reverse).
 *
 * <pre>{@code
 * try (var level = ForwardAD.dualLevel()) {
 *   Tensor x = ForwardAD.makeDual(primal, direction);   // same shape and dtype
 *   Tensor y = x.tanh().mul(x).sum();
 *   Tensor jv = ForwardAD.tangent(y);                   // d/dε y(primal + ε·direction) at 0
 * }
 * }</pre>
 */
public final class ForwardAD {
  private ForwardAD() {}

  /** An open dual level; closing it (on the thread that opened it) makes its tangents unreadable. */
  public static final class Level extends ThreadScope {
    private final long id;

    private Level() {
      super("ForwardAD.dualLevel");
      this.id = Forward.enter();
    }

    @Override
    void end() {
      Forward.exit(id);
    }
  }


  /**
   * Opens a dual level on this thread until the returned scope closes (levels do not nest).
   *
   * @return the level, to close with try-with-resources
   * @throws IllegalStateException if a level is already open on this thread
   */
  public static Level dualLevel() {
    return new Level();
  }

  /**
   * A tensor with {@code primal}'s values (shared, not copied) carrying {@code tangent} at the open
   * level. When primal requires grad and recording is on, the result is a differentiable view of it.
   *
   * @param primal the values
   * @param tangent the direction, of primal's shape and dtype
   * @return the dual tensor
   * @throws IllegalStateException outside a dual level
   * @throws IllegalArgumentException if the tangent's shape or dtype differs from primal's
   */
  public static Tensor makeDual(Tensor primal, Tensor tangent) {
    checkNotNull(primal, "makeDual: primal is null");
    checkNotNull(tangent, "makeDual: tangent is null");
    if (Forward.level() == 0) {
      throw new IllegalStateException("makeDual: no dual level is open; use try (var l = ForwardAD.dualLevel()) {...}");
    }
    checkArgument(
        TensorAccess.shape(primal).equals(TensorAccess.shape(tangent)) && primal.dtype() == tangent.dtype(),
        "makeDual: tangent %s %s does not match primal %s %s", tangent.dtype(), TensorAccess.shape(tangent),
        primal.dtype(), TensorAccess.shape(primal));
    Tensor dual = primal.requiresGrad() && GradMode.isEnabled()
        ? Reshape.apply(primal, primal.shape())
        : TensorAccess.view(primal, TensorAccess.shape(primal));
    Forward.setTangent(dual, tangent);
    return dual;
  }

  /**
   * The tangent {@code t} carries at the open level, or null where no tangent reached it (or no
   * level is open).
   *
   * @param t a tensor
   * @return its tangent, of its shape and dtype, or null
   */
  public static Tensor tangent(Tensor t) {
    checkNotNull(t, "tangent: tensor is null");
    return Forward.tangent(t);
  }
}
