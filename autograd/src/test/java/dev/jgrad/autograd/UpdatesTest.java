package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The fused updates through the public API: results, in-place bookkeeping and bad calls. */
class UpdatesTest {

  @Test
  void anSgdStepWithMomentumUpdatesTheParameterAndTheBuffer() {
    Tensor p = Tensor.of(new double[] {1, 2});
    Tensor g = Tensor.of(new double[] {0.5, -1});
    Tensor b = Tensor.zeros(DType.FLOAT64, 2);
    Updates.sgd(p, g, b, 0.1, 0.9, 0, false, 0, true);
    assertThat(b.toDoubleArray()).containsExactly(0.5, -1);
    assertThat(p.toDoubleArray()).containsExactly(new double[] {0.95, 2.1}, within(1e-15));
    Updates.sgd(p, g, b, 0.1, 0.9, 0, false, 0, false);
    assertThat(b.toDoubleArray()).containsExactly(new double[] {0.95, -1.9}, within(1e-15));
    assertThat(p.toDoubleArray()).containsExactly(new double[] {0.855, 2.29}, within(1e-15));
  }

  @Test
  void anUpdatedTensorCountsAsModifiedInPlace() {
    Tensor p = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor y = p.mul(p); // saves p
    try (var g = Autograd.noGrad()) {
      Tensor m = Tensor.zeros(DType.FLOAT64, 2);
      Tensor v = Tensor.zeros(DType.FLOAT64, 2);
      Updates.adam(p, Tensor.ones(DType.FLOAT64, 2), m, v, 0.1, 0.9, 0.999, 1e-8, 0, false, 1);
      assertThat(m.toDoubleArray()).containsExactly(new double[] {0.1, 0.1}, within(1e-15));
    }
    assertThatThrownBy(() -> y.sum().backward()).hasMessageContaining("modified in place");
  }

  @Test
  void badCallsNameTheUpdateAndTheShapes() {
    Tensor p = Tensor.zeros(2, 3);
    assertThatThrownBy(() -> Updates.adam(p, Tensor.zeros(3, 2), Tensor.zeros(2, 3), Tensor.zeros(2, 3), 0.1, 0.9,
            0.999, 1e-8, 0, false, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("adam")
        .hasMessageContaining("[2, 3]")
        .hasMessageContaining("[3, 2]");
    assertThatThrownBy(() -> Updates.sgd(p, Tensor.zeros(2, 3), null, 0.1, 0.9, 0, false, 0, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("momentum buffer");
    Tensor w = Tensor.zeros(2).requiresGrad(true);
    assertThatThrownBy(() -> Updates.sgd(w, Tensor.zeros(2), null, 0.1, 0, 0, false, 0, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("noGrad");
  }
}
