package dev.jgrad.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Function;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomLayerExampleTest {

  @Test
  void swishsBackwardPassesGradCheck() {
    CustomLayerExample.checkGradients(1);
    CustomLayerExample.checkGradients(7);
  }

  /** The same forward with a wrong ∂y/∂β (the factor x missing): GradCheck must catch it. */
  static final class WrongSwish extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      ctx.save(in[0], in[1]);
      return in[0].mul(in[0].mul(in[1]).sigmoid());
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
      Tensor x = ctx.saved(0);
      Tensor s = x.mul(ctx.saved(1)).sigmoid();
      Tensor slope = s.mul(s.neg().add(1));
      return new Tensor[] {grad.mul(s.add(x.mul(ctx.saved(1)).mul(slope))), grad.mul(x.mul(slope))};
    }
  }

  @Test
  void gradCheckCatchesAWrongBackward() {
    SplittableRandom random = new SplittableRandom(3);
    Tensor x = Tensor.randn(random, DType.FLOAT64, 4, 3).requiresGrad(true);
    Tensor beta = Tensor.rand(random, 0.5, 2, DType.FLOAT64, 3).requiresGrad(true);

    assertThatThrownBy(() -> GradCheck.check(in -> new WrongSwish().apply(in[0], in[1]), x, beta))
        .isInstanceOf(GradCheck.GradCheckError.class);
  }

  @Test
  void swishEqualsItsComposedFormula() {
    Tensor x = Tensor.of(new double[] {-3, -0.5, 0, 0.5, 3, 8}, 2, 3);
    Tensor beta = Tensor.of(new double[] {0.5, 1, 2});

    Tensor custom = new Swish.Op().apply(x, beta);
    Tensor composed = x.mul(x.mul(beta).sigmoid());

    assertThat(custom.toDoubleArray()).containsExactly(composed.toDoubleArray(), org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void aNetworkWithTheLayerTrainsAndLearnsItsSlopes(@TempDir Path dir) {
    TestSupport.requireFashionMnist();
    String[] args = LogisticExampleTest.concat(
        new String[] {"custom-layer", "--epochs", "2", "--hidden", "32", "--out", dir.toString()}, TestSupport.subset());

    TestSupport.Run run = TestSupport.jgrad(args);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("gradcheck: Swish's backward agrees", "learned β of Swish layer 1", "Swish(features=32)");
    assertThat(run.lastLine()).matches("test accuracy: 0\\.\\d{4}");
    assertThat(Double.parseDouble(run.lastLine().substring("test accuracy: ".length()))).isGreaterThan(0.6);
    assertThat(dir.resolve("swish.png")).isRegularFile();
  }
}
