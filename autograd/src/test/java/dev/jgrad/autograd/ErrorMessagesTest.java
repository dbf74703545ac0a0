package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input fails at once with a message naming the operation and the shapes, and builds nothing. */
class ErrorMessagesTest {

  @Test
  void shapeMismatchNamesTheOpAndBothShapes() {
    Tensor a = Tensor.zeros(2, 3).requiresGrad(true);
    Tensor b = Tensor.zeros(4, 3);
    assertThatThrownBy(() -> a.add(b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("add")
        .hasMessageContaining("[2, 3]")
        .hasMessageContaining("[4, 3]");
    assertThatThrownBy(() -> a.mul(Tensor.zeros(3, 2)))
        .hasMessageContaining("mul").hasMessageContaining("[2, 3]").hasMessageContaining("[3, 2]");
  }

  @Test
  void matmulInnerDimensionMismatch() {
    assertThatThrownBy(() -> Tensor.zeros(3, 4).matmul(Tensor.zeros(5, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("matmul: cannot multiply [3, 4] by [5, 2] (inner dimensions 4 != 5)");
  }

  @Test
  void backwardOnNonScalarWithoutGradient() {
    Tensor x = Tensor.ones(2, 2).requiresGrad(true);
    Tensor y = x.mul(2);
    assertThatThrownBy(y::backward)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backward")
        .hasMessageContaining("[2, 2]");
    assertThat(x.grad()).isNull();
  }

  @Test
  void backwardWithAGradientOfTheWrongShape() {
    Tensor y = Tensor.ones(2, 2).requiresGrad(true).mul(2);
    assertThatThrownBy(() -> y.backward(Tensor.ones(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[2]")
        .hasMessageContaining("[2, 2]");
  }

  @Test
  void dtypeMixIsRefusedWithoutPromotion() {
    Tensor f = Tensor.ones(2);
    Tensor d = Tensor.ones(DType.FLOAT64, 2);
    assertThatThrownBy(() -> f.add(d))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("add")
        .hasMessageContaining("FLOAT32")
        .hasMessageContaining("FLOAT64");
    assertThatThrownBy(() -> f.matmul(Tensor.ones(DType.FLOAT64, 2, 2))).hasMessageContaining("matmul: dtype mismatch");
    assertThat(f.add(d.to(DType.FLOAT32)).dtype()).isEqualTo(DType.FLOAT32);
  }

  @Test
  void reshapeToAWrongSize() {
    assertThatThrownBy(() -> Tensor.zeros(2, 3).reshape(4, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reshape: cannot reshape [2, 3] (6 elements) to [4, 2] (8 elements)");
    assertThatThrownBy(() -> Tensor.zeros(2, 3).reshape(4, -1)).hasMessageContaining("reshape");
  }

  @Test
  void axisOutOfRange() {
    Tensor x = Tensor.zeros(2, 3);
    assertThatThrownBy(() -> x.sum(2, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sum: axis 2 is out of range for shape [2, 3] (rank 2)");
    assertThatThrownBy(() -> x.softmax(-3)).hasMessageContaining("softmax: axis -3");
    assertThatThrownBy(() -> x.max(5, true)).hasMessageContaining("max: axis 5");
    assertThatThrownBy(() -> x.slice(3, 0, 1)).hasMessageContaining("slice: axis 3");
  }

  @Test
  void secondBackwardThroughAFreedGraph() {
    Tensor x = Tensor.ones(3).requiresGrad(true);
    Tensor y = x.tanh().sum();
    y.backward();
    assertThatThrownBy(y::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tanh")
        .hasMessageContaining("retainGraph");
  }

  @Test
  void retainGraphAllowsASecondBackward() {
    Tensor x = Tensor.of(new double[] {0.5}).requiresGrad(true);
    Tensor y = x.tanh().sum();
    y.backward(Tensor.scalar(1, DType.FLOAT64), true);
    y.backward();
    double t = Math.tanh(0.5);
    assertThat(x.grad().item()).isEqualTo(2 * (1 - t * t), org.assertj.core.data.Offset.offset(1e-15));
  }

  @Test
  void inPlaceChangeOfASavedTensorIsDetected() {
    Tensor w = Tensor.of(new float[] {1, 2}).requiresGrad(true);
    Tensor y = w.mul(w).sum();
    try (var g = Autograd.noGrad()) {
      w.mulInPlace(0.5f);
    }
    assertThatThrownBy(y::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mul")
        .hasMessageContaining("modified in place");
  }

  @Test
  void inPlaceChangeOfWheresConditionIsDetected() {
    Tensor a = Tensor.of(new float[] {1, 2}).requiresGrad(true);
    Tensor condition = Tensor.of(new float[] {1, 0});
    Tensor y = Tensor.where(condition, a, Tensor.zeros(2)).sum();
    condition.mulInPlace(0); // would route the whole gradient to the other branch
    assertThatThrownBy(y::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("where")
        .hasMessageContaining("modified in place");
    assertThat(a.grad()).isNull();
  }

  @Test
  void inPlaceUpdateOfALeafNeedsNoGrad() {
    Tensor w = Tensor.ones(2).requiresGrad(true);
    assertThatThrownBy(() -> w.addInPlace(Tensor.ones(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("noGrad");
    assertThat(w.toFloatArray()).containsExactly(1, 1);
  }

  @Test
  void failedBackwardLeavesNoHalfAccumulatedState() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor y = x.mul(3).sum();
    y.backward(Tensor.scalar(1, DType.FLOAT64), true);
    Tensor firstGrad = x.grad();
    // A hook that fails midway through the second pass.
    x.registerHook(g -> {
      throw new IllegalStateException("boom");
    });
    assertThatThrownBy(() -> y.backward(Tensor.scalar(1, DType.FLOAT64), true)).hasMessage("boom");
    assertThat(x.grad()).isSameAs(firstGrad);
  }

  @Test
  void gradOfAnInputThatDoesNotRequireGrad() {
    Tensor x = Tensor.ones(2).requiresGrad(true);
    Tensor c = Tensor.ones(2);
    assertThatThrownBy(() -> Autograd.grad(x.mul(c).sum(), List.of(c), false))
        .hasMessageContaining("grad: an input of shape [2] does not require grad");
  }
}
