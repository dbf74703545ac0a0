package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.ops.OpCases.MAX_RANK;
import static dev.jgrad.autograd.ops.OpCases.awayFromZero;
import static dev.jgrad.autograd.ops.OpCases.broadcastingTo;
import static dev.jgrad.autograd.ops.OpCases.check;
import static dev.jgrad.autograd.ops.OpCases.checkSomeConstant;
import static dev.jgrad.autograd.ops.OpCases.denominators;
import static dev.jgrad.autograd.ops.OpCases.describe;
import static dev.jgrad.autograd.ops.OpCases.pair;
import static dev.jgrad.autograd.ops.OpCases.tensor;
import static dev.jgrad.autograd.testing.Elements.uniform;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ops.OpCases.Pair;
import dev.jgrad.autograd.testing.Elements;
import dev.jgrad.autograd.testing.TensorGen;
import java.util.SplittableRandom;

/**
 * Backward against central differences (float64, GradCheck's defaults) for the elementwise ops:
 * random shapes of rank 0 to 4, every binary op over broadcasting shape pairs (a quarter of the time
 * with one operand constant), inputs in each op's domain.
 */
class ElementwiseGradientPropertiesTest {

  // ---- binary, broadcasting -------------------------------------------------------------------

  @GradientProperty
  @ChecksOp(methods = "add(Tensor)", nodes = "Add")
  void add(long seed) {
    var random = new SplittableRandom(seed);
    Pair p = pair(random, uniform(-3, 3), uniform(-3, 3));
    checkSomeConstant(random, describe("add", p.a(), p.b()), in -> in[0].add(in[1]), p.a(), p.b());
  }

