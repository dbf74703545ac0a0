package dev.jgrad.autograd.kernels;

import static dev.jgrad.autograd.kernels.KernelTestSupport.assertClose;
import static dev.jgrad.autograd.kernels.KernelTestSupport.assertSameBits;
import static dev.jgrad.autograd.kernels.KernelTestSupport.contiguousStrides;
import static dev.jgrad.autograd.kernels.KernelTestSupport.get;
import static dev.jgrad.autograd.kernels.KernelTestSupport.offsetOf;
import static dev.jgrad.autograd.kernels.KernelTestSupport.set;
import static dev.jgrad.autograd.kernels.KernelTestSupport.size;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.kernels.KernelTestSupport.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * binary, where and copyStrided on the broadcasting patterns the ops produce: the vector kernels
 * against the scalar ones, and both against a per-element reference that computes each input's
 * offset from the multi-index (so the row merging of {@link RowIterator} is checked too).
 */
class KernelBroadcastTest {

  /** One input: its data and its strides along the output shape. */
  record Operand(Object data, int[] strides) {}

  /**
   * A broadcasting pattern: the output shape and, for each of three inputs, its own shape aligned
   * to the output's rank (1 where it is broadcast). A null input shape means "a transposed view".
   */
  record Pattern(String name, int[] out, int[][] inputs) {
    @Override
    public String toString() {
      return name + " " + Arrays.toString(out);
    }
  }

  static List<Pattern> patterns(Type type) {
    int l = type.lanes();
    List<Pattern> p = new ArrayList<>();
    for (int n : KernelTestSupport.sizes(type)) {
      p.add(new Pattern("same", new int[] {n}, new int[][] {{n}, {n}, {n}}));
    }
    p.add(new Pattern("same 2-D", new int[] {3, l + 1}, new int[][] {{3, l + 1}, {3, l + 1}, {3, l + 1}}));
    p.add(new Pattern("scalar right", new int[] {5, 31}, new int[][] {{5, 31}, {5, 31}, {1, 1}}));
    p.add(new Pattern("scalar left", new int[] {5, 31}, new int[][] {{1, 1}, {1, 1}, {5, 31}}));
    p.add(new Pattern("row", new int[] {4, 2 * l + 1}, new int[][] {{4, 2 * l + 1}, {4, 2 * l + 1}, {1, 2 * l + 1}}));
    p.add(new Pattern("row left", new int[] {4, 127}, new int[][] {{1, 127}, {1, 127}, {4, 127}}));
    p.add(new Pattern("column", new int[] {7, 3 * l + 2}, new int[][] {{7, 1}, {7, 3 * l + 2}, {7, 1}}));
    p.add(new Pattern("column narrow", new int[] {9, 3}, new int[][] {{9, 3}, {9, 3}, {9, 1}}));
    p.add(new Pattern("middle axis", new int[] {3, 5, 2 * l + 1}, new int[][] {{3, 5, 2 * l + 1}, {3, 5, 2 * l + 1}, {3, 1, 2 * l + 1}}));
    p.add(new Pattern("outer product", new int[] {7, 9}, new int[][] {{1, 1}, {7, 1}, {1, 9}}));
    p.add(new Pattern("4-D mixed", new int[] {2, 4, 3, l + 1}, new int[][] {{2, 4, 1, 1}, {2, 1, 3, l + 1}, {1, 4, 1, l + 1}}));
    p.add(new Pattern("transposed", new int[] {7, 2 * l + 3}, new int[][] {{7, 2 * l + 3}, null, {7, 2 * l + 3}}));
    p.add(new Pattern("transposed both", new int[] {l + 1, 5}, new int[][] {null, null, null}));
    p.add(new Pattern("0-d", new int[] {}, new int[][] {{}, {}, {}}));
    p.add(new Pattern("empty", new int[] {0, 5}, new int[][] {{0, 5}, {0, 1}, {1, 5}}));
    p.add(new Pattern("ones", new int[] {1, 31, 1}, new int[][] {{1, 31, 1}, {1, 31, 1}, {1, 1, 1}}));
    return p;
  }

