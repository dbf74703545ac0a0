package dev.jgrad.nn.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientsTest {

  private static Tensor withGrad(double... grad) {
    Tensor p = Tensor.zeros(DType.FLOAT64, grad.length).requiresGrad(true);
    p.mul(Tensor.of(grad)).sum().backward();
    return p;
  }

  @Test
  void clipsTheJointNormAndReturnsItAsItWas() {
    Tensor a = withGrad(3, 0);
    Tensor b = withGrad(0, 4);
    Tensor unused = Tensor.zeros(2).requiresGrad(true);
    double norm = Gradients.clipGradNorm(List.of(a, b, unused), 1.0);
    assertThat(norm).isEqualTo(5);
    double scale = 1 / (5 + 1e-6);
    assertThat(a.grad().toDoubleArray()).containsExactly(new double[] {3 * scale, 0}, within(1e-15));
    assertThat(b.grad().toDoubleArray()).containsExactly(new double[] {0, 4 * scale}, within(1e-15));
    assertThat(unused.grad()).isNull();
  }

  @Test
  void leavesSmallGradientsAlone() {
    Tensor a = withGrad(0.3, 0.4);
    assertThat(Gradients.clipGradNorm(List.of(a), 1.0)).isCloseTo(0.5, within(1e-15));
    assertThat(a.grad().toDoubleArray()).containsExactly(0.3, 0.4);
  }

  @Test
  void aNonFiniteNormIsReturnedAndSpreadsAsInPyTorch() {
    Tensor a = withGrad(Double.POSITIVE_INFINITY, 1);
    assertThat(Gradients.clipGradNorm(List.of(a), 1.0)).isInfinite();
    assertThat(a.grad().toDoubleArray()[1]).isZero(); // 1 · (1 / ∞)
    assertThatThrownBy(() -> Gradients.clipGradNorm(List.of(a), 0)).hasMessageContaining("maxNorm");
  }
}
