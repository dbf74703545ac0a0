package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.ops.OpCases.MAX_DIM;
import static dev.jgrad.autograd.ops.OpCases.MAX_RANK;
import static dev.jgrad.autograd.ops.OpCases.axis;
import static dev.jgrad.autograd.ops.OpCases.broadcast;
import static dev.jgrad.autograd.ops.OpCases.check;
import static dev.jgrad.autograd.ops.OpCases.checkSomeConstant;
import static dev.jgrad.autograd.ops.OpCases.describe;
import static dev.jgrad.autograd.ops.OpCases.permutation;
import static dev.jgrad.autograd.ops.OpCases.reshapeTarget;
import static dev.jgrad.autograd.ops.OpCases.tensor;
import static dev.jgrad.autograd.testing.Elements.uniform;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.testing.TensorGen;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Backward against central differences (float64) for the ops that move elements without arithmetic:
 * transpose, permute, reshape, unsqueeze, expand, concat, slice. Their gradients are exact, so any
 * mismatch is a misplaced element.
 */
class LayoutGradientPropertiesTest {

  /** Ranks 0 to 4; below rank 2 transpose() returns its input itself. */
  @GradientProperty
  @ChecksOp(methods = "transpose()", nodes = "Permute")
  void transpose(long seed) {
    Tensor x = tensor(new SplittableRandom(seed), 0, MAX_RANK, uniform(-3, 3));
    check(describe("transpose()", x), in -> in[0].transpose(), x);
  }

  /** Any two axes, negative or not, possibly the same one. */
  @GradientProperty
  @ChecksOp(methods = "transpose(int,int)", nodes = "Permute")
  void transposeAxes(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 1, MAX_RANK, uniform(-3, 3));
    int a = axis(random, x.rank());
    int b = axis(random, x.rank());
    check(describe("transpose(" + a + ", " + b + ")", x), in -> in[0].transpose(a, b), x);
  }

  @GradientProperty
  @ChecksOp(methods = "permute(int[])", nodes = "Permute")
  void permute(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 0, MAX_RANK, uniform(-3, 3));
    int[] order = permutation(random, x.rank());
    check(describe("permute(" + Arrays.toString(order) + ")", x), in -> in[0].permute(order), x);
  }

  /** Any shape of the same size, of rank 0 to 4, with a -1 half of the time. */
  @GradientProperty
  @ChecksOp(methods = "reshape(int[])", nodes = "Reshape")
  void reshape(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 0, MAX_RANK, uniform(-3, 3));
    int[] shape = reshapeTarget(random, x.size());
    check(describe("reshape(" + Arrays.toString(shape) + ")", x), in -> in[0].reshape(shape), x);
  }

  @GradientProperty
  @ChecksOp(methods = "unsqueeze(int)", nodes = "Reshape")
  void unsqueeze(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 0, MAX_RANK, uniform(-3, 3));
    int axis = random.nextInt(-x.rank() - 1, x.rank() + 1);
    check(describe("unsqueeze(" + axis + ")", x), in -> in[0].unsqueeze(axis), x);
  }

  /** To the broadcast shape of a pair: sizes 1 repeated, leading dimensions added, or nothing to do. */
  @GradientProperty
  @ChecksOp(methods = "expand(int[])", nodes = "Expand")
  void expand(long seed) {
    var random = new SplittableRandom(seed);
    TensorGen.ShapePair shapes = TensorGen.broadcastPair(random, MAX_RANK, MAX_DIM);
    int[] target = broadcast(shapes.left(), shapes.right());
    Tensor x = TensorGen.tensor(random, shapes.left(), uniform(-3, 3));
    check(describe("expand(" + Arrays.toString(target) + ")", x), in -> in[0].expand(target), x);
  }

  /** Two or three tensors of rank 1 to 4 that agree outside the axis and have 1 to 3 elements along it. */
  @GradientProperty
  @ChecksOp(methods = "concat(List,int)", nodes = "Concat")
  void concat(long seed) {
    var random = new SplittableRandom(seed);
    int[] shape = TensorGen.shape(random, 1, MAX_RANK, 1, MAX_DIM);
    int axis = axis(random, shape.length);
    Tensor[] parts = new Tensor[random.nextInt(2, 4)];
    for (int i = 0; i < parts.length; i++) {
      int[] dims = shape.clone();
      dims[Math.floorMod(axis, dims.length)] = random.nextInt(1, 4);
      parts[i] = TensorGen.tensor(random, dims, uniform(-3, 3));
    }
    checkSomeConstant(random, describe("concat(axis " + axis + ")", parts), in -> Tensor.concat(Arrays.asList(in), axis), parts);
  }

  /** Any range [start, end) of any axis, empty and full ones included. */
  @GradientProperty
  @ChecksOp(methods = "slice(int,int,int)", nodes = "Slice")
  void slice(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 1, MAX_RANK, uniform(-3, 3));
    int axis = axis(random, x.rank());
    int length = x.dim(axis);
    int start = random.nextInt(0, length + 1);
    int end = random.nextInt(start, length + 1);
    check(describe("slice(" + axis + ", " + start + ", " + end + ")", x), in -> in[0].slice(axis, start, end), x);
  }
}
