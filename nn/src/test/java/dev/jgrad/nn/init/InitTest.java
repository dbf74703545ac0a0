package dev.jgrad.nn.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitTest {
  private static final int FAN_IN = 200;
  private static final int FAN_OUT = 300;

  private static double[] draw(Initializer init, long seed) {
    Tensor t = init.create(new int[] {FAN_IN, FAN_OUT}, FAN_IN, FAN_OUT, DType.FLOAT64, new SplittableRandom(seed));
    assertThat(t.shape()).containsExactly(FAN_IN, FAN_OUT);
    return t.toDoubleArray();
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double std(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / v.length);
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  @Test
  void everySchemeIsReproducibleFromItsSeed() {
    for (Initializer init : new Initializer[] {
      Init.normal(0.01), Init.uniform(-1, 1), Init.xavierUniform(), Init.xavierNormal(), Init.heNormal(),
      Init.heUniform(), Init.lecunUniform(), Init.lecunNormal(), Init.linearDefault()
    }) {
      assertThat(draw(init, 5)).containsExactly(draw(init, 5));
      assertThat(draw(init, 5)).isNotEqualTo(draw(init, 6));
    }
  }

  @Test
  void zerosAndConstant() {
    assertThat(draw(Init.zeros(), 1)).containsOnly(0.0);
    assertThat(draw(Init.constant(0.5), 1)).containsOnly(0.5);
  }

  // 60,000 samples: the sample std is within about 0.6% of the true one (a few standard errors).

  @Test
  void smallNormalIsTheCoursesTimesPointZeroOne() {
    double[] w = draw(Init.normal(0.01), 2);
    assertThat(mean(w)).isCloseTo(0, within(2e-4));
    assertThat(std(w)).isCloseTo(0.01, within(0.01 * 0.02));
  }

  @Test
  void xavierUniformBoundAndVariance() {
    double a = Math.sqrt(6.0 / (FAN_IN + FAN_OUT));
    double[] w = draw(Init.xavierUniform(), 3);
    assertThat(maxAbs(w)).isLessThanOrEqualTo(a).isGreaterThan(0.99 * a);
    assertThat(std(w)).isCloseTo(Math.sqrt(2.0 / (FAN_IN + FAN_OUT)), within(0.02 * Math.sqrt(2.0 / 500)));
  }

  @Test
  void xavierNormalStd() {
    double[] w = draw(Init.xavierNormal(2), 4);
    assertThat(std(w)).isCloseTo(2 * Math.sqrt(2.0 / (FAN_IN + FAN_OUT)), within(0.02 * 2 * Math.sqrt(2.0 / 500)));
  }

  @Test
  void heNormalStd() {
    double[] w = draw(Init.heNormal(), 5);
    assertThat(std(w)).isCloseTo(Math.sqrt(2.0 / FAN_IN), within(0.02 * Math.sqrt(2.0 / FAN_IN)));
  }

  @Test
  void heUniformBound() {
    double a = Math.sqrt(6.0 / FAN_IN);
    double[] w = draw(Init.heUniform(), 6);
    assertThat(maxAbs(w)).isLessThanOrEqualTo(a).isGreaterThan(0.99 * a);
    assertThat(std(w)).isCloseTo(Math.sqrt(2.0 / FAN_IN), within(0.02 * Math.sqrt(2.0 / FAN_IN)));
  }

  @Test
  void lecunUniformHasVarianceOneOverFanIn() {
    double a = Math.sqrt(3.0 / FAN_IN);
    double[] w = draw(Init.lecunUniform(), 7);
    assertThat(maxAbs(w)).isLessThanOrEqualTo(a).isGreaterThan(0.99 * a);
    assertThat(std(w)).isCloseTo(Math.sqrt(1.0 / FAN_IN), within(0.02 * Math.sqrt(1.0 / FAN_IN)));
    assertThat(std(draw(Init.lecunNormal(), 8))).isCloseTo(Math.sqrt(1.0 / FAN_IN), within(0.02 * Math.sqrt(1.0 / FAN_IN)));
  }

  /** PyTorch's nn.Linear default: U(±1/√fanIn), a third of LeCun's variance. */
  @Test
  void linearDefaultIsPyTorchs() {
    double a = 1 / Math.sqrt(FAN_IN);
    double[] w = draw(Init.linearDefault(), 9);
    assertThat(maxAbs(w)).isLessThanOrEqualTo(a).isGreaterThan(0.99 * a);
    assertThat(std(w)).isCloseTo(a / Math.sqrt(3), within(0.02 * a / Math.sqrt(3)));
  }

  @Test
  void float32ResultsHaveTheDtypeAsked() {
    Tensor t = Init.heNormal().create(new int[] {3, 4}, 3, 4, DType.FLOAT32, new SplittableRandom(1));
    assertThat(t.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(t.requiresGrad()).isFalse();
  }

  @Test
  void fillOverwritesAParameterInPlace() {
    Tensor p = Tensor.ones(2, 3).requiresGrad(true);
    Tensor same = Init.fill(p, Init.zeros(), 2, 3, new SplittableRandom(1));
    assertThat(same).isSameAs(p);
    assertThat(p.toFloatArray()).containsOnly(0f);
  }

  @Test
  void argumentsAreChecked() {
    assertThatThrownBy(() -> Init.normal(-1)).hasMessageContaining("std");
    assertThatThrownBy(() -> Init.xavierUniform(0)).hasMessageContaining("gain");
    assertThatThrownBy(() -> Init.heNormal().create(new int[] {0, 3}, 0, 3, DType.FLOAT32, new SplittableRandom(1)))
        .hasMessageContaining("fanIn must be positive");
  }
}
