package dev.jgrad.nn.optim;

import dev.jgrad.autograd.Tensor;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, 2019): each step first shrinks the
 * parameters, p ← p·(1 − lr·weightDecay), then takes an Adam step on the plain gradient, so the decay
 * is not rescaled by Adam's per-element step sizes. The weight decay defaults to
 * {@link Adam#DEFAULT_ADAMW_WEIGHT_DECAY} (0.01, as in PyTorch); the rest of the settings are Adam's.
 *
 * <pre>{@code
 * Optimizer opt = AdamW.builder(model.parameters()).learningRate(1e-3).weightDecay(0.05).build();
 * }</pre>
 */
public final class AdamW extends Adam {
  AdamW(Builder b) {
    super(b);
  }

  /**
   * Settings for AdamW, from the Adam defaults and AdamW's weight decay.
   *
   * @param parameters the tensors to optimize, e.g. {@code model.parameters()}
   * @return a builder that makes an AdamW, PyTorch's {@code optim.AdamW}
   */

  public static Builder builder(List<Tensor> parameters) {
    return Adam.adamW(parameters);
  }
}
