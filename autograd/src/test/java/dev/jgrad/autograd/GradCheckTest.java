package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class GradCheckTest {

  /** A custom op whose gradient is wrong at exactly one element, to see the report point at it. */
  private static Tensor wrongAtOneElement(Tensor x) {
    Function f = new Function() {
      @Override
      protected Tensor forward(Context ctx, Tensor... in) {
        return in[0].mul(2);
      }

      @Override
      protected Tensor[] backward(Context ctx, Tensor grad) {
        double[] bump = new double[grad.size()];
        bump[4] = 1;
        return new Tensor[] {grad.mul(2).add(Tensor.of(bump, grad.shape()).mul(grad))};
      }
    };
    return f.apply(x);
  }

  @Test
  void failureNamesInputElementAndBothValues() {
    Tensor c = Tensor.ones(DType.FLOAT64, 2);
    Tensor x = Tensor.zeros(DType.FLOAT64, 2, 3).requiresGrad(true);
    GradCheck.GradCheckError e =
        catchThrowableOfType(GradCheck.GradCheckError.class, () -> GradCheck.check(in -> wrongAtOneElement(in[1]), c, x));
    assertThat(e.input()).isEqualTo(1);
    assertThat(e.element()).isEqualTo(4);
    assertThat(e.analytic()).isNotCloseTo(e.numeric(), Offset.offset(0.1));
    assertThat(e).hasMessageContaining("index [1, 1]").hasMessageContaining("shape [2, 3]");
  }

  @Test
  void fastModeCatchesOneWrongElement() {
    GradCheck fast = GradCheck.builder().fastMode(true).build();
    Tensor x = Tensor.rand(new java.util.SplittableRandom(1), -1, 1, DType.FLOAT64, 30, 40).requiresGrad(true);
    fast.verify(in -> in[0].tanh().mul(in[0]), x); // right: passes
    assertThatThrownBy(() -> fast.verify(in -> wrongAtOneElement(in[0]), x))
        .isInstanceOf(GradCheck.GradCheckError.class)
        .hasMessageContaining("fast mode");
    assertThat(x.toDoubleArray()).as("inputs restored").containsExactly(
        Tensor.rand(new java.util.SplittableRandom(1), -1, 1, DType.FLOAT64, 30, 40).toDoubleArray());
  }

  @Test
  void aNamedCheckSaysWhichFunctionFailed() {
    Tensor x = Tensor.zeros(DType.FLOAT64, 2, 3).requiresGrad(true);
    assertThatThrownBy(() -> GradCheck.check("doubling, 100%", in -> wrongAtOneElement(in[0]), x))
        .hasMessageStartingWith("GradCheck of doubling, 100%: gradient mismatch");
  }

  @Test
  void leavesTheCallersTensorsAlone() {
    Tensor x = Tensor.of(new double[] {0.1, 0.2}).requiresGrad(true);
    GradCheck.check(in -> in[0].exp(), x);
    assertThat(x.grad()).isNull();
    assertThat(x.toDoubleArray()).containsExactly(0.1, 0.2);
  }

  @Test
  void refusesFloat32AndInputsWithoutGrad() {
    assertThatThrownBy(() -> GradCheck.check(in -> in[0].exp(), Tensor.ones(2).requiresGrad(true)))
        .hasMessageContaining("FLOAT64");
    assertThatThrownBy(() -> GradCheck.check(in -> in[0].exp(), Tensor.ones(DType.FLOAT64, 2)))
        .hasMessageContaining("no input requires grad");
  }

  @Test
  void builderValidatesItsSettings() {
    assertThatThrownBy(() -> GradCheck.builder().eps(0).build()).hasMessageContaining("eps");
    assertThatThrownBy(() -> GradCheck.builder().atol(-1).build()).hasMessageContaining("atol");
  }

  @Test
  void constantOutputHasZeroGradient() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    GradCheck.check(in -> Tensor.ones(DType.FLOAT64, 2), x);
  }
}
