package dev.jgrad.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.init.Init;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearTest {

  @Test
  void forwardIsXTimesWPlusB() {
    Linear layer = new Linear(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), Tensor.of(new float[] {10, 20, 30}));
    Tensor y = layer.forward(Tensor.of(new float[] {1, 1, 2, -1}, 2, 2));
    // [1, 1]·W = [5, 7, 9];  [2, −1]·W = [−2, −1, 0]
    assertThat(y.shape()).containsExactly(2, 3);
    assertThat(y.toFloatArray()).containsExactly(15, 27, 39, 8, 19, 30);
  }

  @Test
  void storesWeightAsInByOut() {
    Linear layer = new Linear(3, 5, new SplittableRandom(1));
    assertThat(layer.weight().shape()).containsExactly(3, 5);
    assertThat(layer.bias().shape()).containsExactly(5);
    assertThat(layer.inFeatures()).isEqualTo(3);
    assertThat(layer.outFeatures()).isEqualTo(5);
  }

  @Test
  void defaultInitialisationIsPyTorchsBound() {
    Linear layer = new Linear(16, 32, new SplittableRandom(2));
    double bound = 1 / Math.sqrt(16);
    for (float w : layer.weight().toFloatArray()) {
      assertThat(Math.abs(w)).isLessThanOrEqualTo((float) bound);
    }
    for (float b : layer.bias().toFloatArray()) {
      assertThat(Math.abs(b)).isLessThanOrEqualTo((float) bound);
    }
  }

  @Test
  void sameSeedSameLayer() {
    Linear a = Linear.builder(4, 3).weightInit(Init.heNormal()).biasInit(Init.zeros()).build(new SplittableRandom(9));
    Linear b = Linear.builder(4, 3).weightInit(Init.heNormal()).biasInit(Init.zeros()).build(new SplittableRandom(9));
    assertThat(a.weight().toFloatArray()).containsExactly(b.weight().toFloatArray());
    assertThat(a.bias().toFloatArray()).containsOnly(0f);
  }

  @Test
  void withoutBias() {
    Linear layer = Linear.builder(2, 2).bias(false).build(new SplittableRandom(1));
    assertThat(layer.bias()).isNull();
    assertThat(layer.namedParameters().keySet()).containsExactly("weight");
  }

  @Test
  void wrongInputWidthNamesTheShapes() {
    Linear layer = new Linear(3, 2, new SplittableRandom(1));
    assertThatThrownBy(() -> layer.forward(Tensor.ones(4, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[4, 2]")
        .hasMessageContaining("[3, 2]");
  }

  @Test
  void builderValidates() {
    assertThatThrownBy(() -> Linear.builder(0, 2).build(new SplittableRandom(1))).hasMessageContaining("positive");
    assertThatThrownBy(() -> new Linear(Tensor.ones(2, 3), Tensor.ones(2))).hasMessageContaining("bias must have shape [3]");
  }
}
