package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Gradients of gradients, through createGraph. */
class DoubleBackwardTest {
  private static final Offset<Double> TIGHT = Offset.offset(1e-12);

  private static Tensor x(double... values) {
    return Tensor.of(values).requiresGrad(true);
  }

  @Test
  void secondDerivativeOfTanhIsMinusTwoTanhTimesOneMinusTanhSquared() {
    double v = 0.7;
    Tensor x = x(v);
    Tensor y = x.tanh().sum();
    Tensor dy = Autograd.grad(y, List.of(x), true).get(0);
    Tensor d2y = Autograd.grad(dy.sum(), List.of(x), false).get(0);
    double t = Math.tanh(v);
    assertThat(dy.item()).isCloseTo(1 - t * t, TIGHT);
    assertThat(d2y.item()).isCloseTo(-2 * t * (1 - t * t), TIGHT);
  }

  @Test
  void secondDerivativeOfCubeIsSixX() {
    Tensor x = x(1.5, -2);
    Tensor dy = Autograd.grad(x.pow(3).sum(), List.of(x), true).get(0);
    Tensor d2y = Autograd.grad(dy.sum(), List.of(x), false).get(0);
    assertThat(d2y.toDoubleArray()).containsExactly(new double[] {9, -12}, TIGHT);
  }

  @Test
  void backwardThroughCreatedGraphAccumulatesIntoLeaves() {
    Tensor x = x(2);
    Tensor dy = Autograd.grad(x.mul(x).mul(x).sum(), List.of(x), true).get(0); // 3x²
    dy.sum().backward(); // d(3x²)/dx = 6x
    assertThat(x.grad().item()).isCloseTo(12, TIGHT);
  }

  @Test
  void gradientsOfGradientsCheckOutNumerically() {
    Tensor a = Tensor.of(new double[] {0.3, -0.8, 1.1, 0.5, -0.2, 0.9}, 2, 3).requiresGrad(true);
    Tensor b = Tensor.of(new double[] {0.6, 1.4, 0.2, -0.5, 0.7, 1.3}, 3, 2).requiresGrad(true);
    Tensor p = Tensor.of(new double[] {0.4, 1.7, 2.2, 0.9, 1.1, 0.3}, 2, 3).requiresGrad(true);
    GradCheck.checkSecondOrder(in -> in[0].tanh(), a);
    GradCheck.checkSecondOrder(in -> in[0].sigmoid(), a);
    GradCheck.checkSecondOrder(in -> in[0].exp(), a);
    GradCheck.checkSecondOrder(in -> in[0].log(), p);
    GradCheck.checkSecondOrder(in -> in[0].pow(2.5), p);
    GradCheck.checkSecondOrder(in -> in[0].pow(in[1]), p, a);
    GradCheck.checkSecondOrder(in -> in[0].mul(in[1]), a, p);
    GradCheck.checkSecondOrder(in -> in[0].matmul(in[1]), a, b);
    GradCheck.checkSecondOrder(in -> in[0].matmul(in[1]).tanh(), a, b);
  }
}
