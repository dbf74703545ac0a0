package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.ops.OpCases.awayFromZero;
import static dev.jgrad.autograd.ops.OpCases.axis;
import static dev.jgrad.autograd.ops.OpCases.axisSubset;
import static dev.jgrad.autograd.ops.OpCases.broadcast;
import static dev.jgrad.autograd.ops.OpCases.broadcastingTo;
import static dev.jgrad.autograd.ops.OpCases.denominators;
import static dev.jgrad.autograd.ops.OpCases.permutation;
import static dev.jgrad.autograd.ops.OpCases.reshapeTarget;
import static dev.jgrad.autograd.testing.Elements.uniform;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Functional;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Reduction;
import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.testing.Elements;
import dev.jgrad.autograd.testing.TensorGen;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * Every differentiable op, once: how to call it, on what inputs (domains, shapes with broadcasting,
 * and large sizes that reach the packed GEMM and the multi-threaded kernels), with what tolerances,
 * at which orders. {@code OpTableTest} walks it (float64, central differences, first and second
 * order); {@code EveryOpIsCheckedTest} fails when a Tensor method or a Node class of the ops package
 * has no entry. Adding an op means adding its entry here (after JAX's {@code grad_test_spec}).
 *
 * <p>Second order is checked on the square of the op's output, y ↦ y·y: by the product rule this
 * differentiates the op's backward both in x (its second derivative) and in the incoming gradient,
 * which a linear op's backward must record too. An entry without second order says why.
 */
final class OpTable {
  private OpTable() {}

  /** Bounds for random shapes: first-order cases up to rank 4 and size 4, second-order ones smaller. */
  record Sizes(int maxRank, int maxDim) {}

  static final Sizes FIRST = new Sizes(4, 4);
  static final Sizes SECOND = new Sizes(3, 3);

  /** One drawn case: what it is (for failure messages), the function, its inputs. */
  record Case(String description, GradCheck.Fn f, Tensor... inputs) {}

  /** Draws a case from the random source, within the sizes given. */
  @FunctionalInterface
  interface Draw {
    Case draw(SplittableRandom random, Sizes sizes);
  }

  /** One op's entry; built with {@link #op}. */
  static final class Entry {
    final String name;
    Set<String> methods = Set.of();
    Set<String> nodes = Set.of();
    Draw draw;
    Draw secondOrder;
    String noSecondOrder;
    Draw large;
    GradCheck checker = GradCheck.builder().build();
    /** The difference step of the forward-mode check's central differences. */
    double eps = 1e-6;
    /** Draws a tangent element; the default is uniform in [-1, 1). */
    Elements tangents = Elements.uniform(-1, 1);
    /** Relative tolerance between the forward and the reverse mode's vᵀ(J·u). */
    double modesAgree = 1e-9;

    private Entry(String name) {
      this.name = name;
    }

    /** Tensor methods by signature: name, then the simple parameter type names, e.g. "add(double)". */
    Entry methods(String... signatures) {
      methods = Set.of(signatures);
      return this;
    }

    /** Simple names of the Node classes of the ops package that the cases reach. */
    Entry nodes(String... names) {
      nodes = Set.of(names);
      return this;
    }

    /** The first-order case; by default also the second-order one, squared. */
    Entry draw(Draw d) {
      draw = d;
      secondOrder = (random, sizes) -> squared(d.draw(random, sizes));
      return this;
    }

    /** A second-order case other than the squared first-order one. */
    Entry secondOrder(Draw d) {
      secondOrder = d;
      return this;
    }

    Entry noSecondOrder(String reason) {
      secondOrder = null;
      noSecondOrder = reason;
      return this;
    }

    /** A case of large sizes, checked in fast mode (one directional derivative), on several threads. */
    Entry large(Draw d) {
      large = d;
      return this;
    }

    Entry checker(GradCheck c) {
      checker = c;
      return this;
    }

    /** A difference step, a tangent distribution and a tolerance of its own for the forward-mode check. */
    Entry forwardCheck(double step, Elements tangentElements, double agreement) {
      eps = step;
      tangents = tangentElements;
      modesAgree = agreement;
      return this;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Entry op(String name) {
    return new Entry(name);
  }

  static Case squared(Case c) {
    GradCheck.Fn f = c.f();
    return new Case(c.description() + ", squared", in -> {
      Tensor y = f.apply(in);
      return y.mul(y);
    }, c.inputs());
  }

  // ---- drawing --------------------------------------------------------------------------------

  static Tensor tensor(SplittableRandom random, Sizes s, int minRank, Elements elements) {
    return TensorGen.tensor(random, TensorGen.shape(random, minRank, s.maxRank(), 1, s.maxDim()), elements);
  }

  static String describe(String call, Tensor... inputs) {
    return OpCases.describe(call, inputs);
  }

  static Draw unary(String name, Elements domain, UnaryOperator<Tensor> op) {
    return (random, s) -> {
      Tensor x = tensor(random, s, 0, domain);
      return new Case(describe(name, x), in -> op.apply(in[0]), x);
    };
  }

  static Draw binary(String name, Elements left, Elements right, BinaryOperator<Tensor> op) {
    return (random, s) -> {
      OpCases.Pair p = OpCases.pair(random, s.maxRank(), s.maxDim(), left, right);
      return new Case(describe(name, p.a(), p.b()), in -> op.apply(in[0], in[1]), p.a(), p.b());
    };
  }

  /** One tensor and a scalar drawn from {@code constants}. */
  static Draw withScalar(String name, Elements constants, BinaryScalar op) {
    return (random, s) -> {
      Tensor x = tensor(random, s, 0, uniform(-3, 3));
      double c = constants.next(random);
      return new Case(describe(name + "(" + c + ")", x), in -> op.apply(in[0], c), x);
    };
  }

  @FunctionalInterface
  interface BinaryScalar {
    Tensor apply(Tensor x, double c);
  }

  /** Elements pairwise more than 0.05 apart, so max and min have one argument that steps never cross. */
  static Draw distinct(String name, int minRank, AxisOp op) {
    return (random, s) -> {
      Tensor x = TensorGen.distinct(random, TensorGen.shape(random, minRank, s.maxRank(), 1, s.maxDim()), 0.05);
      int axis = x.rank() == 0 ? 0 : axis(random, x.rank());
      boolean keepDim = random.nextBoolean();
      return new Case(describe(name + "(" + axis + ", " + keepDim + ")", x), in -> op.apply(in[0], axis, keepDim), x);
    };
  }

  @FunctionalInterface
  interface AxisOp {
    Tensor apply(Tensor x, int axis, boolean keepDim);
  }

  /** Along a random axis of a tensor of rank ≥ 1, keepDim or not. */
  static Draw alongAxis(String name, Elements domain, AxisOp op) {
    return (random, s) -> {
      Tensor x = tensor(random, s, 1, domain);
      int axis = axis(random, x.rank());
      boolean keepDim = random.nextBoolean();
      return new Case(describe(name + "(" + axis + ", " + keepDim + ")", x), in -> op.apply(in[0], axis, keepDim), x);
    };
  }

  /** Along an axis of at least two elements. */
  static Draw alongLongAxis(String name, AxisOp op) {
    return (random, s) -> {
      int[] dims = TensorGen.shape(random, 1, s.maxRank(), 1, s.maxDim());
      int axis = axis(random, dims.length);
      dims[Math.floorMod(axis, dims.length)] = random.nextInt(2, s.maxDim() + 1);
      Tensor x = TensorGen.tensor(random, dims, uniform(-3, 3));
      boolean keepDim = random.nextBoolean();
      return new Case(describe(name + "(" + axis + ", " + keepDim + ")", x), in -> op.apply(in[0], axis, keepDim), x);
    };
  }

  /** Multiples of 0.25 in [-2, 2]: ties between two such tensors are common. */
  static final Elements QUARTERS = r -> r.nextInt(-8, 9) / 4.0;

  static Reduction reduction(SplittableRandom random) {
    return Reduction.values()[random.nextInt(Reduction.values().length)];
  }

  // ---- large cases ----------------------------------------------------------------------------

  /** Rows × columns of the large elementwise cases: above the 2^18 elements of a split streaming op. */
  static final int[] LARGE = {513, 517};

  static Draw largeUnary(String name, Elements domain, UnaryOperator<Tensor> op) {
    return (random, s) -> {
      Tensor x = TensorGen.tensor(random, LARGE, domain);
      return new Case(describe(name, x), in -> op.apply(in[0]), x);
    };
  }

  /** Same shapes half of the time (the flat kernel), a broadcast row the other half. */
  static Draw largeBinary(String name, Elements left, Elements right, BinaryOperator<Tensor> op) {
    return (random, s) -> {
      Tensor a = TensorGen.tensor(random, LARGE, left);
      Tensor b = TensorGen.tensor(random, random.nextBoolean() ? LARGE : new int[] {LARGE[1]}, right);
      return new Case(describe(name, a, b), in -> op.apply(in[0], in[1]), a, b);
    };
  }

  static Draw largeAlongAxis(String name, Elements domain, AxisOp op) {
    return (random, s) -> {
      Tensor x = TensorGen.tensor(random, LARGE, domain);
      int axis = random.nextInt(2);
      boolean keepDim = random.nextBoolean();
      return new Case(describe(name + "(" + axis + ", " + keepDim + ")", x), in -> op.apply(in[0], axis, keepDim), x);
    };
  }

  static Draw largeDistinct(String name, AxisOp op) {
    return (random, s) -> {
      Tensor x = TensorGen.distinct(random, new int[] {300, 200}, 0.05);
      int axis = random.nextInt(2);
      boolean keepDim = random.nextBoolean();
      return new Case(describe(name + "(" + axis + ", " + keepDim + ")", x), in -> op.apply(in[0], axis, keepDim), x);
    };
  }

  /** Products past the packed GEMM's and the thread split's thresholds: plain, batched, transposed, narrow. */
  static Case largeMatmul(SplittableRandom random) {
    int[][][] shapes = {
      {{150, 200}, {200, 120}},
      {{2, 96, 130}, {130, 100}},
      {{300, 700}, {700, 5}},
      {{700}, {700, 300}},
    };
    int[][] pick = shapes[random.nextInt(shapes.length)];
    Tensor a = TensorGen.tensor(random, pick[0], uniform(-1, 1));
    Tensor b = TensorGen.tensor(random, pick[1], uniform(-1, 1));
    return new Case(describe("matmul", a, b), in -> in[0].matmul(in[1]), a, b);
  }

  // ---- the table ------------------------------------------------------------------------------

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

  /** x of rank 1 to 3 (leading dimensions flattened into rows), W [in, out], b [out]. */
  static Case linearCase(SplittableRandom random, Sizes s) {
    int in = 1 + random.nextInt(s.maxDim());
    int out = 1 + random.nextInt(s.maxDim());
    int[] lead = TensorGen.shape(random, 0, Math.min(2, s.maxRank() - 1), 1, s.maxDim());
    int[] xDims = Arrays.copyOf(lead, lead.length + 1);
    xDims[lead.length] = in;
    Tensor x = TensorGen.tensor(random, xDims, uniform(-2, 2));
    Tensor w = TensorGen.tensor(random, new int[] {in, out}, uniform(-2, 2));
    Tensor b = TensorGen.tensor(random, new int[] {out}, uniform(-2, 2));
    return new Case(describe("linear", x, w, b), t -> Functional.linear(t[0], t[1], t[2]), x, w, b);
  }

  static final List<Entry> ENTRIES = List.of(
      // ---- elementwise, binary, broadcasting
      op("add").methods("add(Tensor)").nodes("Add")
          .draw(binary("add", uniform(-3, 3), uniform(-3, 3), Tensor::add))
          .large(largeBinary("add", uniform(-3, 3), uniform(-3, 3), Tensor::add)),
      op("add a scalar").methods("add(double)").nodes("Add")
          .draw(withScalar("add", uniform(-3, 3), Tensor::add)),
      op("sub").methods("sub(Tensor)").nodes("Sub")
          .draw(binary("sub", uniform(-3, 3), uniform(-3, 3), Tensor::sub))
          .large(largeBinary("sub", uniform(-3, 3), uniform(-3, 3), Tensor::sub)),
      op("sub a scalar").methods("sub(double)").nodes("Sub")
          .draw(withScalar("sub", uniform(-3, 3), Tensor::sub)),
      // Every tenth case multiplies a tensor by itself: both contributions to its gradient must add up.
      op("mul").methods("mul(Tensor)").nodes("Mul")
          .draw((random, s) -> {
            if (random.nextInt(10) == 0) {
              Tensor x = tensor(random, s, 0, uniform(-3, 3));
              return new Case(describe("x.mul(x)", x), in -> in[0].mul(in[0]), x);
            }
            return binary("mul", uniform(-3, 3), uniform(-3, 3), Tensor::mul).draw(random, s);
          })
          .large(largeBinary("mul", uniform(-3, 3), uniform(-3, 3), Tensor::mul)),
      op("mul by a scalar").methods("mul(double)").nodes("Mul")
          .draw(withScalar("mul", uniform(-3, 3), Tensor::mul)),
      op("div").methods("div(Tensor)").nodes("Div")
          .draw(binary("div", uniform(-3, 3), denominators(), Tensor::div))
          .large(largeBinary("div", uniform(-3, 3), denominators(), Tensor::div)),
      op("div by a scalar").methods("div(double)").nodes("Div")
          .draw(withScalar("div", denominators(), Tensor::div)),
      // Base in [0.2, 3) (the exponent's gradient needs ln a), exponent in [-2, 2).
      op("pow").methods("pow(Tensor)").nodes("Pow")
          .draw(binary("pow", uniform(0.2, 3), uniform(-2, 2), Tensor::pow))
          .large(largeBinary("pow", uniform(0.2, 3), uniform(-2, 2), Tensor::pow)),
      op("pow of a scalar exponent").methods("pow(double)").nodes("PowScalar")
          .draw((random, s) -> {
            double p = EXPONENTS[random.nextInt(EXPONENTS.length)];
            Tensor x = tensor(random, s, 0, baseDomain(p));
            return new Case(describe("pow(" + p + ")", x), in -> in[0].pow(p), x);
          })
          .large(largeUnary("pow(1.5)", uniform(0.2, 3), x -> x.pow(1.5))),
      // ---- elementwise, unary
      op("neg").methods("neg()").nodes("Neg")
          .draw(unary("neg", uniform(-3, 3), Tensor::neg)),
      op("exp").methods("exp()").nodes("Exp")
          .draw(unary("exp", uniform(-3, 3), Tensor::exp))
          .large(largeUnary("exp", uniform(-3, 3), Tensor::exp)),
      op("log").methods("log()").nodes("Log")
          .draw(unary("log", uniform(0.2, 3), Tensor::log))
          .large(largeUnary("log", uniform(0.2, 3), Tensor::log)),
      op("sqrt").methods("sqrt()").nodes("Sqrt")
          .draw(unary("sqrt", uniform(0.2, 3), Tensor::sqrt))
          .large(largeUnary("sqrt", uniform(0.2, 3), Tensor::sqrt)),
      op("abs").methods("abs()").nodes("Abs")
          .draw(unary("abs", awayFromZero(-3, 3), Tensor::abs)),
      op("tanh").methods("tanh()").nodes("Tanh")
          .draw(unary("tanh", uniform(-4, 4), Tensor::tanh))
          .large(largeUnary("tanh", uniform(-4, 4), Tensor::tanh)),
      op("sigmoid").methods("sigmoid()").nodes("Sigmoid")
          .draw(unary("sigmoid", uniform(-4, 4), Tensor::sigmoid))
          .large(largeUnary("sigmoid", uniform(-4, 4), Tensor::sigmoid)),
      op("relu").methods("relu()").nodes("Relu")
          .draw(unary("relu", awayFromZero(-3, 3), Tensor::relu))
          .large(largeUnary("relu", awayFromZero(-3, 3), Tensor::relu)),
      // Any slope in [-1, 2), not only the usual small positive ones.
      op("leakyRelu").methods("leakyRelu(double)").nodes("LeakyRelu")
          .draw((random, s) -> {
            Tensor x = tensor(random, s, 0, awayFromZero(-3, 3));
            double slope = random.nextDouble(-1, 2);
            return new Case(describe("leakyRelu(" + slope + ")", x), in -> in[0].leakyRelu(slope), x);
          }),
      // Bounds finite or (a fifth of the time each) infinite; elements at least 0.01 from either bound.
      op("clamp").methods("clamp(double,double)").nodes("Clamp")
          .draw((random, s) -> {
            double start = random.nextDouble(-2, 0.5);
            double low = random.nextInt(5) == 0 ? Double.NEGATIVE_INFINITY : start;
            double high = random.nextInt(5) == 0 ? Double.POSITIVE_INFINITY : start + random.nextDouble(0.1, 2);
            Tensor x = tensor(random, s, 0, Elements.awayFrom(-3, 3, 0.01, low, high));
            return new Case(describe("clamp(" + low + ", " + high + ")", x), in -> in[0].clamp(low, high), x);
          }),
      // The Cast node through FLOAT32 and back, made exact rather than loosened: elements on the grid
      // k/64 with |x| ≤ 2 and a step of 2⁻¹⁰ keep x ± step and (x ± step)² exact in float32.
      op("to").methods("to(DType)").nodes("Cast")
          .draw((random, s) -> {
            Tensor x = tensor(random, s, 0, r -> r.nextInt(-128, 129) / 64.0);
            return new Case(describe("x.to(FLOAT32) squared, to(FLOAT64)", x), in -> {
              Tensor y = in[0].to(DType.FLOAT64).to(DType.FLOAT32);
              return y.mul(y).to(DType.FLOAT64);
            }, x);
          })
          .checker(GradCheck.builder().eps(0x1p-10).build())
          .forwardCheck(0x1p-10, r -> r.nextInt(-8, 9) / 8.0, 1e-6) // both modes round through float32
          .noSecondOrder("through float32, a difference of first derivatives loses all but 7 digits"),
      // A random 0/1 mask; condition, a and b broadcast together in any combination.
      op("where").methods("where(Tensor,Tensor,Tensor)").nodes("Where")
          .draw((random, s) -> {
            int[] full = TensorGen.shape(random, 0, s.maxRank(), 1, s.maxDim());
            Tensor condition = TensorGen.tensor(random, broadcastingTo(random, full), r -> r.nextInt(2));
            Tensor a = TensorGen.tensor(random, broadcastingTo(random, full), uniform(-3, 3));
            Tensor b = TensorGen.tensor(random, broadcastingTo(random, full), uniform(-3, 3));
            return new Case(describe("where", condition, a, b), in -> Tensor.where(condition, in[0], in[1]), a, b);
          }),
      op("log1p").methods("log1p()").nodes("Log1p")
          .draw(unary("log1p", uniform(-0.8, 3), Tensor::log1p))
          .large(largeUnary("log1p", uniform(-0.8, 3), Tensor::log1p)),
      op("sin").methods("sin()").nodes("Sin")
          .draw(unary("sin", uniform(-4, 4), Tensor::sin))
          .large(largeUnary("sin", uniform(-4, 4), Tensor::sin)),
      op("cos").methods("cos()").nodes("Cos")
          .draw(unary("cos", uniform(-4, 4), Tensor::cos))
          .large(largeUnary("cos", uniform(-4, 4), Tensor::cos)),
      // Smooth everywhere, 0 included (where its composed form has kinks).
      op("softplus").methods("softplus()").nodes("Softplus")
          .draw(unary("softplus", uniform(-4, 4), Tensor::softplus))
          .large(largeUnary("softplus", uniform(-20, 20), Tensor::softplus)),
      // First order on a grid of quarters, so that ties happen: there the gradient splits 0.5 / 0.5,
      // which is what central differences measure too. Second order away from ties (a kink there).
      op("maximum").methods("maximum(Tensor)").nodes("Maximum")
          .draw(binary("maximum", QUARTERS, QUARTERS, Tensor::maximum))
          .secondOrder((random, s) -> squared(binary("maximum", uniform(-3, 3), uniform(-3, 3), Tensor::maximum)
              .draw(random, s)))
          .large(largeBinary("maximum", uniform(-3, 3), uniform(-3, 3), Tensor::maximum)),
      op("minimum").methods("minimum(Tensor)").nodes("Maximum")
          .draw(binary("minimum", QUARTERS, QUARTERS, Tensor::minimum))
          .secondOrder((random, s) -> squared(binary("minimum", uniform(-3, 3), uniform(-3, 3), Tensor::minimum)
              .draw(random, s))),
      // ---- layout: exact gradients, so a mismatch is a misplaced element
      op("transpose").methods("transpose()").nodes("Permute")
          .draw(unary("transpose()", uniform(-3, 3), Tensor::transpose))
          .large(largeUnary("transpose()", uniform(-3, 3), Tensor::transpose)),
      op("transpose of two axes").methods("transpose(int,int)").nodes("Permute")
          .draw((random, s) -> {
            Tensor x = tensor(random, s, 1, uniform(-3, 3));
            int a = axis(random, x.rank());
            int b = axis(random, x.rank());
            return new Case(describe("transpose(" + a + ", " + b + ")", x), in -> in[0].transpose(a, b), x);
          }),
      op("permute").methods("permute(int[])").nodes("Permute")
          .draw((random, s) -> {
            Tensor x = tensor(random, s, 0, uniform(-3, 3));
            int[] order = permutation(random, x.rank());
            return new Case(describe("permute(" + Arrays.toString(order) + ")", x), in -> in[0].permute(order), x);
          }),
      op("reshape").methods("reshape(int[])").nodes("Reshape")
          .draw((random, s) -> {
            Tensor x = tensor(random, s, 0, uniform(-3, 3));
            int[] shape = reshapeTarget(random, x.size());
            return new Case(describe("reshape(" + Arrays.toString(shape) + ")", x), in -> in[0].reshape(shape), x);
          }),
      op("unsqueeze").methods("unsqueeze(int)").nodes("Reshape")
          .draw((random, s) -> {
            Tensor x = tensor(random, s, 0, uniform(-3, 3));
            int axis = random.nextInt(-x.rank() - 1, x.rank() + 1);
            return new Case(describe("unsqueeze(" + axis + ")", x), in -> in[0].unsqueeze(axis), x);
          }),
      op("expand").methods("expand(int[])").nodes("Expand")
          .draw((random, s) -> {
            TensorGen.ShapePair shapes = TensorGen.broadcastPair(random, s.maxRank(), s.maxDim());
            int[] target = broadcast(shapes.left(), shapes.right());
            Tensor x = TensorGen.tensor(random, shapes.left(), uniform(-3, 3));
            return new Case(describe("expand(" + Arrays.toString(target) + ")", x), in -> in[0].expand(target), x);
          }),
      // Dimensions of 1 and 2, so that the axis is often of size 1 (removed) and often not (unchanged).
      op("squeeze").methods("squeeze(int)").nodes("Reshape")
          .draw((random, s) -> {
            Tensor x = TensorGen.tensor(random, TensorGen.shape(random, 1, s.maxRank(), 1, 2), uniform(-3, 3));
            int axis = axis(random, x.rank());
            return new Case(describe("squeeze(" + axis + ")", x), in -> in[0].squeeze(axis), x);
          }),
      op("flatten").methods("flatten()").nodes("Reshape")
          .draw(unary("flatten()", uniform(-3, 3), Tensor::flatten)),
      // Two or three tensors of one shape, stacked at any of the rank + 1 places.
      op("stack").methods("stack(List,int)").nodes("Concat", "Reshape")
          .draw((random, s) -> {
            int[] shape = TensorGen.shape(random, 0, s.maxRank() - 1, 1, s.maxDim());
            int axis = random.nextInt(-shape.length - 1, shape.length + 1);
            Tensor[] parts = new Tensor[random.nextInt(2, 4)];
            for (int i = 0; i < parts.length; i++) {
              parts[i] = TensorGen.tensor(random, shape, uniform(-3, 3));
            }
            return new Case(describe("stack(axis " + axis + ")", parts), in -> Tensor.stack(Arrays.asList(in), axis),
                parts);
          }),
      // Two or three tensors that agree outside the axis and have 1 to 3 elements along it.
      op("concat").methods("concat(List,int)").nodes("Concat")
          .draw((random, s) -> {
            int[] shape = TensorGen.shape(random, 1, s.maxRank(), 1, s.maxDim());
            int axis = axis(random, shape.length);
            Tensor[] parts = new Tensor[random.nextInt(2, 4)];
            for (int i = 0; i < parts.length; i++) {
              int[] dims = shape.clone();
              dims[Math.floorMod(axis, dims.length)] = random.nextInt(1, 4);
              parts[i] = TensorGen.tensor(random, dims, uniform(-3, 3));
            }
            return new Case(describe("concat(axis " + axis + ")", parts), in -> Tensor.concat(Arrays.asList(in), axis),
                parts);
          }),
      // Any range [start, end) of any axis, empty and full ones included.
      op("slice").methods("slice(int,int,int)").nodes("Slice")
          .draw((random, s) -> {
            Tensor x = tensor(random, s, 1, uniform(-3, 3));
            int axis = axis(random, x.rank());
            int length = x.dim(axis);
            int start = random.nextInt(0, length + 1);
            int end = random.nextInt(start, length + 1);
            return new Case(describe("slice(" + axis + ", " + start + ", " + end + ")", x),
                in -> in[0].slice(axis, start, end), x);
          }),
      // ---- reductions
      op("sum").methods("sum()").nodes("Sum")
          .draw(unary("sum()", uniform(-3, 3), Tensor::sum))
          .large(largeUnary("sum()", uniform(-3, 3), Tensor::sum)),
      op("sum along an axis").methods("sum(int,boolean)").nodes("Sum")
          .draw(alongAxis("sum", uniform(-3, 3), Tensor::sum))
          .large(largeAlongAxis("sum", uniform(-3, 3), Tensor::sum)),
      // Any subset of the axes (none and all included), in any order, negative or not.
      op("sum along axes").methods("sum(int[],boolean)").nodes("Sum")
          .draw((random, s) -> {
            Tensor x = tensor(random, s, 0, uniform(-3, 3));
            int[] axes = axisSubset(random, x.rank());
            boolean keepDim = random.nextBoolean();
            return new Case(describe("sum(" + Arrays.toString(axes) + ", " + keepDim + ")", x),
                in -> in[0].sum(axes, keepDim), x);
          }),
      op("mean").methods("mean()").nodes("Sum", "Div")
          .draw(unary("mean()", uniform(-3, 3), Tensor::mean)),
      op("mean along an axis").methods("mean(int,boolean)").nodes("Sum", "Div")
          .draw(alongAxis("mean", uniform(-3, 3), Tensor::mean))
          .large(largeAlongAxis("mean", uniform(-3, 3), Tensor::mean)),
      op("max").methods("max()").nodes("Max")
          .draw(distinct("max", 0, (x, axis, keepDim) -> x.max())),
      op("max along an axis").methods("max(int,boolean)").nodes("Max")
          .draw(distinct("max", 1, Tensor::max))
          .large(largeDistinct("max", Tensor::max)),
      op("min").methods("min()").nodes("Neg", "Max")
          .draw(distinct("min", 0, (x, axis, keepDim) -> x.min())),
      op("min along an axis").methods("min(int,boolean)").nodes("Neg", "Max")
          .draw(distinct("min", 1, Tensor::min)),
      op("logSumExp").methods("logSumExp(int,boolean)").nodes("LogSumExp")
          .draw(alongAxis("logSumExp", uniform(-5, 5), Tensor::logSumExp))
          .large(largeAlongAxis("logSumExp", uniform(-5, 5), Tensor::logSumExp)),
      // At least two elements along the axis: an unbiased variance of one element is 0/0.
      op("var").methods("var(int,boolean)").nodes("Sub", "Mul", "Sum", "Div")
          .draw(alongLongAxis("var", Tensor::var))
          .large(largeAlongAxis("var", uniform(-3, 3), Tensor::var)),
      op("std").methods("std(int,boolean)").nodes("Sqrt")
          .draw(alongLongAxis("std", Tensor::std)),
      // x has the broadcast shape of a pair; the target is one side of it (so it may be x's own shape).
      op("sumToSize").methods("sumToSize(int[])").nodes("Sum", "Reshape")
          .draw((random, s) -> {
            TensorGen.ShapePair shapes = TensorGen.broadcastPair(random, s.maxRank(), s.maxDim());
            int[] target = shapes.left();
            Tensor x = TensorGen.tensor(random, broadcast(shapes.left(), shapes.right()), uniform(-3, 3));
            return new Case(describe("sumToSize(" + Arrays.toString(target) + ")", x), in -> in[0].sumToSize(target),
                x);
          }),
      // ---- products, softmax, indexing
      // 2-D, batched with broadcasting batch dimensions, and 1-D on either side or both.
      op("matmul").methods("matmul(Tensor)").nodes("MatMul", "Reshape")
          .draw((random, s) -> {
            OpCases.MatmulCase c = OpCases.matmulCase(random, s.maxRank() - 2, s.maxDim(), uniform(-2, 2));
            return new Case(describe("matmul (" + c.kind() + ")", c.a(), c.b()), in -> in[0].matmul(in[1]), c.a(),
                c.b());
          })
          .large((random, s) -> largeMatmul(random)),
      // Any axis; elements in [-5, 5) so that the shift by the maximum matters.
      op("softmax").methods("softmax(int)").nodes("Softmax")
          .draw(alongAxis("softmax", uniform(-5, 5), (x, axis, keepDim) -> x.softmax(axis)))
          .large(largeAlongAxis("softmax", uniform(-5, 5), (x, axis, keepDim) -> x.softmax(axis))),
      op("logSoftmax").methods("logSoftmax(int)").nodes("LogSoftmax")
          .draw(alongAxis("logSoftmax", uniform(-5, 5), (x, axis, keepDim) -> x.logSoftmax(axis)))
          .large(largeAlongAxis("logSoftmax", uniform(-5, 5), (x, axis, keepDim) -> x.logSoftmax(axis))),
      // Random valid indices along any axis (repeats across positions included). Squared for second
      // order, pick's backward is a ScatterAdd of a gradient that depends on x: its node runs too.
      op("pick").methods("pick(int,int[])").nodes("Pick", "ScatterAdd")
          .draw((random, s) -> {
            Tensor x = tensor(random, s, 1, uniform(-3, 3));
            int axis = axis(random, x.rank());
            int[] index = TensorGen.indices(random, x.size() / x.dim(axis), x.dim(axis));
            return new Case(describe("pick(" + axis + ")", x), in -> in[0].pick(axis, index), x);
          })
          .large((random, s) -> {
            Tensor x = TensorGen.tensor(random, LARGE, uniform(-3, 3));
            int[] index = TensorGen.indices(random, LARGE[0], LARGE[1]);
            return new Case(describe("pick(1)", x), in -> in[0].pick(1, index), x);
          }),
      // ScatterAdd called directly (package-private): the adjoint of pick.
      op("scatterAdd").nodes("ScatterAdd")
          .draw((random, s) -> {
            int[] dims = TensorGen.shape(random, 1, s.maxRank(), 1, s.maxDim());
            int axis = random.nextInt(dims.length); // ScatterAdd takes the axis its pick normalized
            int[] srcDims = new int[dims.length - 1];
            for (int i = 0, j = 0; i < dims.length; i++) {
              if (i != axis) {
                srcDims[j++] = dims[i];
              }
            }
            Shape shape = Shape.of(dims);
            int[] index = TensorGen.indices(random, shape.size() / dims[axis], dims[axis]);
            Tensor src = TensorGen.tensor(random, srcDims, uniform(-3, 3));
            return new Case(describe("scatterAdd into " + shape + " along " + axis, src),
                in -> ScatterAdd.apply(in[0], shape, axis, index), src);
          }),
      // ---- fused ops, through Functional
      op("linear").nodes("Linear")
          .draw(OpTable::linearCase)
          .large((random, s) -> {
            boolean narrow = random.nextBoolean(); // the last layer's few outputs take their own path
            Tensor x = TensorGen.tensor(random, new int[] {128, 784}, uniform(-1, 1));
            Tensor w = TensorGen.tensor(random, new int[] {784, narrow ? 10 : 64}, uniform(-0.1, 0.1));
            Tensor b = TensorGen.tensor(random, new int[] {narrow ? 10 : 64}, uniform(-1, 1));
            return new Case(describe("linear", x, w, b), t -> Functional.linear(t[0], t[1], t[2]), x, w, b);
          }),
      // The fused dense layer and ReLU; inputs away from kinks is not needed: ties at 0 have measure 0.
      op("linearRelu").nodes("Linear")
          .draw((random, s) -> {
            Case c = linearCase(random, s);
            return new Case(c.description().replace("linear", "linearRelu"),
                t -> Functional.linearRelu(t[0], t[1], t[2]), c.inputs());
          })
          .large((random, s) -> {
            Tensor x = TensorGen.tensor(random, new int[] {128, 784}, uniform(-1, 1));
            Tensor w = TensorGen.tensor(random, new int[] {784, 64}, uniform(-0.1, 0.1));
            Tensor b = TensorGen.tensor(random, new int[] {64}, uniform(-1, 1));
            return new Case(describe("linearRelu", x, w, b), t -> Functional.linearRelu(t[0], t[1], t[2]), x, w, b);
          }),
      // Logits in [-5, 5) (the shift by the maximum matters), random labels, any reduction.
      op("crossEntropy").nodes("CrossEntropy")
          .draw((random, s) -> {
            int n = 1 + random.nextInt(s.maxDim());
            int c = 1 + random.nextInt(s.maxDim() + 1);
            Tensor logits = TensorGen.tensor(random, new int[] {n, c}, uniform(-5, 5));
            int[] labels = TensorGen.indices(random, n, c);
            Reduction reduction = reduction(random);
            return new Case(describe("crossEntropy(" + reduction + ")", logits),
                in -> Functional.crossEntropy(in[0], labels, reduction), logits);
          })
          .large((random, s) -> {
            Tensor logits = TensorGen.tensor(random, new int[] {512, 300}, uniform(-5, 5));
            int[] labels = TensorGen.indices(random, 512, 300);
            return new Case(describe("crossEntropy(MEAN)", logits),
                in -> Functional.crossEntropy(in[0], labels, Reduction.MEAN), logits);
          }),
      // Logits and targets in [0, 1] broadcast together, both differentiated, under every reduction;
      // smooth in the logits (softplus), so logits may come close to 0.
      op("binaryCrossEntropyWithLogits").nodes("SigmoidCrossEntropy")
          .draw((random, s) -> {
            OpCases.Pair p = OpCases.pair(random, s.maxRank(), s.maxDim(), uniform(-4, 4), uniform(0, 1));
            Reduction reduction = reduction(random);
            return new Case(describe("binaryCrossEntropyWithLogits(" + reduction + ")", p.a(), p.b()),
                in -> Functional.binaryCrossEntropyWithLogits(in[0], in[1], reduction), p.a(), p.b());
          })
          .large(largeBinary("binaryCrossEntropyWithLogits", uniform(-4, 4), uniform(0, 1),
              (z, y) -> Functional.binaryCrossEntropyWithLogits(z, y, Reduction.SUM))));
}
