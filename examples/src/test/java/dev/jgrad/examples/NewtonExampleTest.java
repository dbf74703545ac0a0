package dev.jgrad.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewtonExampleTest {

  @Test
  void conjugateGradientSolvesASymmetricPositiveDefiniteSystem() {
    Tensor a = Tensor.of(new double[] {4, 1, 0, 1, 3, 1, 0, 1, 2}, 3, 3);
    Tensor b = Tensor.of(new double[] {1, 2, 3});
    Tensor x = NewtonExample.conjugateGradient(p -> a.matmul(p), b, 3, 1e-12);
    assertThat(a.matmul(x).toDoubleArray()).containsExactly(new double[] {1, 2, 3}, within(1e-12));
  }

  /**
   * On synthetic data whose features differ in scale by a factor of 50 (an ill-conditioned Hessian,
   * as pixels are), Newton's steps reach the optimum's cost in a few iterations; gradient descent,
   * held to a learning rate the largest scale allows, is still far from it after hundreds.
   */
  @Test
  void newtonConvergesInAFewIterationsWhereGradientDescentNeedsHundreds() {
    var random = new SplittableRandom(3);
    Tensor x = Tensor.randn(random, DType.FLOAT64, 400, 5).mul(Tensor.of(new double[] {0.1, 1, 3, 0.3, 5}));
    Tensor trueW = Tensor.of(new double[] {10, -2, 0.2, 0, 0.2}, 5, 1);
    Tensor p = x.matmul(trueW).sigmoid();
    Tensor y = Tensor.rand(random, 0, 1, DType.FLOAT64, 400, 1).lt(p); // labels drawn from the model
    NewtonExample.NewtonFit newton = NewtonExample.newton(NewtonExample.withBias(x), y, 8, 20, 0, null);
    LogisticExample.Fit gd = LogisticExample.fit(x.to(DType.FLOAT32), y.to(DType.FLOAT32), 300, 0.1, 1000, null);
    double best = newton.costs().getLast();
    assertThat(newton.costs().get(4)).as("after 4 Newton steps").isCloseTo(best, within(1e-5));
    assertThat(gd.costs().get(300)).as("gradient descent after 300 steps").isGreaterThan(best + 1e-4);
    for (int i = 1; i < newton.costs().size(); i++) {
      assertThat(newton.costs().get(i)).as("cost falls").isLessThanOrEqualTo(newton.costs().get(i - 1));
    }
  }

  @Test
  void commandComparesBothMethodsAndWritesThePlot(@TempDir Path dir) throws Exception {
    TestSupport.requireFashionMnist();
    String[] args = LogisticExampleTest.concat(
        new String[] {"newton", "--iterations", "4", "--gd-iterations", "300", "--out", dir.toString()},
        TestSupport.subset());
    TestSupport.Run run = TestSupport.jgrad(args);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("gradient descent: 300 iterations", "Newton iteration 4:",
        "Newton reached gradient descent's final cost in");
    assertThat(run.lastLine()).matches("test accuracy: 0\\.\\d{4}");
    assertThat(Double.parseDouble(run.lastLine().substring("test accuracy: ".length()))).isGreaterThan(0.7);
    TestSupport.readPng(dir.resolve("newton.png"));
  }
}
