package dev.jgrad.nn.init;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.random.RandomGenerator;

/**
 * Draws the starting values of a parameter. The layer passes its fans — how many inputs feed each
 * unit and how many units each input feeds — because they depend on the layer's layout, not only on
 * the parameter's shape (a {@code Linear} weight of shape [in, out] has fanIn = in, fanOut = out).
 *
 * <p>All randomness comes from the generator passed in, so a seeded generator gives the same values
 * on every run. See {@link Init} for the common schemes.
 */
@FunctionalInterface
public interface Initializer {

  /**
   * A new tensor of the given shape and dtype (not requiring grad).
   *
   * @param shape the parameter's shape
   * @param fanIn how many inputs feed each unit of the layer
   * @param fanOut how many units each input of the layer feeds
   * @param dtype the element type of the tensor
   * @param random the generator all random values are drawn from
   * @return a fresh leaf tensor holding the starting values
   */

  Tensor create(int[] shape, int fanIn, int fanOut, DType dtype, RandomGenerator random);
}
