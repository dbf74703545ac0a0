package dev.jgrad.nn.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Tanh;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Stepping the optimizer between a forward pass and its backward pass changes weights that the
 * pending graph saved; the backward must fail loudly rather than compute a gradient from the new
 * weights.
 */
class InPlaceUpdateDetectionTest {

  private static Sequential model() {
    var random = new SplittableRandom(1);
    return new Sequential(
        Linear.builder(2, 3).dtype(DType.FLOAT64).build(random), new Tanh(),
        Linear.builder(3, 1).dtype(DType.FLOAT64).build(random));
  }

  private static final Tensor X = Tensor.of(new double[] {0.5, -1, 2, 0.25}, 2, 2);

  @Test
  void stepBetweenForwardAndBackwardIsAnError() {
    Sequential model = model();
    Optimizer sgd = SGD.builder(model.parameters()).learningRate(0.1).momentum(0.9).build();
    model.forward(X).sum().backward();
    Tensor pending = model.forward(X).sum();
    sgd.step();
    assertThatThrownBy(pending::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("modified in place");
  }

  @Test
  void loadingStateBetweenForwardAndBackwardIsAnError() {
    Sequential model = model();
    Tensor pending = model.forward(X).sum();
    model.loadStateDict(model().stateDict());
    assertThatThrownBy(pending::backward).hasMessageContaining("modified in place");
  }

  @Test
  void theUsualOrderWorks() {
    Sequential model = model();
    Optimizer adam = Adam.builder(model.parameters()).learningRate(0.01).build();
    double first = 0;
    for (int i = 0; i < 3; i++) {
      adam.zeroGrad();
      Tensor loss = model.forward(X).pow(2).mean();
      if (i == 0) {
        first = loss.item();
      }
      loss.backward();
      adam.step();
    }
    assertThat(model.forward(X).pow(2).mean().item()).isLessThan(first);
  }
}
