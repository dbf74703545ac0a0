package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jgrad.autograd.testing.Elements;
import dev.jgrad.autograd.testing.TensorGen;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** User-written differentiable operations pass the same checks as the built-in ones. */
class FunctionTest {

  /**
   * y = x·σ(x);  dy/dx = σ(x)·(1 + x·(1 − σ(x))). Backward recomputes σ(x) from the saved input, so
   * that with createGraph its own derivative is known too.
   */
  static final class Swish extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      ctx.save(in[0]);
      return in[0].mul(in[0].sigmoid());
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
      Tensor x = ctx.saved(0);
      Tensor s = x.sigmoid();
      return new Tensor[] {grad.mul(s.mul(x.mul(s.neg().add(1)).add(1)))};
    }
  }

  /** The same, saving σ(x) from forward: fine for first derivatives, a constant for second ones. */
  static final class SwishSavingSigmoid extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      Tensor s = in[0].sigmoid();
      ctx.save(in[0], s);
      return in[0].mul(s);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
      Tensor x = ctx.saved(0);
      Tensor s = ctx.saved(1);
      return new Tensor[] {grad.mul(s.mul(x.mul(s.neg().add(1)).add(1)))};
    }
  }

  /** z = a·b + scale·a, with a constant kept on the context; two inputs, broadcasting. */
  static final class ScaledProduct extends Function {
    private final double scale;

    ScaledProduct(double scale) {
      this.scale = scale;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      ctx.save(in[0], in[1]);
      ctx.put("scale", scale);
      return in[0].mul(in[1]).add(in[0].mul(scale));
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
      double s = ctx.get("scale");
      Tensor a = ctx.saved(0);
      Tensor b = ctx.saved(1);
      return new Tensor[] {
        ctx.needsInputGrad(0) ? grad.mul(b.add(s)) : null, ctx.needsInputGrad(1) ? grad.mul(a) : null
      };
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void swishPassesGradCheckFirstAndSecondOrder(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Tensor x = TensorGen.tensor(random, TensorGen.shape(random, 0, 3, 1, 4), Elements.uniform(-3, 3));
    GradCheck.check(in -> new Swish().apply(in[0]), x.requiresGrad(true));
    GradCheck.checkSecondOrder(in -> new Swish().apply(in[0]), x);
    GradCheck.check(in -> new SwishSavingSigmoid().apply(in[0]), x);
  }

  @Test
  void intermediatesSavedFromForwardAreConstantsForSecondDerivatives() {
    Tensor x = Tensor.of(new double[] {0.4, -1.3}).requiresGrad(true);
    assertThatThrownBy(() -> GradCheck.checkSecondOrder(in -> new SwishSavingSigmoid().apply(in[0]), x))
        .isInstanceOf(GradCheck.GradCheckError.class);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void twoInputFunctionWithBroadcasting(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    TensorGen.ShapePair shapes = TensorGen.broadcastPair(random, 3, 4);
    Tensor a = TensorGen.tensor(random, shapes.left(), Elements.uniform(-3, 3)).requiresGrad(true);
    Tensor b = TensorGen.tensor(random, shapes.right(), Elements.uniform(-3, 3)).requiresGrad(true);
    GradCheck.check(in -> new ScaledProduct(0.5).apply(in[0], in[1]), a, b);
  }

  @Test
  void recordsANamedNodeOnlyWhenNeeded() {
    Tensor x = Tensor.ones(3).requiresGrad(true);
    assertThat(new Swish().apply(x).gradFnName()).isEqualTo("Swish");
    assertThat(new Swish().apply(Tensor.ones(3)).requiresGrad()).isFalse();
    try (var g = Autograd.noGrad()) {
      assertThat(new Swish().apply(x).requiresGrad()).isFalse();
    }
  }

  @Test
  void backwardReturningTheWrongNumberOfGradientsIsAClearError() {
    Function broken = new Function() {
      @Override
      protected Tensor forward(Context ctx, Tensor... in) {
        return in[0].mul(in[1]);
      }

      @Override
      protected Tensor[] backward(Context ctx, Tensor grad) {
        return new Tensor[] {grad};
      }

      @Override
      public String name() {
        return "broken";
      }
    };
    Tensor a = Tensor.ones(2).requiresGrad(true);
    Tensor y = broken.apply(a, Tensor.ones(2).requiresGrad(true)).sum();
    assertThatThrownBy(y::backward).hasMessage("broken: backward returned 1 gradients for 2 inputs");
  }

  @Test
  void gradCheckCatchesAWrongBackward() {
    Function wrong = new Function() {
      @Override
      protected Tensor forward(Context ctx, Tensor... in) {
        ctx.save(in[0]);
        return in[0].mul(in[0]);
      }

      @Override
      protected Tensor[] backward(Context ctx, Tensor grad) {
        return new Tensor[] {grad.mul(ctx.saved(0))}; // should be 2x
      }
    };
    Tensor x = Tensor.of(new double[] {0.5, -1.5, 2}).requiresGrad(true);
    assertThatThrownBy(() -> GradCheck.check(in -> wrong.apply(in[0]), x))
        .isInstanceOf(GradCheck.GradCheckError.class)
        .hasMessageContaining("input 0")
        .hasMessageContaining("element 0")
        .hasMessageContaining("analytic")
        .hasMessageContaining("numeric");
  }
}