  /** Random data for an input of the given aligned shape, with strides 0 where it broadcasts. */
  static Operand operand(Type type, Random random, int[] out, int[] shape, boolean condition) {
    if (shape == null) {
      // A transposed view: stored as the reversed shape, walked with reversed strides.
      int[] stored = out.clone();
      reverse(stored);
      int[] strides = contiguousStrides(stored);
      reverse(strides);
      return new Operand(data(type, random, size(out), condition), strides);
    }
    int[] strides = contiguousStrides(shape);
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] == 1) strides[d] = 0;
    }
    return new Operand(data(type, random, size(shape), condition), strides);
  }

  private static Object data(Type type, Random random, int n, boolean condition) {
    Object x = type.random(random, n, 0.1, 4);
    for (int i = 0; i < n; i++) {
      double r = random.nextDouble();
      if (condition) {
        set(x, i, r < 0.4 ? 0 : r < 0.45 ? -0.0 : r < 0.5 ? Double.NaN : r);
      } else if (r < 0.2) {
        set(x, i, Math.round(get(x, i))); // ties, for the comparisons
      } else if (r < 0.3) {
        set(x, i, -get(x, i));
      }
    }
    return x;
  }

  private static void reverse(int[] a) {
    for (int i = 0, j = a.length - 1; i < j; i++, j--) {
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  static double apply(BinaryOp op, double a, double b) {
    return switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case POW -> StrictMath.pow(a, b);
      case MAX -> Math.max(a, b);
      case MIN -> Math.min(a, b);
      case EQ -> a == b ? 1 : 0;
      case GT -> a > b ? 1 : 0;
      case GE -> a >= b ? 1 : 0;
      case LT -> a < b ? 1 : 0;
      case LE -> a <= b ? 1 : 0;
      case BCE_WITH_LOGITS -> Math.max(a, 0) - a * b + Math.log1p(Math.exp(-Math.abs(a)));
      case RELU_BACKWARD -> b > 0 ? a : 0;
    };
  }

  static List<Arguments> binaryCases() {
    List<Arguments> cases = new ArrayList<>();
    for (BinaryOp op : BinaryOp.values()) {
      for (Type type : Type.values()) cases.add(Arguments.of(op, type));
    }
    return cases;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("binaryCases")
  void binaryMatchesReferenceOnEveryPattern(BinaryOp op, Type type) {
    Random random = new Random(op.ordinal());
    for (Pattern p : patterns(type)) {
      Operand a = operand(type, random, p.out(), p.inputs()[1], false);
      Operand b = operand(type, random, p.out(), p.inputs()[2], false);
      int n = size(p.out());
      Object reference = type.zeros(n);
      for (int f = 0; f < n; f++) {
        double x = get(a.data(), offsetOf(f, p.out(), a.strides()));
        double y = get(b.data(), offsetOf(f, p.out(), b.strides()));
        set(reference, f, type == Type.FLOAT ? (float) apply(op, (float) x, (float) y) : apply(op, x, y));
      }
      Object scalar = type.zeros(n);
      Object vector = type.zeros(n);
      ScalarKernels.binary(op, a.data(), a.strides(), b.data(), b.strides(), scalar, p.out());
      VectorKernels.binary(op, a.data(), a.strides(), b.data(), b.strides(), vector, p.out());
      String what = op + " " + type + " " + p;
      // The cross-entropy's exp and log1p are jgrad's own (ScalarMath): a few ulps of the terms, which
      // partly cancel, away from Math's. Everything else is exact.
      double tolerance = op != BinaryOp.BCE_WITH_LOGITS ? 0 : type == Type.FLOAT ? 1e-6 : 1e-14;
      assertClose(reference, scalar, n, tolerance, tolerance, "scalar " + what);
      // The vector kernels use the scalar kernels' operations lane by lane: the same bits.
      assertSameBits(scalar, vector, "vector " + what);
    }
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void whereMatchesReferenceOnEveryPattern(Type type) {
    Random random = new Random(11);
    for (Pattern p : patterns(type)) {
      // Rotate the roles so that the condition, a and b each take every shape.
      for (int shift = 0; shift < 3; shift++) {
        int[][] in = p.inputs();
        Operand c = operand(type, random, p.out(), in[shift % 3], true);
        Operand a = operand(type, random, p.out(), in[(shift + 1) % 3], false);
        Operand b = operand(type, random, p.out(), in[(shift + 2) % 3], false);
        int n = size(p.out());
        Object reference = type.zeros(n);
        for (int f = 0; f < n; f++) {
          double cond = get(c.data(), offsetOf(f, p.out(), c.strides()));
          Operand chosen = cond != 0 ? a : b;
          set(reference, f, get(chosen.data(), offsetOf(f, p.out(), chosen.strides())));
        }
        Object scalar = type.zeros(n);
        Object vector = type.zeros(n);
        ScalarKernels.where(c.data(), c.strides(), a.data(), a.strides(), b.data(), b.strides(), scalar, p.out());
        VectorKernels.where(c.data(), c.strides(), a.data(), a.strides(), b.data(), b.strides(), vector, p.out());
        assertClose(reference, scalar, n, 0, 0, "scalar where " + type + " " + p + " shift " + shift);
        assertClose(reference, vector, n, 0, 0, "vector where " + type + " " + p + " shift " + shift);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void copyStridedMaterializesViews(Type type) {
    Random random = new Random(12);
    Object x = type.random(random, 6 * 10 * 4, -1, 1);
    // {offset, shape..., strides...} over x seen as [6, 10, 4]
    Object[][] views = {
      {0, new int[] {6, 10, 4}, new int[] {40, 4, 1}}, // identity
      {0, new int[] {4, 10, 6}, new int[] {1, 4, 40}}, // permute (2, 1, 0)
      {0, new int[] {10, 6, 4}, new int[] {4, 40, 1}}, // permute (1, 0, 2)
      {44, new int[] {3, 7, 4}, new int[] {40, 4, 1}}, // slice [1:4, 1:8, :]
      {5, new int[] {3, 4, 2}, new int[] {80, 8, 2}}, // strided slice
      {3, new int[] {5, 7}, new int[] {0, 0}}, // one element expanded
      {0, new int[] {6, 3, 4}, new int[] {40, 0, 1}}, // expand a middle axis
      {17, new int[] {}, new int[] {}}, // 0-d
      {0, new int[] {0, 4}, new int[] {4, 1}}, // empty
    };
    for (Object[] v : views) {
      int offset = (Integer) v[0];
      int[] shape = (int[]) v[1];
      int[] strides = (int[]) v[2];
      int n = size(shape);
      Object expected = type.zeros(n);
      for (int f = 0; f < n; f++) set(expected, f, get(x, offset + offsetOf(f, shape, strides)));
      Object actual = type.zeros(n);
      Kernels.copyStrided(x, offset, strides, actual, shape);
      assertClose(expected, actual, n, 0, 0, "copyStrided " + Arrays.toString(shape) + " " + Arrays.toString(strides));
    }
  }

  @Test
  void rowsMergeWhereTheInputsAllow() {
    // Same shape, contiguous: one row.
    RowIterator same = new RowIterator(new int[] {3, 4, 5}, new int[2], new int[] {20, 5, 1}, new int[] {20, 5, 1});
    assertEquals(1, same.rows);
    assertEquals(60, same.length);
    // Matrix plus column vector: rows of the matrix, step 0 for the vector.
    RowIterator column = new RowIterator(new int[] {3, 4}, new int[2], new int[] {4, 1}, new int[] {1, 0});
    assertEquals(3, column.rows);
    assertArrayEquals(new int[] {1, 0}, column.step);
    // Middle-axis broadcast in 3-D: the last axis is the row, the outer two are walked.
    RowIterator middle = new RowIterator(new int[] {2, 3, 4}, new int[2], new int[] {12, 4, 1}, new int[] {4, 0, 1});
    assertEquals(6, middle.rows);
    assertEquals(4, middle.length);
    int[] starts = new int[6];
    for (int r = 0; r < middle.rows; r++, middle.next()) starts[r] = middle.offset[1];
    assertArrayEquals(new int[] {0, 0, 0, 4, 4, 4}, starts);
    // Empty and 0-d shapes.
    assertEquals(0, new RowIterator(new int[] {2, 0}, new int[1], new int[] {0, 1}).rows);
    RowIterator scalar = new RowIterator(new int[] {}, new int[] {7}, new int[] {});
    assertEquals(1, scalar.rows);
    assertEquals(1, scalar.length);
    assertEquals(7, scalar.offset[0]);
  }
}
