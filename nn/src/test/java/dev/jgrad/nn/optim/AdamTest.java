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
 * Adam and AdamW against updates worked out by hand. On the first step the bias-corrected moments
 * are m̂ = g and v̂ = g², so each element moves by lr·g / (|g| + ε): nearly lr·sign(g).
 */
class AdamTest {
  private static final double TOL = 1e-12;
  private static final double EPS = 1e-8;

  @Test
  void firstStepIsLearningRateTimesSign() {
    Tensor p = param(1, -2);
    Adam adam = Adam.builder(List.of(p)).learningRate(0.1).build();
    setGrad(p, 0.5, -0.25);
    adam.step();
    assertThat(p.toDoubleArray())
        .containsExactly(new double[] {1 - 0.1 * 0.5 / (0.5 + EPS), -2 + 0.1 * 0.25 / (0.25 + EPS)}, within(TOL));
  }

  @Test
  void secondStep() {
    Tensor p = param(1, -2);
    Adam adam = Adam.builder(List.of(p)).learningRate(0.1).build();
    setGrad(p, 0.5, 0.25);
    adam.step();
    setGrad(p, -1, 2);
    adam.step();
    // m = 0.9·0.1·g₁ + 0.1·g₂ = [−0.055, 0.2225];  v = 0.999·0.001·g₁² + 0.001·g₂² = [0.00124975, 0.0040624375]
    // m̂ = m / (1 − 0.9²) = m / 0.19;  v̂ = v / (1 − 0.999²) = v / 0.001999
    double[] m = {-0.055, 0.2225};
    double[] v = {0.00124975, 0.0040624375};
    double[] first = {1 - 0.1 * 0.5 / (0.5 + EPS), -2 - 0.1 * 0.25 / (0.25 + EPS)};
    double[] expected = new double[2];
    for (int i = 0; i < 2; i++) {
      expected[i] = first[i] - 0.1 * (m[i] / 0.19) / (Math.sqrt(v[i] / 0.001999) + EPS);
    }
    assertThat(p.toDoubleArray()).containsExactly(expected, within(TOL));
  }

  @Test
  void manyStepsMatchAScalarReference() {
    double lr = 0.05;
    double b1 = 0.8;
    double b2 = 0.99;
    double wd = 0.1;
    double[][] grads = {{0.3, -1.2, 0.0}, {-0.7, 0.4, 2.0}, {0.1, 0.1, -0.5}, {1.5, -0.2, 0.3}};
    for (boolean decoupled : new boolean[] {false, true}) {
      Tensor p = param(0.5, -1.0, 2.0);
      Adam.Builder builder = decoupled ? AdamW.builder(List.of(p)) : Adam.builder(List.of(p));
      Adam adam = builder.learningRate(lr).betas(b1, b2).weightDecay(wd).build();
      assertThat(adam instanceof AdamW).isEqualTo(decoupled);
      double[] ref = {0.5, -1.0, 2.0};
      double[] m = new double[3];
      double[] v = new double[3];
      for (int t = 1; t <= grads.length; t++) {
        setGrad(p, grads[t - 1]);
        adam.step();
        for (int i = 0; i < 3; i++) {
          double g = grads[t - 1][i];
          if (decoupled) {
            ref[i] *= 1 - lr * wd;
          } else {
            g += wd * ref[i];
          }
          m[i] = b1 * m[i] + (1 - b1) * g;
          v[i] = b2 * v[i] + (1 - b2) * g * g;
          double mHat = m[i] / (1 - Math.pow(b1, t));
          double vHat = v[i] / (1 - Math.pow(b2, t));
          ref[i] -= lr * mHat / (Math.sqrt(vHat) + EPS);
        }
        assertThat(p.toDoubleArray()).as("step %d, decoupled %s", t, decoupled).containsExactly(ref, within(1e-12));
      }
    }
  }

  @Test
  void adamWDecaysTheParameterNotTheGradient() {
    Tensor p = param(1, -2);
    Adam adamW = AdamW.builder(List.of(p)).learningRate(0.1).weightDecay(0.1).build();
    setGrad(p, 0.5, 0.25);
    adamW.step();
    // p·(1 − 0.1·0.1) = [0.99, −1.98], then the Adam step of ≈ 0.1 against the gradient's sign
    assertThat(p.toDoubleArray())
        .containsExactly(new double[] {0.99 - 0.1 * 0.5 / (0.5 + EPS), -1.98 - 0.1 * 0.25 / (0.25 + EPS)}, within(TOL));
  }

  @Test
  void adamWeightDecayIsAnL2Gradient() {
    Tensor p = param(1, -2);
    Adam adam = Adam.builder(List.of(p)).learningRate(0.1).weightDecay(0.1).build();
    setGrad(p, 0.5, 0.25);
    adam.step();
    // g = g₁ + 0.1·p = [0.6, 0.05]
    assertThat(p.toDoubleArray())
        .containsExactly(new double[] {1 - 0.1 * 0.6 / (0.6 + EPS), -2 - 0.1 * 0.05 / (0.05 + EPS)}, within(TOL));
  }

  @Test
  void defaults() {
    Adam adam = Adam.builder(List.of(param(1))).build();
    assertThat(adam.learningRate()).isEqualTo(1e-3);
    assertThat(adam.beta1()).isEqualTo(0.9);
    assertThat(adam.beta2()).isEqualTo(0.999);
    assertThat(adam.epsilon()).isEqualTo(1e-8);
    assertThat(adam.weightDecay()).isEqualTo(0);
    assertThat(adam.decoupledWeightDecay()).isFalse();
    Adam adamW = AdamW.builder(List.of(param(1))).build();
    assertThat(adamW.weightDecay()).isEqualTo(0.01);
    assertThat(adamW.decoupledWeightDecay()).isTrue();
  }

  @Test
  void builderValidates() {
    List<Tensor> ps = List.of(param(1));
    assertThatThrownBy(() -> Adam.builder(ps).betas(1, 0.999).build()).hasMessageContaining("Adam: beta1");
    assertThatThrownBy(() -> AdamW.builder(ps).betas(0.9, -0.1).build()).hasMessageContaining("AdamW: beta2");
    assertThatThrownBy(() -> Adam.builder(ps).epsilon(0).build()).hasMessageContaining("epsilon");
    assertThatThrownBy(() -> Adam.builder(ps).learningRate(-0.1).build()).hasMessageContaining("learning rate");
    assertThatThrownBy(() -> Adam.builder(ps).weightDecay(Double.POSITIVE_INFINITY).build())
        .hasMessageContaining("weight decay");
  }
}
