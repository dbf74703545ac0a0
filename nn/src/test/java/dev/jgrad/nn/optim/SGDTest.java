package dev.jgrad.nn.optim;

import static dev.jgrad.nn.optim.OptimizerTestSupport.param;
import static dev.jgrad.nn.optim.OptimizerTestSupport.setGrad;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SGD steps against updates worked out by hand, from p = [1, −2] with gradients g₁ = [0.5, 0.25] and
 * then g₂ = [−1, 2], learning rate 0.1.
 */
class SGDTest {
  private static final double TOL = 1e-12;

  private static Tensor twoSteps(SGD sgd) {
    Tensor p = sgd.parameters().get(0);
    setGrad(p, 0.5, 0.25);
    sgd.step();
    setGrad(p, -1, 2);
    sgd.step();
    return p;
  }

  @Test
  void plainStep() {
    Tensor p = param(1, -2);
    SGD sgd = SGD.builder(List.of(p)).learningRate(0.1).build();
    setGrad(p, 0.5, 0.25);
    sgd.step();
    // p − 0.1·g₁ = [0.95, −2.025]
    assertThat(p.toDoubleArray()).containsExactly(new double[] {0.95, -2.025}, within(TOL));
  }

  @Test
  void momentum() {
    Tensor p = param(1, -2);
    SGD sgd = SGD.builder(List.of(p)).learningRate(0.1).momentum(0.9).build();
    setGrad(p, 0.5, 0.25);
    sgd.step();
    // first step: b = g₁, p = [0.95, −2.025]
    assertThat(p.toDoubleArray()).containsExactly(new double[] {0.95, -2.025}, within(TOL));
    setGrad(p, -1, 2);
    sgd.step();
    // b = 0.9·[0.5, 0.25] + [−1, 2] = [−0.55, 2.225];  p = [0.95 + 0.055, −2.025 − 0.2225]
    assertThat(p.toDoubleArray()).containsExactly(new double[] {1.005, -2.2475}, within(TOL));
  }

  @Test
  void nesterov() {
    Tensor p = param(1, -2);
    SGD sgd = SGD.builder(List.of(p)).learningRate(0.1).momentum(0.9).nesterov(true).build();
    setGrad(p, 0.5, 0.25);
    sgd.step();
    // b = g₁;  g = g₁ + 0.9·b = [0.95, 0.475];  p = [0.905, −2.0475]
    assertThat(p.toDoubleArray()).containsExactly(new double[] {0.905, -2.0475}, within(TOL));
    setGrad(p, -1, 2);
    sgd.step();
    // b = [−0.55, 2.225];  g = g₂ + 0.9·b = [−1.495, 4.0025];  p = [0.905 + 0.1495, −2.0475 − 0.40025]
    assertThat(p.toDoubleArray()).containsExactly(new double[] {1.0545, -2.44775}, within(TOL));
  }

  @Test
  void weightDecay() {
    Tensor p = param(1, -2);
    SGD sgd = SGD.builder(List.of(p)).learningRate(0.1).weightDecay(0.01).build();
    setGrad(p, 0.5, 0.25);
    sgd.step();
    // g = g₁ + 0.01·p = [0.51, 0.23];  p = [0.949, −2.023]
    assertThat(p.toDoubleArray()).containsExactly(new double[] {0.949, -2.023}, within(TOL));
  }

  @Test
  void dampening() {
    Tensor p = twoSteps(SGD.builder(List.of(param(1, -2))).learningRate(0.1).momentum(0.9).dampening(0.5).build());
    // first step undampened (b = g₁, p = [0.95, −2.025]);  b = 0.9·g₁ + 0.5·g₂ = [−0.05, 1.225]
    assertThat(p.toDoubleArray()).containsExactly(new double[] {0.955, -2.1475}, within(TOL));
  }

  @Test
  void parametersWithoutGradientAreLeftAlone() {
    Tensor used = param(1);
    Tensor unused = param(5);
    SGD sgd = SGD.builder(List.of(used, unused)).learningRate(0.1).build();
    setGrad(used, 1);
    sgd.step();
    assertThat(used.item()).isCloseTo(0.9, within(TOL));
    assertThat(unused.item()).isEqualTo(5);
  }

  @Test
  void zeroGradAndLearningRate() {
    Tensor p = param(1);
    SGD sgd = SGD.builder(List.of(p)).build();
    assertThat(sgd.learningRate()).isEqualTo(SGD.DEFAULT_LEARNING_RATE);
    setGrad(p, 1);
    sgd.zeroGrad();
    assertThat(p.grad()).isNull();
    sgd.setLearningRate(0.5);
    assertThat(sgd.learningRate()).isEqualTo(0.5);
    assertThatThrownBy(() -> sgd.setLearningRate(-1)).hasMessageContaining("learning rate");
  }

  @Test
  void builderValidates() {
    List<Tensor> ps = List.of(param(1));
    assertThatThrownBy(() -> SGD.builder(ps).learningRate(Double.NaN).build()).hasMessageContaining("learning rate");
    assertThatThrownBy(() -> SGD.builder(ps).momentum(1).build()).hasMessageContaining("momentum must be in [0, 1)");
    assertThatThrownBy(() -> SGD.builder(ps).nesterov(true).build()).hasMessageContaining("Nesterov");
    assertThatThrownBy(() -> SGD.builder(ps).momentum(0.9).dampening(0.1).nesterov(true).build())
        .hasMessageContaining("dampening 0");
    assertThatThrownBy(() -> SGD.builder(ps).weightDecay(-1).build()).hasMessageContaining("weight decay");
    assertThatThrownBy(() -> SGD.builder(List.of()).build()).hasMessageContaining("no parameters");
    Tensor p = param(1);
    assertThatThrownBy(() -> SGD.builder(List.of(p, p)).build()).hasMessageContaining("listed twice");
    assertThatThrownBy(() -> SGD.builder(List.of(Tensor.ones(1))).build()).hasMessageContaining("requires grad");
  }
}
