package dev.jgrad.nn.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jgrad.autograd.Reduction;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

/** Losses against values worked out by hand (the literals' derivations are in the comments). */
class LossValuesTest {
  private static final double TOL = 1e-12;

  private static Tensor t(double... v) {
    return Tensor.of(v);
  }

  @Test
  void mse() {
    // differences 0, 2, −2: squares 0, 4, 4
    assertThat(Losses.mse(t(1, 2, 3), t(1, 0, 5), Reduction.SUM).item()).isCloseTo(8, within(TOL));
    assertThat(Losses.mse(t(1, 2, 3), t(1, 0, 5), Reduction.MEAN).item()).isCloseTo(8.0 / 3, within(TOL));
    assertThat(Losses.mse(t(1, 2, 3), t(1, 0, 5), Reduction.NONE).toDoubleArray()).containsExactly(0, 4, 4);
    assertThat(Loss.mse().compute(t(1, 2, 3), t(1, 0, 5)).item()).isCloseTo(8.0 / 3, within(TOL));
  }

  @Test
  void binaryCrossEntropyOnProbabilities() {
    // −ln 0.9 = 0.10536051565782628 (p = 0.9, y = 1);  −ln(1 − 0.2) = 0.2231435513142097 (p = 0.2, y = 0)
    double sum = 0.10536051565782628 + 0.2231435513142097;
    assertThat(Losses.binaryCrossEntropy(t(0.9, 0.2), t(1, 0), Reduction.SUM).item()).isCloseTo(sum, within(TOL));
    assertThat(Losses.binaryCrossEntropy(t(0.9, 0.2), t(1, 0), Reduction.MEAN).item()).isCloseTo(sum / 2, within(TOL));
    // soft target 0.3 at p = 0.6: −0.3·ln 0.6 − 0.7·ln 0.4 = 0.7946511994417057
    assertThat(Losses.binaryCrossEntropy(t(0.6), t(0.3), Reduction.MEAN).item())
        .isCloseTo(0.7946511994417057, within(TOL));
  }

  @Test
  void binaryCrossEntropyIsGuardedAgainstLogZero() {
    // p = 0 with y = 1 is clamped to ε = 1e-7: −ln 1e-7 = 16.11809565095832, not infinity.
    assertThat(Losses.binaryCrossEntropy(t(0), t(1), Reduction.MEAN).item()).isCloseTo(16.11809565095832, within(1e-9));
    assertThat(Losses.binaryCrossEntropy(t(1), t(1), Reduction.MEAN).item()).isCloseTo(0, within(1e-6));
    Tensor p = t(0, 1).requiresGrad(true);
    Losses.binaryCrossEntropy(p, t(1, 0), Reduction.SUM).backward();
    for (double g : p.grad().toDoubleArray()) {
      assertThat(g).isFinite();
    }
    Tensor p32 = Tensor.of(new float[] {0, 1}).requiresGrad(true);
    Tensor loss32 = Losses.binaryCrossEntropy(p32, Tensor.of(new float[] {1, 0}), Reduction.MEAN);
    assertThat(loss32.item()).isFinite();
  }

  @Test
  void binaryCrossEntropyRefusesLogits() {
    assertThatThrownBy(() -> Losses.binaryCrossEntropy(t(0.5, 2.5), t(1, 0), Reduction.MEAN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 1]")
        .hasMessageContaining("binaryCrossEntropyWithLogits");
  }

  @Test
  void binaryCrossEntropyWithLogits() {
    // z = 0, y = 1: ln 2;  z = 2, y = 0: ln(1 + e²) = 2.1269280110429722
    assertThat(Losses.binaryCrossEntropyWithLogits(t(0), t(1), Reduction.MEAN).item())
        .isCloseTo(Math.log(2), within(TOL));
    assertThat(Losses.binaryCrossEntropyWithLogits(t(2), t(0), Reduction.MEAN).item())
        .isCloseTo(2.1269280110429722, within(TOL));
    // Stable far out: z = 100, y = 0 costs 100 (σ(100) rounds to 1, so the naive formula gives ∞).
    assertThat(Losses.binaryCrossEntropyWithLogits(t(100, -100), t(0, 0), Reduction.SUM).item())
        .isCloseTo(100, within(1e-9));
    // Agrees with the probability form away from saturation.
    Tensor z = t(-1.5, 0.3, 2.0);
    Tensor y = t(1, 0, 1);
    assertThat(Losses.binaryCrossEntropyWithLogits(z, y, Reduction.MEAN).item())
        .isCloseTo(Losses.binaryCrossEntropy(z.sigmoid(), y, Reduction.MEAN).item(), within(1e-12));
  }

  @Test
  void crossEntropy() {
    Tensor logits = Tensor.of(new double[] {1, 2, 3, 0, 0, 0}, 2, 3);
    // row 0, label 2: ln(e + e² + e³) − 3 = 0.40760596444438013;  row 1, label 1: ln 3
    double first = 0.40760596444438013;
    double second = Math.log(3);
    assertThat(Losses.crossEntropy(logits, new int[] {2, 1}, Reduction.NONE).toDoubleArray())
        .containsExactly(new double[] {first, second}, within(TOL));
    assertThat(Losses.crossEntropy(logits, new int[] {2, 1}, Reduction.SUM).item()).isCloseTo(first + second, within(TOL));
    assertThat(Losses.crossEntropy(logits, new int[] {2, 1}, Reduction.MEAN).item())
        .isCloseTo((first + second) / 2, within(TOL));
    // label 0 of row 0: 2 more than label 2
    assertThat(Losses.crossEntropy(logits.slice(0, 0, 1), new int[] {0}, Reduction.MEAN).item())
        .isCloseTo(first + 2, within(TOL));
    assertThat(Loss.crossEntropy().compute(logits, t(2, 1)).item()).isCloseTo((first + second) / 2, within(TOL));
  }

  @Test
  void shapesMustMatchExactly() {
    Tensor column = Tensor.of(new double[] {0.5, 0.5}, 2, 1);
    assertThatThrownBy(() -> Losses.mse(column, t(1, 0), Reduction.MEAN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[2, 1]")
        .hasMessageContaining("[2]")
        .hasMessageContaining("do not broadcast");
    assertThatThrownBy(() -> Losses.crossEntropy(Tensor.zeros(3, 2), new int[] {0, 1}, Reduction.MEAN))
        .hasMessageContaining("N = 2 labels");
    assertThatThrownBy(() -> Losses.crossEntropy(Tensor.zeros(2, 2), new int[] {0, 2}, Reduction.MEAN))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Loss.crossEntropy().compute(Tensor.zeros(2, 2), Tensor.of(new float[] {0, 0.5f})))
        .hasMessageContaining("not a class index");
  }

  @Test
  void meanLossesOfNoRowsAreNaNAsInPyTorch() {
    Tensor none = Tensor.zeros(0, 3);
    assertThat(Losses.mse(none, none, Reduction.MEAN).item()).isNaN();
    assertThat(Losses.mse(none, none, Reduction.SUM).item()).isZero();
  }
}
