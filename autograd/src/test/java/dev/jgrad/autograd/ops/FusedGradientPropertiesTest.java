package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.ops.OpCases.check;
import static dev.jgrad.autograd.ops.OpCases.checkSecondOrder;
import static dev.jgrad.autograd.ops.OpCases.checkSecondOrderSomeConstant;
import static dev.jgrad.autograd.ops.OpCases.checkSomeConstant;
import static dev.jgrad.autograd.ops.OpCases.describe;
import static dev.jgrad.autograd.ops.OpCases.pair;
import static dev.jgrad.autograd.testing.Elements.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgrad.autograd.Functional;
import dev.jgrad.autograd.Reduction;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ops.OpCases.Pair;
import dev.jgrad.autograd.testing.TensorGen;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The fused ops (Linear: matmul + bias; CrossEntropy: log-softmax + NLL; SigmoidCrossEntropy) get the
 * gradient checks of the unfused forms, first and second order in float64, and agree with the
 * composed form in value.
 */
class FusedGradientPropertiesTest {
  private static final int DIM = 4;

  /** x of rank 1 to 3 (leading dimensions flattened into rows), W [in, out], b [out]. */
  private record LinearCase(Tensor x, Tensor w, Tensor b) {}

  private static LinearCase linearCase(SplittableRandom random, int maxRank) {
    int in = 1 + random.nextInt(DIM);
    int out = 1 + random.nextInt(DIM);
    int[] lead = TensorGen.shape(random, 0, maxRank - 1, 1, DIM);
    int[] xDims = Arrays.copyOf(lead, lead.length + 1);
    xDims[lead.length] = in;
    return new LinearCase(
        TensorGen.tensor(random, xDims, uniform(-2, 2)),
        TensorGen.tensor(random, new int[] {in, out}, uniform(-2, 2)),
        TensorGen.tensor(random, new int[] {out}, uniform(-2, 2)));
  }

  @GradientProperty
  @ChecksOp(nodes = "Linear")
  void linear(long seed) {
    var random = new SplittableRandom(seed);
    LinearCase c = linearCase(random, 3);
    checkSomeConstant(random, describe("linear", c.x(), c.w(), c.b()),
        in -> Functional.linear(in[0], in[1], in[2]), c.x(), c.w(), c.b());
  }

  @GradientProperty
  @ChecksOp(nodes = "Linear")
  void linearSecondOrder(long seed) {
    var random = new SplittableRandom(seed);
    LinearCase c = linearCase(random, 2);
    // Linear is bilinear in (x, W): a nonlinearity after it makes the second derivative nonzero.
    checkSecondOrderSomeConstant(random, describe("linear then tanh", c.x(), c.w(), c.b()),
        in -> Functional.linear(in[0], in[1], in[2]).tanh(), c.x(), c.w(), c.b());
  }

  @GradientProperty
  void linearEqualsMatmulPlusBias(long seed) {
    var random = new SplittableRandom(seed);
    LinearCase c = linearCase(random, 3);
    Tensor fused = Functional.linear(c.x(), c.w(), c.b());
    Tensor composed = c.x().matmul(c.w()).add(c.b());
    assertArrayEquals(composed.shape(), fused.shape(), "linear shape");
    assertArrayEquals(composed.toDoubleArray(), fused.toDoubleArray(), 1e-12, "linear values");
  }

  private static Reduction reduction(SplittableRandom random) {
    return Reduction.values()[random.nextInt(Reduction.values().length)];
  }

  /** Logits [N, C] in [-5, 5) (the shift by the maximum matters), random labels, any reduction. */
  @GradientProperty
  @ChecksOp(nodes = "CrossEntropy")
  void crossEntropy(long seed) {
    var random = new SplittableRandom(seed);
    int n = 1 + random.nextInt(DIM);
    int c = 1 + random.nextInt(DIM + 1);
    Tensor logits = TensorGen.tensor(random, new int[] {n, c}, uniform(-5, 5));
    int[] labels = TensorGen.indices(random, n, c);
    Reduction reduction = reduction(random);
    check(describe("crossEntropy(" + reduction + ")", logits),
        in -> Functional.crossEntropy(in[0], labels, reduction), logits);
  }

  @GradientProperty
  @ChecksOp(nodes = "CrossEntropy")
  void crossEntropySecondOrder(long seed) {
    var random = new SplittableRandom(seed);
    int n = 1 + random.nextInt(3);
    int c = 1 + random.nextInt(4);
    Tensor logits = TensorGen.tensor(random, new int[] {n, c}, uniform(-3, 3));
    int[] labels = TensorGen.indices(random, n, c);
    Reduction reduction = reduction(random);
    checkSecondOrder(describe("crossEntropy(" + reduction + ")", logits),
        in -> Functional.crossEntropy(in[0], labels, reduction), logits);
  }

  @GradientProperty
  void crossEntropyEqualsLogSoftmaxAndNll(long seed) {
    var random = new SplittableRandom(seed);
    int n = 1 + random.nextInt(DIM);
    int c = 1 + random.nextInt(DIM + 1);
    Tensor logits = TensorGen.tensor(random, new int[] {n, c}, uniform(-20, 20));
    int[] labels = TensorGen.indices(random, n, c);
    Tensor fused = Functional.crossEntropy(logits, labels, Reduction.NONE);
    Tensor composed = logits.logSoftmax(1).gather(1, labels).neg();
    assertArrayEquals(composed.toDoubleArray(), fused.toDoubleArray(), 1e-12, "crossEntropy values");
  }

  /** The composed form has kinks at z = 0; the fused one is smooth there, to second order too. */
  @GradientProperty
  @ChecksOp(nodes = "SigmoidCrossEntropy")
  void binaryCrossEntropyWithLogitsSecondOrder(long seed) {
    var random = new SplittableRandom(seed);
    Pair p = pair(random, 3, 3, uniform(-4, 4), uniform(0, 1));
    Reduction reduction = reduction(random);
    checkSecondOrderSomeConstant(random, describe("binaryCrossEntropyWithLogits(" + reduction + ")", p.a(), p.b()),
        in -> Functional.binaryCrossEntropyWithLogits(in[0], in[1], reduction), p.a(), p.b());
  }

  @GradientProperty
  void binaryCrossEntropyWithLogitsMatchesItsFormula(long seed) {
    var random = new SplittableRandom(seed);
    Pair p = pair(random, 3, 3, uniform(-30, 30), uniform(0, 1));
    Tensor z = p.a();
    Tensor y = p.b();
    Tensor fused = Functional.binaryCrossEntropyWithLogits(z, y, Reduction.NONE);
    Tensor composed = z.relu().sub(z.mul(y)).add(z.abs().neg().exp().add(1).log());
    assertArrayEquals(composed.toDoubleArray(), fused.toDoubleArray(), 1e-12, "binaryCrossEntropyWithLogits values");
  }
}
