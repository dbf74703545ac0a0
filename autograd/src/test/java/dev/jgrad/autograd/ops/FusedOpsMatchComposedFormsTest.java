package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.testing.Elements.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgrad.autograd.Functional;
import dev.jgrad.autograd.Reduction;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.testing.TensorGen;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused ops (Linear: matmul + bias; CrossEntropy: log-softmax + NLL; SigmoidCrossEntropy) agree
 * in value with the composed forms they replace; their gradients are checked by {@link OpTable}.
 */
class FusedOpsMatchComposedFormsTest {

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void linearEqualsMatmulPlusBias(long seed) {
    var random = new SplittableRandom(seed);
    OpTable.Case c = OpTable.linearCase(random, OpTable.FIRST);
    Tensor x = c.inputs()[0];
    Tensor w = c.inputs()[1];
    Tensor b = c.inputs()[2];
    Tensor fused = Functional.linear(x, w, b);
    Tensor composed = x.matmul(w).add(b);
    assertArrayEquals(composed.shape(), fused.shape(), "linear shape");
    assertArrayEquals(composed.toDoubleArray(), fused.toDoubleArray(), 1e-12, "linear values");
    assertArrayEquals(composed.relu().toDoubleArray(), Functional.linearRelu(x, w, b).toDoubleArray(), 1e-12,
        "linearRelu values");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void crossEntropyEqualsLogSoftmaxAndNll(long seed) {
    var random = new SplittableRandom(seed);
    int n = 1 + random.nextInt(4);
    int c = 1 + random.nextInt(5);
    Tensor logits = TensorGen.tensor(random, new int[] {n, c}, uniform(-20, 20));
    int[] labels = TensorGen.indices(random, n, c);
    Tensor fused = Functional.crossEntropy(logits, labels, Reduction.NONE);
    Tensor composed = logits.logSoftmax(1).pick(1, labels).neg();
    assertArrayEquals(composed.toDoubleArray(), fused.toDoubleArray(), 1e-12, "crossEntropy values");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void binaryCrossEntropyWithLogitsMatchesItsFormula(long seed) {
    var random = new SplittableRandom(seed);
    OpCases.Pair p = OpCases.pair(random, 3, 3, uniform(-30, 30), uniform(0, 1));
    Tensor z = p.a();
    Tensor y = p.b();
    Tensor fused = Functional.binaryCrossEntropyWithLogits(z, y, Reduction.NONE);
    Tensor composed = z.relu().sub(z.mul(y)).add(z.abs().neg().exp().add(1).log());
    assertArrayEquals(composed.toDoubleArray(), fused.toDoubleArray(), 1e-12, "binaryCrossEntropyWithLogits values");
  }
}