  @GradientProperty
  @ChecksOp(methods = "add(double)", nodes = "Add")
  void addScalar(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 0, MAX_RANK, uniform(-3, 3));
    double c = random.nextDouble(-3, 3);
    check(describe("add(" + c + ")", x), in -> in[0].add(c), x);
  }

  @GradientProperty
  @ChecksOp(methods = "sub(Tensor)", nodes = "Sub")
  void sub(long seed) {
    var random = new SplittableRandom(seed);
    Pair p = pair(random, uniform(-3, 3), uniform(-3, 3));
    checkSomeConstant(random, describe("sub", p.a(), p.b()), in -> in[0].sub(in[1]), p.a(), p.b());
  }

  @GradientProperty
  @ChecksOp(methods = "sub(double)", nodes = "Sub")
  void subScalar(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 0, MAX_RANK, uniform(-3, 3));
    double c = random.nextDouble(-3, 3);
    check(describe("sub(" + c + ")", x), in -> in[0].sub(c), x);
  }

  /** Every tenth seed multiplies a tensor by itself: the two contributions to its gradient must add up. */
  @GradientProperty
  @ChecksOp(methods = "mul(Tensor)", nodes = "Mul")
  void mul(long seed) {
    var random = new SplittableRandom(seed);
    if (random.nextInt(10) == 0) {
      Tensor x = tensor(random, 0, MAX_RANK, uniform(-3, 3));
      check(describe("x.mul(x)", x), in -> in[0].mul(in[0]), x);
      return;
    }
    Pair p = pair(random, uniform(-3, 3), uniform(-3, 3));
    checkSomeConstant(random, describe("mul", p.a(), p.b()), in -> in[0].mul(in[1]), p.a(), p.b());
  }

  @GradientProperty
  @ChecksOp(methods = "mul(double)", nodes = "Mul")
  void mulScalar(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 0, MAX_RANK, uniform(-3, 3));
    double c = random.nextDouble(-3, 3);
    check(describe("mul(" + c + ")", x), in -> in[0].mul(c), x);
  }

  @GradientProperty
  @ChecksOp(methods = "div(Tensor)", nodes = "Div")
  void div(long seed) {
    var random = new SplittableRandom(seed);
    Pair p = pair(random, uniform(-3, 3), denominators());
    checkSomeConstant(random, describe("div", p.a(), p.b()), in -> in[0].div(in[1]), p.a(), p.b());
  }

  @GradientProperty
  @ChecksOp(methods = "div(double)", nodes = "Div")
  void divScalar(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 0, MAX_RANK, uniform(-3, 3));
    double c = denominators().next(random);
    check(describe("div(" + c + ")", x), in -> in[0].div(c), x);
  }

  /** Base in [0.2, 3) (the exponent's gradient needs ln a), exponent in [-2, 2). */
  @GradientProperty
  @ChecksOp(methods = "pow(Tensor)", nodes = "Pow")
  void pow(long seed) {
    var random = new SplittableRandom(seed);
    Pair p = pair(random, uniform(0.2, 3), uniform(-2, 2));
    checkSomeConstant(random, describe("pow", p.a(), p.b()), in -> in[0].pow(in[1]), p.a(), p.b());
  }

  // ---- unary ----------------------------------------------------------------------------------

  static final double[] EXPONENTS = {2, 3, 0, 1, -1, -2, 0.5, 1.5, -0.5, 0.3, 2.7};

  /**
   * Exponents 2, 3, 0 and 1 on any base; -1 and -2 on bases at least 0.2 from 0; fractional ones on
   * positive bases, where they are defined.
   */
  static Elements baseDomain(double exponent) {
    if (exponent != Math.rint(exponent)) {
      return uniform(0.2, 3);
    }
    return exponent < 0 ? Elements.awayFrom(-3, 3, 0.2, 0) : uniform(-3, 3);
  }

  @GradientProperty
  @ChecksOp(methods = "pow(double)", nodes = "PowScalar")
  void powScalar(long seed) {
    var random = new SplittableRandom(seed);
    double p = EXPONENTS[random.nextInt(EXPONENTS.length)]; // each about 9 times in 100 seeds
    Tensor x = tensor(random, 0, MAX_RANK, baseDomain(p));
    check(describe("pow(" + p + ")", x), in -> in[0].pow(p), x);
  }

  @GradientProperty
  @ChecksOp(methods = "neg()", nodes = "Neg")
  void neg(long seed) {
    Tensor x = tensor(new SplittableRandom(seed), 0, MAX_RANK, uniform(-3, 3));
    check(describe("neg", x), in -> in[0].neg(), x);
  }

  @GradientProperty
  @ChecksOp(methods = "exp()", nodes = "Exp")
  void exp(long seed) {
    Tensor x = tensor(new SplittableRandom(seed), 0, MAX_RANK, uniform(-3, 3));
    check(describe("exp", x), in -> in[0].exp(), x);
  }

  @GradientProperty
  @ChecksOp(methods = "log()", nodes = "Log")
  void log(long seed) {
    Tensor x = tensor(new SplittableRandom(seed), 0, MAX_RANK, uniform(0.2, 3));
    check(describe("log", x), in -> in[0].log(), x);
  }

  @GradientProperty
  @ChecksOp(methods = "sqrt()", nodes = "Sqrt")
  void sqrt(long seed) {
    Tensor x = tensor(new SplittableRandom(seed), 0, MAX_RANK, uniform(0.2, 3));
    check(describe("sqrt", x), in -> in[0].sqrt(), x);
  }

  @GradientProperty
  @ChecksOp(methods = "abs()", nodes = "Abs")
  void abs(long seed) {
    Tensor x = tensor(new SplittableRandom(seed), 0, MAX_RANK, awayFromZero(-3, 3));
    check(describe("abs", x), in -> in[0].abs(), x);
  }

  @GradientProperty
  @ChecksOp(methods = "tanh()", nodes = "Tanh")
  void tanh(long seed) {
    Tensor x = tensor(new SplittableRandom(seed), 0, MAX_RANK, uniform(-4, 4));
    check(describe("tanh", x), in -> in[0].tanh(), x);
  }

  @GradientProperty
  @ChecksOp(methods = "sigmoid()", nodes = "Sigmoid")
  void sigmoid(long seed) {
    Tensor x = tensor(new SplittableRandom(seed), 0, MAX_RANK, uniform(-4, 4));
    check(describe("sigmoid", x), in -> in[0].sigmoid(), x);
  }

  @GradientProperty
  @ChecksOp(methods = "relu()", nodes = "Relu")
  void relu(long seed) {
    Tensor x = tensor(new SplittableRandom(seed), 0, MAX_RANK, awayFromZero(-3, 3));
    check(describe("relu", x), in -> in[0].relu(), x);
  }

  /** Any slope in [-1, 2), not only the usual small positive ones. */
  @GradientProperty
  @ChecksOp(methods = "leakyRelu(double)", nodes = "LeakyRelu")
  void leakyRelu(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 0, MAX_RANK, awayFromZero(-3, 3));
    double slope = random.nextDouble(-1, 2);
    check(describe("leakyRelu(" + slope + ")", x), in -> in[0].leakyRelu(slope), x);
  }

  /** Bounds finite or (a fifth of the time each) infinite; elements at least 0.01 from either bound. */
  @GradientProperty
  @ChecksOp(methods = "clamp(double,double)", nodes = "Clamp")
  void clamp(long seed) {
    var random = new SplittableRandom(seed);
    double start = random.nextDouble(-2, 0.5);
    double low = random.nextInt(5) == 0 ? Double.NEGATIVE_INFINITY : start;
    double high = random.nextInt(5) == 0 ? Double.POSITIVE_INFINITY : start + random.nextDouble(0.1, 2);
    Tensor x = tensor(random, 0, MAX_RANK, Elements.awayFrom(-3, 3, 0.01, low, high));
    check(describe("clamp(" + low + ", " + high + ")", x), in -> in[0].clamp(low, high), x);
  }

  /**
   * to(FLOAT64) on a FLOAT64 tensor is the identity (no node). The Cast node is checked through
   * FLOAT32 and back, with the check made exact rather than loosened: elements on the grid k/64 with
   * |x| ≤ 2 and a difference step of 2⁻¹⁰ keep x ± step and (x ± step)² exactly representable in
   * float32, so the float32 detour loses nothing and the default tolerances hold. The gradient
   * crosses both casts (FLOAT64→FLOAT32 and back) and must arrive as FLOAT64.
   */
  @GradientProperty
  @ChecksOp(methods = "to(DType)", nodes = "Cast")
  void to(long seed) {
    var random = new SplittableRandom(seed);
    Tensor x = tensor(random, 0, MAX_RANK, r -> r.nextInt(-128, 129) / 64.0).requiresGrad(true);
    assertSame(x, x.to(DType.FLOAT64));
    GradCheck exactOnDyadics = GradCheck.builder().eps(0x1p-10).build();
    try {
      exactOnDyadics.verify(
          in -> {
            Tensor y = in[0].to(DType.FLOAT64).to(DType.FLOAT32);
            return y.mul(y).to(DType.FLOAT64);
          },
          x);
    } catch (AssertionError e) {
      throw new AssertionError(describe("x.to(FLOAT32) squared, to(FLOAT64)", x) + ": " + e.getMessage(), e);
    }
  }

  /** A random 0/1 mask; condition, a and b broadcast together in any combination. */
  @GradientProperty
  @ChecksOp(methods = "where(Tensor,Tensor,Tensor)", nodes = "Where")
  void where(long seed) {
    var random = new SplittableRandom(seed);
    int[] full = TensorGen.shape(random, 0, MAX_RANK, 1, OpCases.MAX_DIM);
    Tensor condition = TensorGen.tensor(random, broadcastingTo(random, full), r -> r.nextInt(2));
    Tensor a = TensorGen.tensor(random, broadcastingTo(random, full), uniform(-3, 3));
    Tensor b = TensorGen.tensor(random, broadcastingTo(random, full), uniform(-3, 3));
    checkSomeConstant(random, describe("where", condition, a, b), in -> Tensor.where(condition, in[0], in[1]), a, b);
  }
}
