package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Anomaly mode: the op that made the first NaN or infinity, its shapes and the line that called it. */
class AnomalyTest {

  /** The line of this file that called the op, as the exception must report it. */
  private static String here(int line) {
    return "AnomalyTest.java:" + line;
  }

  /** The line this is called from. */
  private static int line() {
    return StackWalker.getInstance().walk(s -> s.skip(1).findFirst().orElseThrow().getLineNumber());
  }

  @Test
  void aForwardOpThatMakesNaNFromFiniteInputsIsNamedWithItsShapesAndLine() {
    Tensor x = Tensor.of(new float[] {1, -1, 2, 3}, 2, 2);
    try (var a = Autograd.detectAnomaly()) {
      Tensor y = x.mul(2);
      AnomalyException e = catchThrowableOfType(AnomalyException.class, () -> y.log()); int line = line();
      assertThat(e.op()).isEqualTo("log");
      assertThat(e.site()).isEqualTo(here(line));
      assertThat(e.getMessage()).contains("log", "NaN", "FLOAT32 [2, 2]", here(line));
    }
  }

  @Test
  void laterOpsOnANaNAreNotBlamed() {
    Tensor x = Tensor.of(new double[] {Double.NaN, 1});
    try (var a = Autograd.detectAnomaly()) {
      assertThat(x.exp().mul(2).sum().item()).isNaN(); // the NaN came in: nothing made it here
    }
  }

  @Test
  void overflowIsAnAnomalyToo() {
    Tensor x = Tensor.of(new float[] {100f});
    try (var a = Autograd.detectAnomaly()) {
      assertThatThrownBy(x::exp).isInstanceOf(AnomalyException.class).hasMessageContaining("exp: made infinity");
    }
  }

  @Test
  void aBackwardThatMakesInfinityNamesTheNodeAndWhereItWasRecorded() {
    Tensor x = Tensor.of(new double[] {0, 4}).requiresGrad(true);
    try (var a = Autograd.detectAnomaly()) {
      Tensor loss = x.sqrt().mul(3).sum(); int line = line(); // forward is finite: √0 = 0
      AnomalyException e = catchThrowableOfType(AnomalyException.class, loss::backward);
      assertThat(e.op()).isEqualTo("sqrt");
      assertThat(e.site()).isEqualTo(here(line));
      assertThat(e.getMessage()).contains("sqrt: backward made infinity", "FLOAT64 [2]", here(line));
    }
    assertThat(x.grad()).as("nothing accumulated by the failed pass").isNull();
  }

  @Test
  void offTheScopeNothingIsChecked() {
    Tensor x = Tensor.of(new double[] {-1});
    assertThat(x.log().item()).isNaN();
    assertThat(Autograd.isAnomalyEnabled()).isFalse();
    try (var a = Autograd.detectAnomaly()) {
      assertThat(Autograd.isAnomalyEnabled()).isTrue();
    }
    assertThat(Autograd.isAnomalyEnabled()).isFalse();
  }

  @Test
  void theScopeBelongsToItsThread() throws Exception {
    var pool = Executors.newSingleThreadExecutor();
    try (var a = Autograd.detectAnomaly()) {
      Future<Double> other = pool.submit(() -> Tensor.of(new double[] {-1}).log().item());
      assertThat(other.get()).isNaN(); // another thread's ops are not checked
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCustomFunctionIsCheckedByName() {
    class Reciprocal extends Function {
      @Override
      protected Tensor forward(Context ctx, Tensor... in) {
        double[] v = in[0].toDoubleArray();
        return Tensor.of(new double[] {1 / v[0]});
      }

      @Override
      protected Tensor[] backward(Context ctx, Tensor grad) {
        return new Tensor[] {grad};
      }
    }
    try (var a = Autograd.detectAnomaly()) {
      assertThatThrownBy(() -> new Reciprocal().apply(Tensor.of(new double[] {0})))
          .isInstanceOf(AnomalyException.class)
          .hasMessageStartingWith("Reciprocal: made infinity");
    }
  }
}
