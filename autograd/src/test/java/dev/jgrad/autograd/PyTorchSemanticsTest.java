package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operations PyTorch users reach for behave as PyTorch's do, on the cases where a choice shows:
 * unbiased variance, ties in maximum, squeeze of a dimension that is not 1, allclose's asymmetry and
 * NaN, logsumexp of −∞, stack's new axis, softplus at 0, sin and cos bits.
 */
class PyTorchSemanticsTest {

  @Test
  void varAndStdAreUnbiased() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 2, 2, 2, 2}, 2, 4);
    // torch.tensor([[1.,2,3,4],[2,2,2,2]]).var(1) = [1.6667, 0]
    assertThat(x.var(1, false).toDoubleArray()).containsExactly(new double[] {5.0 / 3, 0}, within(1e-15));
    assertThat(x.std(-1, true).shape()).containsExactly(2, 1);
    assertThat(x.std(1, false).toDoubleArray()[0]).isCloseTo(Math.sqrt(5.0 / 3), within(1e-15));
    assertThat(Tensor.of(new double[] {3}).var(0, false).item()).isNaN(); // 0 / 0, as in PyTorch
  }

  @Test
  void maximumSplitsTheGradientAtTiesAndPropagatesNaN() {
    Tensor a = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
    Tensor b = Tensor.of(new double[] {3, 2, 1}).requiresGrad(true);
    a.maximum(b).sum().backward();
    assertThat(a.grad().toDoubleArray()).containsExactly(0, 0.5, 1);
    assertThat(b.grad().toDoubleArray()).containsExactly(1, 0.5, 0);
    assertThat(Tensor.of(new double[] {Double.NaN, 1}).minimum(Tensor.of(new double[] {0, Double.NaN}))
        .toDoubleArray()).containsOnly(Double.NaN);
    assertThat(Tensor.of(new float[] {1, 5}).minimum(Tensor.scalar(3)).toFloatArray()).containsExactly(1, 3);
  }

  @Test
  void squeezeRemovesOnlyADimensionOfOne() {
    Tensor x = Tensor.zeros(2, 1, 3);
    assertThat(x.squeeze(1).shape()).containsExactly(2, 3);
    assertThat(x.squeeze(-3)).isSameAs(x);
    assertThat(Tensor.zeros(2, 3).flatten().shape()).containsExactly(6);
    assertThat(Tensor.scalar(1).flatten().shape()).containsExactly(1);
  }

  @Test
  void allCloseIsAsymmetricAndNeverCloseToNaN() {
    Tensor a = Tensor.of(new double[] {100});
    Tensor b = Tensor.of(new double[] {101});
    // |a − b| = 1 ≤ 0 + 0.00995·|b| = 1.005, but not ≤ 0.00995·|a| = 0.995
    assertThat(a.allClose(b, 0.00995, 0)).isTrue();
    assertThat(b.allClose(a, 0.00995, 0)).isFalse();
    Tensor nan = Tensor.of(new double[] {Double.NaN});
    assertThat(nan.allClose(nan, 1, 1)).isFalse();
    Tensor inf = Tensor.of(new double[] {Double.POSITIVE_INFINITY});
    assertThat(inf.allClose(inf, 0, 0)).isTrue();
    assertThat(Tensor.ones(2, 3).allClose(Tensor.ones(3), 0, 0)).as("broadcasting").isTrue();
  }

  @Test
  void logSumExpIsStableAndMinusInfinityForAnEmptyOrMinusInfiniteRow() {
    Tensor x = Tensor.of(new double[] {1000, 1000, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, 2, 2);
    double[] y = x.logSumExp(1, false).toDoubleArray();
    assertThat(y[0]).isCloseTo(1000 + Math.log(2), within(1e-12));
    assertThat(y[1]).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(Tensor.zeros(2, 0).logSumExp(1, true).toDoubleArray()).containsOnly(Double.NEGATIVE_INFINITY);
  }

  @Test
  void softplusIsExactAtZeroAndLinearFarOut() {
    Tensor x = Tensor.of(new double[] {0, 50, -50}).requiresGrad(true);
    Tensor y = x.softplus();
    assertThat(y.toDoubleArray()).containsExactly(new double[] {Math.log(2), 50, Math.exp(-50)}, within(1e-15));
    y.sum().backward();
    assertThat(x.grad().toDoubleArray()[0]).isEqualTo(0.5);
  }

  @Test
  void stackAddsTheNewAxisWhereAsked() {
    Tensor a = Tensor.of(new float[] {1, 2});
    Tensor b = Tensor.of(new float[] {3, 4});
    assertThat(Tensor.stack(List.of(a, b), 0).toFloatArray()).containsExactly(1, 2, 3, 4);
    Tensor columns = Tensor.stack(List.of(a, b), -1);
    assertThat(columns.shape()).containsExactly(2, 2);
    assertThat(columns.toFloatArray()).containsExactly(1, 3, 2, 4);
    assertThat(Tensor.zerosLike(columns).shape()).containsExactly(2, 2);
    assertThat(Tensor.onesLike(Tensor.zeros(DType.FLOAT64, 3)).toDoubleArray()).containsOnly(1);
  }

  @Test
  void sinAndCosAreStrictMathsBits() {
    double[] v = {0.1, -2.5, 100, 1e-8};
    Tensor x = Tensor.of(v);
    for (int i = 0; i < v.length; i++) {
      assertThat(x.sin().toDoubleArray()[i]).isEqualTo(StrictMath.sin(v[i]));
      assertThat(x.cos().toDoubleArray()[i]).isEqualTo(StrictMath.cos(v[i]));
    }
    assertThat(Tensor.of(new double[] {1e-20}).log1p().item()).isEqualTo(1e-20);
  }

  @Test
  void tensorsPrintAsNestedRowsLikePyTorchs() {
    assertThat(Tensor.scalar(30).toString()).isEqualTo("tensor(30.)");
    assertThat(Tensor.of(new float[] {0.1f, -2.5f, 3f, 4f}, 2, 2).requiresGrad(true).toString())
        .isEqualTo("tensor([[ 0.1000, -2.5000],\n        [ 3.0000,  4.0000]], requiresGrad=true)");
    assertThat(Tensor.arange(8).reshape(2, 2, 2).toString())
        .isEqualTo("tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]])");
    assertThat(Tensor.of(new double[] {1e-8, 1, Double.NaN}).toString())
        .isEqualTo("tensor([1.0000e-08, 1.0000e+00,        nan], dtype=FLOAT64)");
    assertThat(Tensor.arange(3000).toString()).isEqualTo("tensor([   0.,    1.,    2., ..., 2997., 2998., 2999.])");
    assertThat(Tensor.zeros(0, 3).toString()).isEqualTo("tensor([], shape=[0, 3])");
    Tensor big = Tensor.zeros(40, 50);
    assertThat(big.toString().lines().count()).as("rows summarized").isEqualTo(7);
    assertThat(Tensor.ones(2).requiresGrad(true).mul(2).toString()).endsWith(", gradFn=mul)");
  }
}
