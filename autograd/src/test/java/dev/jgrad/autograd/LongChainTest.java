package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The backward pass is iterative: a chain far deeper than any call stack works. */
class LongChainTest {

  @Test
  void millionNodeChain() {
    int n = 1_000_000;
    Tensor x = Tensor.scalar(1, DType.FLOAT64).requiresGrad(true);
    Tensor y = x;
    for (int i = 0; i < n; i++) {
      y = y.mul(1.000001);
    }
    y.backward();
    double expected = Math.pow(1.000001, n);
    assertThat(y.item()).isCloseTo(expected, Offset.offset(1e-6));
    assertThat(x.grad().item()).isCloseTo(expected, Offset.offset(1e-6));
  }
}
