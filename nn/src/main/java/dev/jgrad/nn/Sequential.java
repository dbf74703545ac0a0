package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.Tensor;
import java.util.List;

/**
 * Modules applied one after another. They are registered under their positions, so parameters are
 * named {@code "0.weight"}, {@code "0.bias"}, {@code "2.weight"}… as in PyTorch's nn.Sequential.
 *
 * <pre>{@code
 * var random = new SplittableRandom(1);
 * Module model = new Sequential(new Linear(2, 4, random), new Tanh(), new Linear(4, 1, random));
 * }</pre>
 */
public final class Sequential extends Module {
  private final List<Module> layers;

  /**
   * Chains {@code layers} in the order given.
   *
   * @param layers the modules to apply, first to last; at least one
   */
  public Sequential(Module... layers) {
    this(List.of(checkNotNull(layers, "Sequential: layers is null")));
  }

  /**
   * Chains the modules of {@code layers} in list order.
   *
   * @param layers the modules to apply, first to last; at least one
   */
  public Sequential(List<? extends Module> layers) {
    checkArgument(!layers.isEmpty(), "Sequential: needs at least one module");
    this.layers = List.copyOf(layers);
    for (int i = 0; i < this.layers.size(); i++) {
      registerModule(Integer.toString(i), this.layers.get(i));
    }
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor out = x;
    for (int i = 0; i < layers.size(); i++) {
      Module layer = layers.get(i);
      if (layer instanceof Linear linear && i + 1 < layers.size() && layers.get(i + 1).getClass() == ReLU.class) {
        out = linear.forwardRelu(out); // the layer and its activation as one fused op
        i++;
      } else {
        out = layer.forward(out);
      }
    }
    return out;
  }

  /**
   * The module at position {@code index}.
   *
   * @param index the position, from 0
   * @return the module registered under the name {@code index}
   */
  public Module get(int index) {
    checkElementIndex(index, layers.size(), "Sequential.get: index");
    return layers.get(index);
  }

  /**
   * The number of modules in the chain.
   *
   * @return the number of modules
   */
  public int size() {
    return layers.size();
  }

  /**
   * The modules in order.
   *
   * @return an immutable list of the modules
   */

  public List<Module> layers() {
    return layers;
  }
}
