package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.testing.Elements;
import dev.jgrad.autograd.testing.TensorGen;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What the gradient properties share: small float64 tensors (rank up to 4, dimensions 1 to 4, so a
 * check stays fast), input domains, random axes and shapes that {@link TensorGen} does not draw, and
 * checks whose failure message names the case.
 */
final class OpCases {
  private OpCases() {}

  static final int MAX_RANK = 4;
  static final int MAX_DIM = 4;

  // ---- checking -------------------------------------------------------------------------------

  /**
   * Marks every input as requiring grad and compares backward with central differences; a mismatch
   * is reported with {@code what} (the op and its arguments) in front.
   */
  static void check(String what, GradCheck.Fn f, Tensor... inputs) {
    try {
      GradCheck.check(f, markAll(inputs));
    } catch (AssertionError e) {
      throw new AssertionError(what + ": " + e.getMessage(), e);
    }
  }

  /** The same for second derivatives: a createGraph backward, differentiated again. */
  static void checkSecondOrder(String what, GradCheck.Fn f, Tensor... inputs) {
    try {
      GradCheck.checkSecondOrder(f, markAll(inputs));
    } catch (AssertionError e) {
      throw new AssertionError(what + " (second order): " + e.getMessage(), e);
    }
  }

  /**
   * For ops of several inputs: a quarter of the time one input, chosen at random, is left a constant
   * (not requiring grad), so the ops' "is this gradient needed" branches run too; the others are
   * checked as by {@link #check(String, GradCheck.Fn, Tensor...)}.
   */
  static void checkSomeConstant(RandomGenerator random, String what, GradCheck.Fn f, Tensor... inputs) {
    int constant = random.nextInt(4) == 0 ? random.nextInt(inputs.length) : -1;
    try {
      GradCheck.check(f, markAllBut(constant, inputs));
    } catch (AssertionError e) {
      throw new AssertionError(what + constantNote(constant) + ": " + e.getMessage(), e);
    }
  }

  /** {@link #checkSomeConstant} for second derivatives. */
  static void checkSecondOrderSomeConstant(RandomGenerator random, String what, GradCheck.Fn f, Tensor... inputs) {
    int constant = random.nextInt(4) == 0 ? random.nextInt(inputs.length) : -1;
    try {
      GradCheck.checkSecondOrder(f, markAllBut(constant, inputs));
    } catch (AssertionError e) {
      throw new AssertionError(what + constantNote(constant) + " (second order): " + e.getMessage(), e);
    }
  }

  private static Tensor[] markAllBut(int constant, Tensor[] inputs) {
    for (int i = 0; i < inputs.length; i++) {
      inputs[i].requiresGrad(i != constant);
    }
    return inputs;
  }

  private static String constantNote(int constant) {
    return constant < 0 ? "" : " (input " + constant + " constant)";
  }

  private static Tensor[] markAll(Tensor[] inputs) {
    for (Tensor t : inputs) {
      t.requiresGrad(true);
    }
    return inputs;
  }

  /** "op(args) of [2, 3] and [3]": the shapes of the inputs, for failure messages. */
  static String describe(String call, Tensor... inputs) {
    StringBuilder sb = new StringBuilder(call).append(" of ");
    for (int i = 0; i < inputs.length; i++) {
      sb.append(i == 0 ? "" : " and ").append(Arrays.toString(inputs[i].shape()));
    }
    return sb.toString();
  }

  // ---- domains --------------------------------------------------------------------------------

  /** Elements in [min, max) at least 0.01 from 0: for ops with a kink there (relu, abs, leakyRelu). */
  static Elements awayFromZero(double min, double max) {
    return Elements.awayFrom(min, max, 0.01, 0);
  }

  /** Denominators: magnitude in [0.5, 3), either sign. */
  static Elements denominators() {
    return Elements.awayFrom(-3, 3, 0.5, 0);
  }

  // ---- tensors --------------------------------------------------------------------------------

  static Tensor tensor(RandomGenerator random, int minRank, int maxRank, Elements elements) {
    return tensor(random, minRank, maxRank, MAX_DIM, elements);
  }

  static Tensor tensor(RandomGenerator random, int minRank, int maxRank, int maxDim, Elements elements) {
    return TensorGen.tensor(random, TensorGen.shape(random, minRank, maxRank, 1, maxDim), elements);
  }

  /** Elements pairwise more than 0.07 apart: max and min have one argument, which steps of 1e-6 never cross. */
  static Tensor distinct(RandomGenerator random, int minRank, int maxRank) {
    return TensorGen.distinct(random, TensorGen.shape(random, minRank, maxRank, 1, MAX_DIM), 0.05);
  }

  /** Two tensors whose shapes broadcast together. */
  record Pair(Tensor a, Tensor b) {}

