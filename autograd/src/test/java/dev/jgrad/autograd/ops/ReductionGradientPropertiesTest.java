package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.ops.OpCases.MAX_RANK;
import static dev.jgrad.autograd.ops.OpCases.axis;
import static dev.jgrad.autograd.ops.OpCases.axisSubset;
import static dev.jgrad.autograd.ops.OpCases.broadcast;
import static dev.jgrad.autograd.ops.OpCases.check;
import static dev.jgrad.autograd.ops.OpCases.describe;
import static dev.jgrad.autograd.ops.OpCases.distinct;
import static dev.jgrad.autograd.ops.OpCases.tensor;
import static dev.jgrad.autograd.testing.Elements.uniform;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.testing.TensorGen;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Backward against central differences (float64) for the reductions: sums, means, max and min over
 * everything, one axis or several, and sumToSize (the inverse of broadcasting). Max and min get
 * pairwise distinct elements, so their argument is unique and they are differentiable.
 */
class ReductionGradientPropertiesTest {

  @GradientProperty
  @ChecksOp(methods = "sum()", nodes = "Sum")
  void sum(long seed) {
    Tensor x = tensor(new SplittableRandom(seed), 0, MAX_RANK, uniform(-3, 3));
    check(describe("sum()", x), in -> in[0].sum(), x);
  }

  @GradientProperty
  @ChecksOp(methods = "sum(int,boolean)", nodes = "Sum")
  void sumAlongAxis(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 1, MAX_RANK, uniform(-3, 3));
    int axis = axis(random, x.rank());
    boolean keepDim = random.nextBoolean();
    check(describe("sum(" + axis + ", " + keepDim + ")", x), in -> in[0].sum(axis, keepDim), x);
  }

  /** Any subset of the axes (none and all included), in any order, negative or not. */
  @GradientProperty
  @ChecksOp(methods = "sum(int[],boolean)", nodes = "Sum")
  void sumAlongAxes(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 0, MAX_RANK, uniform(-3, 3));
    int[] axes = axisSubset(random, x.rank());
    boolean keepDim = random.nextBoolean();
    check(describe("sum(" + Arrays.toString(axes) + ", " + keepDim + ")", x), in -> in[0].sum(axes, keepDim), x);
  }

  @GradientProperty
  @ChecksOp(methods = "mean()", nodes = {"Sum", "Div"})
  void mean(long seed) {
    Tensor x = tensor(new SplittableRandom(seed), 0, MAX_RANK, uniform(-3, 3));
    check(describe("mean()", x), in -> in[0].mean(), x);
  }

  @GradientProperty
  @ChecksOp(methods = "mean(int,boolean)", nodes = {"Sum", "Div"})
  void meanAlongAxis(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 1, MAX_RANK, uniform(-3, 3));
    int axis = axis(random, x.rank());
    boolean keepDim = random.nextBoolean();
    check(describe("mean(" + axis + ", " + keepDim + ")", x), in -> in[0].mean(axis, keepDim), x);
  }

  @GradientProperty
  @ChecksOp(methods = "max()", nodes = "Max")
  void max(long seed) {
    Tensor x = distinct(new SplittableRandom(seed), 0, MAX_RANK);
    check(describe("max()", x), in -> in[0].max(), x);
  }

  @GradientProperty
  @ChecksOp(methods = "max(int,boolean)", nodes = "Max")
  void maxAlongAxis(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = distinct(random, 1, MAX_RANK);
    int axis = axis(random, x.rank());
    boolean keepDim = random.nextBoolean();
    check(describe("max(" + axis + ", " + keepDim + ")", x), in -> in[0].max(axis, keepDim), x);
  }

  @GradientProperty
  @ChecksOp(methods = "min()", nodes = {"Neg", "Max"})
  void min(long seed) {
    Tensor x = distinct(new SplittableRandom(seed), 0, MAX_RANK);
    check(describe("min()", x), in -> in[0].min(), x);
  }

  @GradientProperty
  @ChecksOp(methods = "min(int,boolean)", nodes = {"Neg", "Max"})
  void minAlongAxis(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = distinct(random, 1, MAX_RANK);
    int axis = axis(random, x.rank());
    boolean keepDim = random.nextBoolean();
    check(describe("min(" + axis + ", " + keepDim + ")", x), in -> in[0].min(axis, keepDim), x);
  }

  /** x has the broadcast shape of a pair; the target is one side of the pair (so it may be x's own shape). */
  @GradientProperty
  @ChecksOp(methods = "sumToSize(int[])", nodes = {"Sum", "Reshape"})
  void sumToSize(long seed) {
    var random = new SplittableRandom(seed);
    TensorGen.ShapePair shapes = TensorGen.broadcastPair(random, MAX_RANK, OpCases.MAX_DIM);
    int[] target = shapes.left();
    Tensor x = TensorGen.tensor(random, broadcast(shapes.left(), shapes.right()), uniform(-3, 3));
    check(describe("sumToSize(" + Arrays.toString(target) + ")", x), in -> in[0].sumToSize(target), x);
  }
}
