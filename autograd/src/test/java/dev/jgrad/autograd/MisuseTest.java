package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a new user tries by mistake gets a clear exception: an IllegalArgumentException (bad input),
 * IllegalStateException (bad timing) or NullPointerException (a null argument, as Guava and the JDK
 * report it), never a raw JDK exception such as ArrayIndexOutOfBoundsException or the JVM's own
 * NullPointerException: the message names the operation and the offending shapes or values.
 */
class MisuseTest {

  /** One misuse: what it is, the call, and what its message must name. */
  record Misuse(String what, Runnable call, String... mentions) {
    @Override
    public String toString() {
      return what;
    }
  }

  private static Misuse misuse(String what, Runnable call, String... mentions) {
    return new Misuse(what, call, mentions);
  }

  private static Tensor m23() {
    return Tensor.ones(2, 3);
  }

  private static Tensor leaf() {
    return Tensor.ones(2, 3).requiresGrad(true);
  }

  static Stream<Misuse> misuses() {
    Supplier<Tensor> d = () -> Tensor.ones(DType.FLOAT64, 2, 3);
    return Stream.of(
        // factories
        misuse("arange of a negative count", () -> Tensor.arange(-3), "arange", "-3"),
        misuse("of(null float[])", () -> Tensor.of((float[]) null, 2), "of", "null"),
        misuse("of(null double[])", () -> Tensor.of((double[]) null), "of", "null"),
        misuse("of with the wrong shape", () -> Tensor.of(new float[] {1, 2, 3}, 2, 2), "of", "[2, 2]"),
        misuse("full with a null dtype", () -> Tensor.full(1, null, 2), "full", "dtype"),
        misuse("zeros with a negative dimension", () -> Tensor.zeros(2, -1), "[2, -1]"),
        misuse("randn with a null generator", () -> Tensor.randn(null, 2), "randn", "null"),
        misuse("rand with low > high", () -> Tensor.rand(new java.util.SplittableRandom(1), 2, 1, DType.FLOAT32, 3),
            "rand", "2.0", "1.0"),
        misuse("scalar with a null dtype", () -> Tensor.scalar(1, null), "dtype"),
        // shapes
        misuse("add of shapes that do not broadcast", () -> m23().add(Tensor.ones(4)), "add", "[2, 3]", "[4]"),
        misuse("matmul of mismatched inner dimensions", () -> m23().matmul(m23()), "matmul", "[2, 3]"),
        misuse("matmul of a 0-d tensor", () -> Tensor.scalar(2).matmul(m23()), "matmul", "[]"),
        misuse("reshape to another size", () -> m23().reshape(4, 2), "reshape", "[2, 3]", "[4, 2]"),
        misuse("reshape with two -1", () -> m23().reshape(-1, -1), "reshape"),
        misuse("expand to a smaller shape", () -> m23().expand(3), "expand", "[2, 3]"),
        misuse("permute with a repeated axis", () -> m23().permute(0, 0), "permute", "[0, 0]"),
        misuse("transpose of an axis out of range", () -> m23().transpose(0, 2), "transpose", "2"),
        misuse("slice past the end", () -> m23().slice(1, 2, 5), "slice", "5"),
        misuse("slice with start > end", () -> m23().slice(1, 2, 1), "slice"),
        misuse("concat of mismatched shapes", () -> Tensor.concat(List.of(m23(), Tensor.ones(3, 2)), 0),
            "concat", "[2, 3]", "[3, 2]"),
        misuse("concat of nothing", () -> Tensor.concat(List.of(), 0), "concat"),
        misuse("where of shapes that do not broadcast", () -> Tensor.where(Tensor.ones(4), m23(), m23()),
            "where", "[4]"),
        misuse("pick with an index out of range", () -> m23().pick(1, new int[] {0, 3}), "pick", "3"),
        misuse("pick with too few indices", () -> m23().pick(1, new int[] {0}), "pick"),
        misuse("sumToSize to a shape it does not broadcast from", () -> m23().sumToSize(4), "sumToSize", "[4]"),
        // axes
        misuse("sum over an axis out of range", () -> m23().sum(2, false), "sum", "axis 2"),
        misuse("mean over an axis out of range", () -> m23().mean(3, true), "mean", "axis 3"),
        misuse("max over an axis out of range", () -> m23().max(-3, false), "max", "axis -3"),
        misuse("min over an axis out of range", () -> m23().min(2, false), "min", "axis 2"),
        misuse("min of an empty tensor", () -> Tensor.zeros(0).min(), "min", "[0]"),
        misuse("max of an empty tensor", () -> Tensor.zeros(0).max(), "max", "[0]"),
        misuse("softmax over an axis out of range", () -> m23().softmax(2), "softmax", "axis 2"),
        misuse("logSoftmax over an axis out of range", () -> m23().logSoftmax(-3), "logSoftmax", "axis -3"),
        misuse("argmax over an axis out of range", () -> m23().argmax(5), "argmax", "axis 5"),
        misuse("unsqueeze at an axis out of range", () -> m23().unsqueeze(4), "unsqueeze", "4"),
        // dtypes
        misuse("add of float32 and float64", () -> m23().add(d.get()), "add", "FLOAT32", "FLOAT64"),
        misuse("matmul of float32 and float64", () -> m23().matmul(d.get().transpose()), "matmul", "FLOAT64"),
        misuse("to(null)", () -> m23().to(null), "to", "null"),
        misuse("linear of mixed dtypes", () -> Functional.linear(m23(), Tensor.ones(DType.FLOAT64, 3, 2), null),
            "FLOAT64"),
        misuse("crossEntropy with a label out of range",
            () -> Functional.crossEntropy(m23(), new int[] {0, 3}, Reduction.MEAN), "crossEntropy", "3"),
        misuse("crossEntropy with too few labels",
            () -> Functional.crossEntropy(m23(), new int[] {0}, Reduction.MEAN), "crossEntropy"),
        misuse("crossEntropy with null labels",
            () -> Functional.crossEntropy(m23(), null, Reduction.MEAN), "crossEntropy", "null"),
        misuse("add of null", () -> m23().add((Tensor) null), "add", "null"),
        // backward
        misuse("backward of a tensor that needs no grad", () -> m23().sum().backward(), "backward", "requiresGrad"),
        misuse("backward of a non-scalar without a gradient", () -> leaf().mul(2).backward(), "backward", "[2, 3]"),
        misuse("backward with a gradient of the wrong shape", () -> leaf().mul(2).backward(Tensor.ones(3)),
            "backward", "[3]", "[2, 3]"),
        misuse("backward twice without retainGraph", () -> {
          Tensor y = leaf().mul(leaf()).sum();
          y.backward();
          y.backward();
        }, "mul", "retainGraph"),
        misuse("grad of an input that needs no grad", () -> Autograd.grad(leaf().sum(), List.of(m23()), false),
            "grad", "[2, 3]"),
        misuse("grad of a non-scalar output", () -> Autograd.grad(leaf().mul(2), List.of(leaf()), false),
            "grad", "[2, 3]"),
        misuse("registerHook on a tensor that needs no grad", () -> m23().registerHook(g -> g), "registerHook"),
        // in place
        misuse("addInPlace on a leaf that requires grad", () -> leaf().addInPlace(m23()), "addInPlace", "noGrad"),
        misuse("addInPlace of another shape", () -> m23().addInPlace(Tensor.ones(3, 2)), "addInPlace",
            "[3, 2]"),
        misuse("copyFrom of another dtype", () -> m23().copyFrom(d.get()), "copyFrom", "FLOAT64"),
        // settings
        misuse("zero threads", () -> Settings.threads(0), "threads", "0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("misuses")
  void givesAClearException(Misuse misuse) {
    Throwable thrown = catchThrowable(() -> misuse.call().run());
    assertThat(thrown).as(misuse.what() + ": nothing thrown").isNotNull();
    assertThat(thrown)
        .as(misuse.what() + ": " + thrown)
        .isInstanceOfAny(IllegalArgumentException.class, IllegalStateException.class,
            IndexOutOfBoundsException.class, NullPointerException.class)
        .isNotInstanceOf(ArrayIndexOutOfBoundsException.class);
    for (String mention : misuse.mentions()) {
      assertThat(thrown.getMessage()).as(misuse.what() + ": the message").contains(mention);
    }
  }

  /** Means of nothing are NaN, as in PyTorch (they were 0 for a whole tensor before). */
  @org.junit.jupiter.api.Test
  void meansOfNothingAreNaN() {
    assertThat(Tensor.zeros(0).mean().item()).isNaN();
    assertThat(Tensor.zeros(DType.FLOAT64, 3, 0).mean().item()).isNaN();
    assertThat(Tensor.zeros(3, 0).mean(1, false).toFloatArray()).containsOnly(Float.NaN);
    assertThat(Functional.crossEntropy(Tensor.zeros(0, 4), new int[0], Reduction.MEAN).item()).isNaN();
    assertThat(Functional.crossEntropy(Tensor.zeros(0, 4), new int[0], Reduction.SUM).item()).isZero();
    assertThat(Functional.binaryCrossEntropyWithLogits(Tensor.zeros(0), Tensor.zeros(0), Reduction.MEAN).item())
        .isNaN();
  }
}
