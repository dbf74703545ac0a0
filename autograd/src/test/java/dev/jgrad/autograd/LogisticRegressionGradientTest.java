package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.assertj.core.data.Offset;

/**
 * The course's vectorized logistic regression: A = σ(wᵀX + b), J = −(1/m) Σ [Y log A + (1−Y) log(1−A)].
 * The graph's gradients must equal the closed form dw = X(A−Y)ᵀ/m, db = mean(A−Y).
 */
class LogisticRegressionGradientTest {

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#few")
  void graphGradientsEqualTheClosedForm(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = random.nextInt(1, 13);
    int m = random.nextInt(1, 41);
    Tensor x = Tensor.randn(random, DType.FLOAT64, n, m);
    Tensor y = Tensor.rand(random, 0, 1, DType.FLOAT64, 1, m).gt(0.5);
    Tensor w = Tensor.randn(random, DType.FLOAT64, n, 1).mul(0.5).detach().requiresGrad(true);
    Tensor b = Tensor.scalar(random.nextDouble() - 0.5, DType.FLOAT64).requiresGrad(true);

    Tensor a = w.transpose().matmul(x).add(b).sigmoid();
    Tensor cost = y.mul(a.log()).add(y.neg().add(1).mul(a.neg().add(1).log())).mean().neg();
    List<Tensor> grads = Autograd.grad(cost, List.of(w, b), false);

    double[] av = a.toDoubleArray();
    double[] yv = y.toDoubleArray();
    double[] xv = x.toDoubleArray();
    double[] dw = new double[n];
    double db = 0;
    for (int j = 0; j < m; j++) {
      double dz = av[j] - yv[j];
      db += dz / m;
      for (int i = 0; i < n; i++) {
        dw[i] += xv[i * m + j] * dz / m;
      }
    }
    assertThat(grads.get(0).shape()).containsExactly(n, 1);
    assertThat(grads.get(0).toDoubleArray()).containsExactly(dw, Offset.offset(1e-12));
    assertThat(grads.get(1).item()).isCloseTo(db, Offset.offset(1e-12));
  }
}
