package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.ops.OpCases.MAX_DIM;
import static dev.jgrad.autograd.ops.OpCases.MAX_RANK;
import static dev.jgrad.autograd.ops.OpCases.axis;
import static dev.jgrad.autograd.ops.OpCases.check;
import static dev.jgrad.autograd.ops.OpCases.checkSomeConstant;
import static dev.jgrad.autograd.ops.OpCases.describe;
import static dev.jgrad.autograd.ops.OpCases.matmulCase;
import static dev.jgrad.autograd.ops.OpCases.pair;
import static dev.jgrad.autograd.ops.OpCases.tensor;
import static dev.jgrad.autograd.testing.Elements.uniform;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Functional;
import dev.jgrad.autograd.Reduction;
import dev.jgrad.autograd.testing.Seeds;
import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ops.OpCases.MatmulCase;
import dev.jgrad.autograd.ops.OpCases.Pair;
import dev.jgrad.autograd.testing.TensorGen;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Backward against central differences (float64) for the fused and indexing ops: matmul in all its
 * forms, softmax, logSoftmax, gather and its adjoint ScatterAdd, and the fused binary cross-entropy.
 */
class MatmulSoftmaxIndexingGradientPropertiesTest {

  /** 2-D, batched with broadcasting batch dimensions, and 1-D on either side or both. */
  @GradientProperty
  @ChecksOp(methods = "matmul(Tensor)", nodes = {"MatMul", "Reshape"})
  void matmul(long seed) {
    var random = new SplittableRandom(seed);
    MatmulCase c = matmulCase(random, 2, MAX_DIM, uniform(-2, 2));
    checkSomeConstant(random, describe("matmul (" + c.kind() + ")", c.a(), c.b()), in -> in[0].matmul(in[1]), c.a(), c.b());
  }

  /** The seeds of the matmul property reach every kind of product often enough to mean something. */
  @Test
  void matmulSeedsCoverEveryKind() {
    Map<String, Integer> counts = new TreeMap<>();
    Seeds.tries().forEach(seed ->
        counts.merge(matmulCase(new SplittableRandom(seed), 2, MAX_DIM, uniform(-2, 2)).kind(), 1, Integer::sum));
    int batched = counts.getOrDefault("batched", 0) + counts.getOrDefault("batched, broadcasting", 0);
    assertTrue(batched >= 20, "too few batched matmul cases: " + counts);
    for (String kind : new String[] {"2-D", "batched, broadcasting", "vector"}) {
      assertTrue(counts.getOrDefault(kind, 0) >= 10, "too few matmul cases of kind " + kind + ": " + counts);
    }
  }

  /** Any axis; elements in [-5, 5) so that the shift by the maximum matters. */
  @GradientProperty
  @ChecksOp(methods = "softmax(int)", nodes = "Softmax")
  void softmax(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 1, MAX_RANK, uniform(-5, 5));
    int axis = axis(random, x.rank());
    check(describe("softmax(" + axis + ")", x), in -> in[0].softmax(axis), x);
  }

  @GradientProperty
  @ChecksOp(methods = "logSoftmax(int)", nodes = "LogSoftmax")
  void logSoftmax(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 1, MAX_RANK, uniform(-5, 5));
    int axis = axis(random, x.rank());
    check(describe("logSoftmax(" + axis + ")", x), in -> in[0].logSoftmax(axis), x);
  }

  /** Random valid indices along any axis (repeats across positions included). */
  @GradientProperty
  @ChecksOp(methods = "gather(int,int[])", nodes = "Gather")
  void gather(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 1, MAX_RANK, uniform(-3, 3));
    int axis = axis(random, x.rank());
    int[] index = TensorGen.indices(random, x.size() / x.dim(axis), x.dim(axis));
    check(describe("gather(" + axis + ")", x), in -> in[0].gather(axis, index), x);
  }

  /**
   * ScatterAdd, called directly (it is package-private): its first derivative is a gather. The
   * second-order gather property reaches it the way users do.
   */
  @GradientProperty
  @ChecksOp(nodes = "ScatterAdd")
  void scatterAdd(long seed) {
    var random = new SplittableRandom(seed);
    int[] dims = TensorGen.shape(random, 1, MAX_RANK, 1, MAX_DIM);
    int axis = random.nextInt(dims.length); // ScatterAdd takes the axis its gather normalized
    int[] srcDims = new int[dims.length - 1];
    for (int i = 0, j = 0; i < dims.length; i++) {
      if (i != axis) {
        srcDims[j++] = dims[i];
      }
    }
    Shape shape = Shape.of(dims);
    int[] index = TensorGen.indices(random, shape.size() / dims[axis], dims[axis]);
    Tensor src = TensorGen.tensor(random, srcDims, uniform(-3, 3));
    check(describe("scatterAdd into " + shape + " along " + axis, src),
        in -> ScatterAdd.apply(in[0], shape, axis, index), src);
  }

  /**
   * The fused loss node, reached through Functional: logits and targets in [0, 1] broadcast together,
   * both differentiated, under every reduction. The loss is smooth in the logits (softplus), so
   * logits may come close to 0, where its composed form has kinks.
   */
  @GradientProperty
  @ChecksOp(nodes = "SigmoidCrossEntropy")
  void binaryCrossEntropyWithLogits(long seed) {
    var random = new SplittableRandom(seed);
    Pair p = pair(random, uniform(-4, 4), uniform(0, 1));
    Reduction reduction = Reduction.values()[random.nextInt(Reduction.values().length)];
    checkSomeConstant(random, describe("binaryCrossEntropyWithLogits(" + reduction + ")", p.a(), p.b()),
        in -> Functional.binaryCrossEntropyWithLogits(in[0], in[1], reduction), p.a(), p.b());
  }
}
