package dev.jgrad.nn.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  private static final double TOL = 1e-15;

  @Test
  void stepDecay() {
    LearningRateSchedule s = LearningRateSchedule.step(0.1, 3, 0.5);
    double[] expected = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125};
    for (int t = 0; t < expected.length; t++) {
      assertThat(s.rate(t)).as("t = %d", t).isCloseTo(expected[t], within(TOL));
    }
    for (int t = 0; t < 50; t++) {
      assertThat(s.rate(t)).isCloseTo(0.1 * Math.pow(0.5, t / 3), within(TOL));
    }
  }

  @Test
  void cosineAnnealing() {
    LearningRateSchedule s = LearningRateSchedule.cosine(0.1, 0.001, 10);
    assertThat(s.rate(0)).isCloseTo(0.1, within(TOL));
    assertThat(s.rate(5)).isCloseTo((0.1 + 0.001) / 2, within(TOL));
    assertThat(s.rate(10)).isCloseTo(0.001, within(TOL));
    assertThat(s.rate(25)).isCloseTo(0.001, within(TOL));
    for (int t = 0; t <= 10; t++) {
      assertThat(s.rate(t)).isCloseTo(0.001 + 0.099 * (1 + Math.cos(Math.PI * t / 10)) / 2, within(TOL));
      if (t > 0) {
        assertThat(s.rate(t)).isLessThan(s.rate(t - 1));
      }
    }
  }

  @Test
  void exponentialAndConstant() {
    assertThat(LearningRateSchedule.exponential(0.1, 0.9).rate(2)).isCloseTo(0.081, within(TOL));
    assertThat(LearningRateSchedule.constant(0.3).rate(1000)).isEqualTo(0.3);
  }

  @Test
  void warmup() {
    LearningRateSchedule s = LearningRateSchedule.warmup(4, LearningRateSchedule.constant(0.1));
    assertThat(s.rate(0)).isCloseTo(0.02, within(TOL));
    assertThat(s.rate(3)).isCloseTo(0.08, within(TOL));
    assertThat(s.rate(4)).isCloseTo(0.1, within(TOL));
  }

  @Test
  void appliesToAnOptimizer() {
    SGD sgd = SGD.builder(List.of(Tensor.ones(1).requiresGrad(true))).build();
    LearningRateSchedule.step(0.2, 1, 0.5).applyTo(sgd, 2);
    assertThat(sgd.learningRate()).isCloseTo(0.05, within(TOL));
  }

  @Test
  void argumentsAreChecked() {
    assertThatThrownBy(() -> LearningRateSchedule.step(0.1, 0, 0.5)).hasMessageContaining("stepSize");
    assertThatThrownBy(() -> LearningRateSchedule.cosine(0.1, 0.2, 10)).hasMessageContaining("exceeds");
    assertThatThrownBy(() -> LearningRateSchedule.cosine(0.1, 0.0, 10).rate(-1)).hasMessageContaining("t must be >= 0");
  }
}
