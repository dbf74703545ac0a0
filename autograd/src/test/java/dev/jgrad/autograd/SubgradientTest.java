package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The documented subgradients at points where central differences cannot decide: ties of max, and
 * the kinks of relu, abs, leakyRelu and clamp.
 */
class SubgradientTest {

  @Test
  void tiedMaximaShareTheGradientEqually() {
    Tensor x = Tensor.of(new double[] {3, 1, 3, 3, 2, 0}, 2, 3).requiresGrad(true);
    x.max().backward();
    assertThat(x.grad().toDoubleArray()).containsExactly(1 / 3.0, 0, 1 / 3.0, 1 / 3.0, 0, 0);

    x.zeroGrad();
    x.max(1, false).sum().backward();
    assertThat(x.grad().toDoubleArray()).containsExactly(0.5, 0, 0.5, 1, 0, 0);
  }

  @Test
  void kinksAtZero() {
    Tensor x = Tensor.of(new double[] {0, 0, 0}).requiresGrad(true);
    x.relu().sum().backward();
    assertThat(x.grad().toDoubleArray()).containsExactly(0, 0, 0);
    x.zeroGrad();
    x.abs().sum().backward();
    assertThat(x.grad().toDoubleArray()).containsExactly(0, 0, 0);
    x.zeroGrad();
    x.leakyRelu(0.1).sum().backward();
    assertThat(x.grad().toDoubleArray()).containsExactly(0.1, 0.1, 0.1);
  }

  @Test
  void clampPassesTheGradientOnItsBounds() {
    Tensor x = Tensor.of(new double[] {-1, -0.5, 0.5, 1, 2}).requiresGrad(true);
    x.clamp(-0.5, 1).sum().backward();
    assertThat(x.grad().toDoubleArray()).containsExactly(0, 1, 1, 1, 0);
  }

  @Test
  void binaryCrossEntropyFromLogitsHasTheExactGradientAtZero() {
    Tensor z = Tensor.of(new double[] {0, 0}).requiresGrad(true);
    Tensor y = Tensor.of(new double[] {1, 0});
    Functional.binaryCrossEntropyWithLogits(z, y, Reduction.SUM).backward();
    assertThat(z.grad().toDoubleArray()).containsExactly(-0.5, 0.5);
  }
}