  static Pair pair(RandomGenerator random, int maxRank, int maxDim, Elements left, Elements right) {
    TensorGen.ShapePair shapes = TensorGen.broadcastPair(random, maxRank, maxDim);
    return new Pair(TensorGen.tensor(random, shapes.left(), left), TensorGen.tensor(random, shapes.right(), right));
  }

  static Pair pair(RandomGenerator random, Elements left, Elements right) {
    return pair(random, MAX_RANK, MAX_DIM, left, right);
  }

  /** The numpy broadcast of two shapes. */
  static int[] broadcast(int[] a, int[] b) {
    return Shape.broadcast(Shape.of(a), Shape.of(b), "test").dims();
  }

  /**
   * A shape that broadcasts to {@code full}: a suffix of it with some dimensions turned into 1 (the
   * rule of {@link TensorGen#broadcastPair}, for a third operand).
   */
  static int[] broadcastingTo(RandomGenerator random, int[] full) {
    int[] dims = Arrays.copyOfRange(full, random.nextInt(full.length + 1), full.length);
    for (int i = 0; i < dims.length; i++) {
      if (random.nextInt(3) == 0) {
        dims[i] = 1;
      }
    }
    return dims;
  }

  /** The operands of one matmul, with what kind of product they make (for coverage counts). */
  record MatmulCase(Tensor a, Tensor b, String kind) {}

  /**
   * Operands for matmul: a fifth of the time each side is a vector (1-D); otherwise matrices with
   * batch dimensions (rank up to {@code maxBatchRank}) that broadcast together, plain 2-D when both
   * batches are empty.
   */
  static MatmulCase matmulCase(RandomGenerator random, int maxBatchRank, int maxDim, Elements elements) {
    TensorGen.ShapePair batch = TensorGen.broadcastPair(random, maxBatchRank, maxDim);
    int m = random.nextInt(1, maxDim + 1);
    int k = random.nextInt(1, maxDim + 1);
    int n = random.nextInt(1, maxDim + 1);
    boolean leftVector = random.nextInt(5) == 0;
    boolean rightVector = random.nextInt(5) == 0;
    int[] a = leftVector ? new int[] {k} : append(batch.left(), m, k);
    int[] b = rightVector ? new int[] {k} : append(batch.right(), k, n);
    String kind;
    if (leftVector || rightVector) {
      kind = "vector";
    } else if (a.length == 2 && b.length == 2) {
      kind = "2-D";
    } else {
      kind = Arrays.equals(batch.left(), batch.right()) ? "batched" : "batched, broadcasting";
    }
    return new MatmulCase(TensorGen.tensor(random, a, elements), TensorGen.tensor(random, b, elements), kind);
  }

  private static int[] append(int[] dims, int... more) {
    int[] out = Arrays.copyOf(dims, dims.length + more.length);
    System.arraycopy(more, 0, out, dims.length, more.length);
    return out;
  }

  // ---- axes and shapes ------------------------------------------------------------------------

  /** An axis of a tensor of rank ≥ 1, spelled negatively about half the time. */
  static int axis(RandomGenerator random, int rank) {
    return random.nextInt(-rank, rank);
  }

  /** A permutation of [0, rank), each axis spelled negatively or not at random. */
  static int[] permutation(RandomGenerator random, int rank) {
    int[] order = new int[rank];
    for (int i = 0; i < rank; i++) {
      order[i] = i;
    }
    for (int i = rank - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (int i = 0; i < rank; i++) {
      if (random.nextBoolean()) {
        order[i] -= rank;
      }
    }
    return order;
  }

  /** Any subset of the axes, none and all included, in random order and spelling. */
  static int[] axisSubset(RandomGenerator random, int rank) {
    List<Integer> out = new ArrayList<>();
    for (int axis : permutation(random, rank)) {
      if (random.nextBoolean()) {
        out.add(axis);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * A random shape with {@code size} elements: the prime factors of size spread over a random rank
   * up to 4 (0 when size is 1 is allowed), ones filling the rest, and one dimension replaced by -1
   * half of the time.
   */
  static int[] reshapeTarget(RandomGenerator random, int size) {
    List<Integer> factors = new ArrayList<>();
    for (int n = size, p = 2; n > 1; ) {
      if (n % p == 0) {
        factors.add(p);
        n /= p;
      } else {
        p++;
      }
    }
    int rank = random.nextInt(factors.isEmpty() ? 0 : 1, MAX_RANK + 1);
    int[] dims = new int[rank];
    Arrays.fill(dims, 1);
    for (int f : factors) {
      dims[random.nextInt(rank)] *= f;
    }
    if (rank > 0 && random.nextBoolean()) {
      dims[random.nextInt(rank)] = -1;
    }
    return dims;
  }
}
