package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A backward pass that fails half-way leaves nothing behind: every gradient is as it was before the
 * call, and the graph is intact, so the same loss can be differentiated once the cause is removed.
 * Each failure kind is planted on a branch that runs after another branch has reached its leaf.
 */
class FailedBackwardTest {

  /** A planted failure: how to break the graph of {@code loss = early + late}, and how to mend it. */
  record Failure(String name, Function<Tensor, Tensor> lateBranch, Runnable mend, Class<? extends Throwable> thrown) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final class Throwing extends dev.jgrad.autograd.Function {
    static boolean fail = true;

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      return in[0].mul(3);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
      if (fail) {
        throw new IllegalStateException("planted failure");
      }
      return new Tensor[] {grad.mul(3)};
    }
  }

  /** Returns a gradient of the wrong shape, or of the wrong dtype. */
  static final class WrongGradient extends dev.jgrad.autograd.Function {
    private final boolean wrongDtype;

    WrongGradient(boolean wrongDtype) {
      this.wrongDtype = wrongDtype;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      return in[0].mul(3);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
      return new Tensor[] {wrongDtype ? grad.to(DType.FLOAT32) : Tensor.ones(DType.FLOAT64, 2, 2)};
    }
  }

  static Stream<Arguments> failures() {
    Tensor saved = Tensor.of(new double[] {1, 2, 3});
    boolean[] hookFails = {true};
    Supplier<Failure> modifiedSaved = () -> new Failure(
        "a saved tensor modified in place",
        x -> {
          Tensor s = saved.detach();
          Tensor y = x.mul(s).sum();
          s.addInPlace(Tensor.ones(DType.FLOAT64, 3)); // after forward: mul's saved s is stale
          return y;
        },
        null, IllegalStateException.class);
    return Stream.of(
        Arguments.of(modifiedSaved.get()),
        Arguments.of(new Failure(
            "a custom function's backward throws",
            x -> new Throwing().apply(x).sum(),
            () -> Throwing.fail = false, IllegalStateException.class)),
        Arguments.of(new Failure(
            "a hook returns the wrong shape",
            x -> {
              Tensor y = x.mul(2);
              y.registerHook(g -> hookFails[0] ? Tensor.ones(DType.FLOAT64, 4) : null);
              return y.sum();
            },
            () -> hookFails[0] = false, IllegalStateException.class)),
        Arguments.of(new Failure(
            "a custom function's gradient has the wrong shape",
            x -> new WrongGradient(false).apply(x).sum(),
            null, IllegalStateException.class)),
        Arguments.of(new Failure(
            "a custom function's gradient has the wrong dtype",
            x -> new WrongGradient(true).apply(x).sum(),
            null, IllegalStateException.class)),
        Arguments.of(new Failure(
            "a part of the graph freed by an earlier backward",
            x -> {
              Tensor shared = x.exp();
              shared.sum().backward(); // frees exp's saved output
              x.zeroGrad();
              return shared.mul(2).sum();
            },
            null, IllegalStateException.class)),
        Arguments.of(new Failure(
            "a NaN made by backward under anomaly mode",
            x -> x.sqrt().sum(), // d√x at 0 is infinite
            null, AnomalyException.class)));
  }

  /** Puts the failure below a chain of ops, so that the pass reaches the early leaf first. */
  private static Tensor deep(Tensor t) {
    for (int i = 0; i < 6; i++) {
      t = t.mul(1);
    }
    return t;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void leavesGradientsAndGraphAsTheyWere(Failure failure) {
    Throwing.fail = true;
    Tensor early = Tensor.of(new double[] {1, -2, 3}).requiresGrad(true);
    Tensor late = Tensor.of(new double[] {0, 4, 9}).requiresGrad(true);
    early.mul(early).sum().backward(); // an earlier pass: early.grad = 2·early
    double[] before = early.grad().toDoubleArray();
    Tensor retained = early.mul(5).retainGrad();
    Tensor loss = retained.sum().add(deep(failure.lateBranch().apply(late)));

    try (var a = Autograd.detectAnomaly()) {
      assertThatThrownBy(loss::backward).isInstanceOf(failure.thrown());
    }
    assertThat(early.grad().toDoubleArray()).as("a leaf reached before the failure").containsExactly(before);
    assertThat(late.grad()).as("the leaf below the failure").isNull();
    assertThat(retained.grad()).as("a retained gradient").isNull();

    if (failure.mend() != null) {
      failure.mend().run();
      loss.backward(); // the graph was not freed by the failed pass
      assertThat(early.grad().toDoubleArray()).containsExactly(before[0] + 5, before[1] + 5, before[2] + 5);
      assertThat(retained.grad().toDoubleArray()).containsExactly(1, 1, 1);
      assertThat(late.grad()).isNotNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void autogradGradFailsWithoutTouchingAnyGradient(Failure failure) {
    Throwing.fail = true;
    Tensor early = Tensor.of(new double[] {1, -2, 3}).requiresGrad(true);
    Tensor late = Tensor.of(new double[] {0, 4, 9}).requiresGrad(true);
    Tensor loss = early.mul(early).sum().add(deep(failure.lateBranch().apply(late)));
    try (var a = Autograd.detectAnomaly()) {
      assertThatThrownBy(() -> Autograd.grad(loss, List.of(early, late), false)).isInstanceOf(failure.thrown());
    }
    assertThat(early.grad()).isNull();
    assertThat(late.grad()).isNull();
  }
}
