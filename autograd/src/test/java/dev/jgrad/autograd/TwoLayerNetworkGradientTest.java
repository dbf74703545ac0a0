package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.assertj.core.data.Offset;

/**
 * The course's shallow network: Z1 = W1X + b1, A1 = tanh Z1, Z2 = W2A1 + b2, A2 = σ(Z2), and the
 * cross-entropy cost. Its closed-form backprop: dZ2 = A2 − Y; dW2 = dZ2 A1ᵀ/m; db2 = Σ dZ2/m;
 * dZ1 = W2ᵀdZ2 ∗ (1 − A1²); dW1 = dZ1 Xᵀ/m; db1 = Σ dZ1/m.
 */
class TwoLayerNetworkGradientTest {

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#few")
  void graphGradientsEqualTheClosedFormBackprop(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int nx = random.nextInt(1, 7);
    int nh = random.nextInt(1, 7);
    int m = random.nextInt(1, 21);
    DType f64 = DType.FLOAT64;
    Tensor x = Tensor.randn(random, f64, nx, m);
    Tensor y = Tensor.rand(random, 0, 1, f64, 1, m).gt(0.5);
    Tensor w1 = Tensor.randn(random, f64, nh, nx).requiresGrad(true);
    Tensor b1 = Tensor.randn(random, f64, nh, 1).requiresGrad(true);
    Tensor w2 = Tensor.randn(random, f64, 1, nh).requiresGrad(true);
    Tensor b2 = Tensor.randn(random, f64, 1, 1).requiresGrad(true);

    Tensor a1 = w1.matmul(x).add(b1).tanh();
    Tensor a2 = w2.matmul(a1).add(b2).sigmoid();
    Tensor cost = y.mul(a2.log()).add(y.neg().add(1).mul(a2.neg().add(1).log())).mean().neg();
    cost.backward();

    try (var g = Autograd.noGrad()) {
      Tensor dz2 = a2.sub(y);
      Tensor dw2 = dz2.matmul(a1.transpose()).div(m);
      Tensor db2 = dz2.sum(1, true).div(m);
      Tensor dz1 = w2.transpose().matmul(dz2).mul(a1.mul(a1).neg().add(1));
      Tensor dw1 = dz1.matmul(x.transpose()).div(m);
      Tensor db1 = dz1.sum(1, true).div(m);
      assertClose(w1.grad(), dw1);
      assertClose(b1.grad(), db1);
      assertClose(w2.grad(), dw2);
      assertClose(b2.grad(), db2);
    }
  }

  private static void assertClose(Tensor actual, Tensor expected) {
    assertThat(actual.shape()).containsExactly(expected.shape());
    assertThat(actual.toDoubleArray()).containsExactly(expected.toDoubleArray(), Offset.offset(1e-12));
  }
}
