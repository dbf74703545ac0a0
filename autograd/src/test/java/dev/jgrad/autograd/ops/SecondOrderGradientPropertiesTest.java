package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.ops.OpCases.axis;
import static dev.jgrad.autograd.ops.OpCases.checkSecondOrder;
import static dev.jgrad.autograd.ops.OpCases.checkSecondOrderSomeConstant;
import static dev.jgrad.autograd.ops.OpCases.denominators;
import static dev.jgrad.autograd.ops.OpCases.describe;
import static dev.jgrad.autograd.ops.OpCases.matmulCase;
import static dev.jgrad.autograd.ops.OpCases.pair;
import static dev.jgrad.autograd.ops.OpCases.tensor;
import static dev.jgrad.autograd.testing.Elements.uniform;

import dev.jgrad.autograd.Functional;
import dev.jgrad.autograd.Reduction;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ops.OpCases.MatmulCase;
import dev.jgrad.autograd.ops.OpCases.Pair;
import dev.jgrad.autograd.testing.TensorGen;
import java.util.SplittableRandom;

/**
 * Second derivatives against central differences of first derivatives (GradCheck.checkSecondOrder):
 * each op's backward, run with createGraph, must itself be differentiated correctly. Shapes are a
 * little smaller (rank ≤ 3, dimensions ≤ 3) since every difference step runs a backward pass.
 */
class SecondOrderGradientPropertiesTest {
  private static final int RANK = 3;
  private static final int DIM = 3;

  @GradientProperty
  @ChecksOp(methods = "tanh()", nodes = "Tanh")
  void tanh(long seed) {
    Tensor x = tensor(new SplittableRandom(seed), 0, RANK, DIM, uniform(-3, 3));
    checkSecondOrder(describe("tanh", x), in -> in[0].tanh(), x);
  }

  @GradientProperty
  @ChecksOp(methods = "sigmoid()", nodes = "Sigmoid")
  void sigmoid(long seed) {
    Tensor x = tensor(new SplittableRandom(seed), 0, RANK, DIM, uniform(-4, 4));
    checkSecondOrder(describe("sigmoid", x), in -> in[0].sigmoid(), x);
  }

  @GradientProperty
  @ChecksOp(methods = "exp()", nodes = "Exp")
  void exp(long seed) {
    Tensor x = tensor(new SplittableRandom(seed), 0, RANK, DIM, uniform(-3, 3));
    checkSecondOrder(describe("exp", x), in -> in[0].exp(), x);
  }

  @GradientProperty
  @ChecksOp(methods = "log()", nodes = "Log")
  void log(long seed) {
    Tensor x = tensor(new SplittableRandom(seed), 0, RANK, DIM, uniform(0.2, 3));
    checkSecondOrder(describe("log", x), in -> in[0].log(), x);
  }

  @GradientProperty
  @ChecksOp(methods = "pow(double)", nodes = "PowScalar")
  void powScalar(long seed) {
    var random = new SplittableRandom(seed);
    double[] exponents = ElementwiseGradientPropertiesTest.EXPONENTS;
    double p = exponents[random.nextInt(exponents.length)];
    Tensor x = tensor(random, 0, RANK, DIM, ElementwiseGradientPropertiesTest.baseDomain(p));
    checkSecondOrder(describe("pow(" + p + ")", x), in -> in[0].pow(p), x);
  }

  @GradientProperty
  @ChecksOp(methods = "pow(Tensor)", nodes = "Pow")
  void pow(long seed) {
    var random = new SplittableRandom(seed);
    Pair p = pair(random, RANK, DIM, uniform(0.2, 3), uniform(-2, 2));
    checkSecondOrderSomeConstant(random, describe("pow", p.a(), p.b()), in -> in[0].pow(in[1]), p.a(), p.b());
  }

  @GradientProperty
  @ChecksOp(methods = "mul(Tensor)", nodes = "Mul")
  void mul(long seed) {
    var random = new SplittableRandom(seed);
    Pair p = pair(random, RANK, DIM, uniform(-3, 3), uniform(-3, 3));
    checkSecondOrderSomeConstant(random, describe("mul", p.a(), p.b()), in -> in[0].mul(in[1]), p.a(), p.b());
  }

  @GradientProperty
  @ChecksOp(methods = "div(Tensor)", nodes = "Div")
  void div(long seed) {
    var random = new SplittableRandom(seed);
    Pair p = pair(random, RANK, DIM, uniform(-3, 3), denominators());
    checkSecondOrderSomeConstant(random, describe("div", p.a(), p.b()), in -> in[0].div(in[1]), p.a(), p.b());
  }

  @GradientProperty
  @ChecksOp(methods = "matmul(Tensor)", nodes = {"MatMul", "Reshape"})
  void matmul(long seed) {
    var random = new SplittableRandom(seed);
    MatmulCase c = matmulCase(random, 1, DIM, uniform(-2, 2));
    checkSecondOrderSomeConstant(
        random, describe("matmul (" + c.kind() + ")", c.a(), c.b()), in -> in[0].matmul(in[1]), c.a(), c.b());
  }

  @GradientProperty
  @ChecksOp(methods = "softmax(int)", nodes = "Softmax")
  void softmax(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 1, RANK, DIM, uniform(-3, 3));
    int axis = axis(random, x.rank());
    checkSecondOrder(describe("softmax(" + axis + ")", x), in -> in[0].softmax(axis), x);
  }

  @GradientProperty
  @ChecksOp(methods = "logSoftmax(int)", nodes = "LogSoftmax")
  void logSoftmax(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 1, RANK, DIM, uniform(-3, 3));
    int axis = axis(random, x.rank());
    checkSecondOrder(describe("logSoftmax(" + axis + ")", x), in -> in[0].logSoftmax(axis), x);
  }

  /**
   * gather(x)² rather than gather(x): the first derivative of a plain gather is a ScatterAdd of
   * constants, which records nothing. Squaring makes the incoming gradient depend on x, so the
   * createGraph backward records a ScatterAdd node and the second derivative runs its backward.
   */
  @GradientProperty
  @ChecksOp(methods = "gather(int,int[])", nodes = {"Gather", "ScatterAdd"})
  void gather(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 1, RANK, DIM, uniform(-3, 3));
    int axis = axis(random, x.rank());
    int[] index = TensorGen.indices(random, x.size() / x.dim(axis), x.dim(axis));
    checkSecondOrder(describe("gather(" + axis + ") squared", x), in -> {
      Tensor g = in[0].gather(axis, index);
      return g.mul(g);
    }, x);
  }

  /** Its backward, σ(z) − y and −z, is made of tensor ops, so the fused loss is differentiable twice. */
  @GradientProperty
  @ChecksOp(nodes = "SigmoidCrossEntropy")
  void binaryCrossEntropyWithLogits(long seed) {
    var random = new SplittableRandom(seed);
    Pair p = pair(random, RANK, DIM, uniform(-4, 4), uniform(0, 1));
    checkSecondOrderSomeConstant(random, describe("binaryCrossEntropyWithLogits", p.a(), p.b()),
        in -> Functional.binaryCrossEntropyWithLogits(in[0], in[1], Reduction.NONE), p.a(), p.b());
  }
}
