package dev.jgrad.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DropoutTest {

  @Test
  void evalModePassesTheInputThrough() {
    Dropout dropout = new Dropout(0.5, new SplittableRandom(1));
    dropout.eval();
    Tensor x = Tensor.ones(10, 10);
    assertThat(dropout.forward(x)).isSameAs(x);
  }

  @Test
  void sameSeedSameMasks() {
    Tensor x = Tensor.ones(50);
    Dropout a = new Dropout(0.3, new SplittableRandom(42));
    Dropout b = new Dropout(0.3, new SplittableRandom(42));
    for (int i = 0; i < 3; i++) {
      assertThat(a.forward(x).toFloatArray()).containsExactly(b.forward(x).toFloatArray());
    }
    Dropout c = new Dropout(0.3, new SplittableRandom(43));
    assertThat(c.forward(x).toFloatArray()).isNotEqualTo(new Dropout(0.3, new SplittableRandom(42)).forward(x).toFloatArray());
  }

  @ParameterizedTest(name = "p = {0}")
  @ValueSource(doubles = {0.1, 0.5, 0.8})
  void survivorsAreScaledByOneOverOneMinusP(double p) {
    Dropout dropout = new Dropout(p, new SplittableRandom(7));
    double[] y = dropout.forward(Tensor.full(3, DType.FLOAT64, 20_000)).toDoubleArray();
    int kept = 0;
    for (double v : y) {
      if (v != 0) {
        assertThat(v).isCloseTo(3 / (1 - p), within(1e-12));
        kept++;
      }
    }
    // 20,000 draws: the kept fraction is within 2% of 1 − p (about 7 standard deviations).
    assertThat((double) kept / y.length).isCloseTo(1 - p, within(0.02));
  }

  @Test
  void gradientIsTheMask() {
    Dropout dropout = new Dropout(0.5, new SplittableRandom(3));
    Tensor x = Tensor.ones(100).requiresGrad(true);
    Tensor y = dropout.forward(x);
    y.sum().backward();
    assertThat(x.grad().toFloatArray()).containsExactly(y.toFloatArray());
  }

  @Test
  void zeroProbabilityIsTheIdentity() {
    Tensor x = Tensor.ones(4);
    assertThat(new Dropout(0, new SplittableRandom(1)).forward(x)).isSameAs(x);
  }

  @Test
  void probabilityMustBeBelowOne() {
    assertThatThrownBy(() -> new Dropout(1, new SplittableRandom(1))).hasMessageContaining("[0, 1)");
    assertThatThrownBy(() -> new Dropout(-0.1, new SplittableRandom(1))).hasMessageContaining("[0, 1)");
  }

  @Test
  void reseedingRestartsEachDropoutsMasksAndGivesEveryDropoutItsOwn() {
    Sequential model = new Sequential(
        new Dropout(0.5, new SplittableRandom(1)), new Dropout(0.5, new SplittableRandom(1)));
    Dropout first = (Dropout) model.namedChildren().get("0");
    Dropout second = (Dropout) model.namedChildren().get("1");
    Tensor x = Tensor.ones(DType.FLOAT32, 1000);

    model.reseed(42);
    float[] a1 = first.forward(x).toFloatArray();
    float[] a2 = first.forward(x).toFloatArray();
    float[] b1 = second.forward(x).toFloatArray();
    model.reseed(42);
    assertThat(first.forward(x).toFloatArray()).containsExactly(a1); // the same sequence again
    assertThat(first.forward(x).toFloatArray()).containsExactly(a2);
    assertThat(second.forward(x).toFloatArray()).containsExactly(b1);
    assertThat(b1).as("two dropouts built with equal generators draw apart after reseed").isNotEqualTo(a1);
    model.reseed(43);
    assertThat(first.forward(x).toFloatArray()).isNotEqualTo(a1);
  }
}
