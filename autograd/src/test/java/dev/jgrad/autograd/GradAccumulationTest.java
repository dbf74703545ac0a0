package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How a leaf's gradient accumulates: the first is the leaf's own (a copy or handed over), later
 * ones are added into it in place, as in PyTorch; {@code zeroGrad(false)} keeps the array and
 * zeroes it.
 */
class GradAccumulationTest {

  @Test
  void laterGradientsAreAddedIntoTheFirstInPlace() {
    Tensor w = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
    w.mul(w).sum().backward();
    Tensor first = w.grad();
    assertThat(first.toDoubleArray()).containsExactly(2, 4, 6);
    w.mul(3).sum().backward();
    assertThat(w.grad()).isSameAs(first);
    assertThat(first.toDoubleArray()).containsExactly(5, 7, 9);
  }

  @Test
  void zeroGradFalseKeepsTheArrayAndZeroesIt() {
    Tensor w = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    w.mul(w).sum().backward();
    Tensor grad = w.grad();
    w.zeroGrad(false);
    assertThat(w.grad()).isSameAs(grad);
    assertThat(grad.toDoubleArray()).containsExactly(0, 0);
    w.mul(5).sum().backward();
    assertThat(w.grad()).isSameAs(grad);
    assertThat(grad.toDoubleArray()).containsExactly(5, 5);
    w.zeroGrad(true);
    assertThat(w.grad()).isNull();
  }
}
