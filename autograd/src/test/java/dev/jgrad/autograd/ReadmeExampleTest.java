package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The README's embedding example, as written there, really trains. */
class ReadmeExampleTest {

  @Test
  void logisticRegressionFromTheReadmeLearnsItsSeparableTarget() {
    Tensor x = Tensor.randn(new SplittableRandom(0), 64, 3);
    Tensor w = Tensor.randn(new SplittableRandom(1), 3, 1).mul(0.01).requiresGrad(true);
    Tensor b = Tensor.zeros(1).requiresGrad(true);
    Tensor y = x.sum(1, true).gt(0);

    double first = Double.NaN;
    double last = Double.NaN;
    for (int step = 0; step < 100; step++) {
      Tensor cost = Functional.binaryCrossEntropyWithLogits(x.matmul(w).add(b), y, Reduction.MEAN);
      cost.backward();
      try (var g = Autograd.noGrad()) {
        w.addInPlace(w.grad(), -0.5);
        b.addInPlace(b.grad(), -0.5);
      }
      w.zeroGrad();
      b.zeroGrad();
      if (step == 0) {
        first = cost.item();
      }
      last = cost.item();
    }
    assertThat(first).isCloseTo(Math.log(2), org.assertj.core.data.Offset.offset(0.05));
    assertThat(last).isLessThan(first / 3);
    Tensor predictions = x.matmul(w).add(b).gt(0);
    assertThat(predictions.eq(y).mean().item()).isGreaterThanOrEqualTo(0.95);
  }
}
