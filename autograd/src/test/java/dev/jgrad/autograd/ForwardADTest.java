package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The forward-mode API around the per-op rules (those are checked by OpTableTest). */
class ForwardADTest {

  @Test
  void aTangentFlowsThroughACompositionUnderNoGradToo() {
    Tensor x = Tensor.of(new double[] {0.5, -1, 2});
    Tensor u = Tensor.of(new double[] {1, 0, 0});
    try (var level = ForwardAD.dualLevel(); var g = Autograd.noGrad()) {
      Tensor y = ForwardAD.makeDual(x, u).tanh().mul(3).sum(); // d/dx0 of 3·tanh(x0)
      double t = Math.tanh(0.5);
      assertThat(ForwardAD.tangent(y).item()).isCloseTo(3 * (1 - t * t), within(1e-15));
      assertThat(ForwardAD.tangent(x)).as("the primal itself carries nothing").isNull();
    }
  }

  @Test
  void tangentsEndWithTheirLevel() {
    Tensor y;
    try (var level = ForwardAD.dualLevel()) {
      y = ForwardAD.makeDual(Tensor.ones(DType.FLOAT64, 2), Tensor.ones(DType.FLOAT64, 2)).exp();
      assertThat(ForwardAD.tangent(y)).isNotNull();
    }
    assertThat(ForwardAD.tangent(y)).isNull();
    try (var again = ForwardAD.dualLevel()) {
      assertThat(ForwardAD.tangent(y)).as("a tangent of a closed level").isNull();
    }
  }

  @Test
  void forwardOverReverseGivesTheHessianTimesAVector() {
    // f(x) = Σ x³: ∇f = 3x², H·u = 6x·u
    Tensor x = Tensor.of(new double[] {1, 2, -3}).requiresGrad(true);
    Tensor u = Tensor.of(new double[] {1, -1, 0.5});
    try (var level = ForwardAD.dualLevel()) {
      Tensor dual = ForwardAD.makeDual(x, u);
      Tensor grad = Autograd.grad(dual.pow(3).sum(), List.of(dual), true).get(0);
      assertThat(ForwardAD.tangent(grad).toDoubleArray()).containsExactly(new double[] {6, -12, -9}, within(1e-12));
    }
  }

  @Test
  void misuseIsNamed() {
    Tensor x = Tensor.ones(2);
    assertThatThrownBy(() -> ForwardAD.makeDual(x, Tensor.ones(2)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no dual level");
    try (var level = ForwardAD.dualLevel()) {
      assertThatThrownBy(() -> ForwardAD.makeDual(x, Tensor.ones(3)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3]").hasMessageContaining("[2]");
      assertThatThrownBy(() -> ForwardAD.makeDual(x, Tensor.ones(DType.FLOAT64, 2)))
          .hasMessageContaining("FLOAT64");
      assertThatThrownBy(ForwardAD::dualLevel).hasMessageContaining("already open");
    }
  }

  /** y = 2x, with and without a forward-mode rule. */
  static class Double extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      return in[0].mul(2);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
      return new Tensor[] {grad.mul(2)};
    }
  }

  @Test
  void aCustomFunctionNeedsItsOwnRule() {
    Tensor x = Tensor.of(new double[] {1, 2});
    try (var level = ForwardAD.dualLevel()) {
      Tensor dual = ForwardAD.makeDual(x, Tensor.of(new double[] {1, 1}));
      assertThatThrownBy(() -> new Double().apply(dual))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("Double: no forward-mode rule");
      Function withRule = new Double() {
        @Override
        protected Tensor jvp(Context ctx, Tensor... tangents) {
          return tangents[0].mul(2);
        }
      };
      assertThat(ForwardAD.tangent(withRule.apply(dual)).toDoubleArray()).containsExactly(2, 2);
    }
  }

  /**
   * A plain backward (createGraph false) inside a dual level attaches tangents to its gradients; at
   * sizes the buffer pool handles, their arrays must not be handed out again (found in review: they
   * were, from 512 doubles on).
   */
  @Test
  void tangentsOfAPlainBackwardInsideALevelSurviveLaterPasses() {
    var random = new java.util.SplittableRandom(5);
    int n = 2048;
    Tensor x = Tensor.randn(random, DType.FLOAT64, n);
    Tensor u = Tensor.randn(random, DType.FLOAT64, n);
    Tensor c = Tensor.randn(random, DType.FLOAT64, n);
    java.util.function.UnaryOperator<Tensor> f = t -> c.mul(t.tanh()).mul(t).sum();
    double[] expected = Autograd.hvp(f, x, u).toDoubleArray();
    try (var level = ForwardAD.dualLevel()) {
      Tensor dual = ForwardAD.makeDual(x.detach().requiresGrad(true), u);
      Tensor g = Autograd.grad(f.apply(dual), List.of(dual), false).get(0);
      Tensor hv = ForwardAD.tangent(g);
      for (int churn = 0; churn < 3; churn++) { // more pooled passes on this thread
        Tensor w = Tensor.randn(random, DType.FLOAT64, n).requiresGrad(true);
        w.tanh().mul(w).exp().sum().backward();
      }
      assertThat(hv.toDoubleArray()).containsExactly(expected, within(1e-12));
    }
  }

  @Test
  void aLeafWhoseDtypeChangedAfterRecordingFailsTheBackwardBeforeAnyWrite() {
    Tensor early = Tensor.ones(2).requiresGrad(true);
    Tensor w = Tensor.ones(2).requiresGrad(true);
    Tensor loss = early.mul(early).sum().add(w.add(1).sum()); // w itself is not saved
    try (var g = Autograd.noGrad()) {
      w.setData(Tensor.ones(DType.FLOAT64, 2));
    }
    assertThatThrownBy(loss::backward).isInstanceOf(IllegalStateException.class).hasMessageContaining("setData");
    assertThat(early.grad()).isNull();
    assertThat(w.grad()).isNull();
  }
}
