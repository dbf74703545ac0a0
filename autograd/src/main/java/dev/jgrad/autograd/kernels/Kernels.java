package dev.jgrad.autograd.kernels;

/**
 * The arithmetic of jgrad, on contiguous row-major heap arrays. Not API: the ops call it; users
 * never should.
 *
 * <p>Every array argument is a {@code float[]} or a {@code double[]}; all arrays of one call have
 * the same element type (the caller guarantees it). Outputs are written, never read, unless a method
 * says it accumulates. Shapes and strides are in elements. A stride of 0 marks a broadcast dimension.
 *
 * <p>Each method dispatches on {@link #SIMD} and on the element type: the Vector API kernels
 * ({@code VectorKernels}) when the JVM has {@code jdk.incubator.vector}, else the scalar reference
 * kernels ({@code ScalarKernels}, with a single warning saying which flag enables SIMD). The scalar
 * kernels stay as the reference for parity tests. Kernels that gain nothing from SIMD (fill,
 * convert, copyStrided, argmax, gather, scatterAdd) have only the scalar version.
 *
 * <p>Results are the same bits on every run, for any thread count, and before and after the JIT
 * compiles a kernel: the vector kernels use only lane operations that are exactly rounded in both
 * the Vector API's Java fallback and its intrinsics (add, mul, fma, div, sqrt, compare, blend,
 * conversions), jgrad's own exp, log, log1p, tanh and sigmoid ({@code VectorMath}, within 2 ulps in
 * float64 and 3 in float32) instead of {@code lanewise(EXP)} and the like, StrictMath for pow, and
 * fixed orders for every sum (never {@code reduceLanes(ADD)}). The scalar kernels use the same
 * elementary functions ({@code ScalarMath}), so the two paths agree but for the order of float
 * sums and the fused multiply-adds of axpy and matmul. Float sums are blocked into double
 * accumulators, so that long sums stay within a few ulps.
 *
 * <p>The vector width is the JVM's preferred one or {@code -Djgrad.vectorBits}; the GEMM's tile and
 * blocks follow the register count and cache sizes ({@code Simd}, {@code Cpu}).
 *
 * <p>Large work is split over the one pool of persistent workers ({@code Parallel}, sized by the
 * system property {@code jgrad.threads} or {@link #threads(int)}): products above {@link #PARALLEL_GEMM} multiply-adds by
 * row panels of A sharing one packed B (matrix-vector products by rows or columns of the result),
 * elementwise ops above {@link #PARALLEL_STREAM} (or {@link
 * #PARALLEL_TRANSCENDENTAL}) elements by ranges. Every output element is computed by one thread in
 * the same order as without the split, so results do not depend on the thread count.
 */
public final class Kernels {
  private Kernels() {}

  static final String NO_VECTOR_API_WARNING =
      "jgrad: the Java Vector API is not enabled, so jgrad runs its scalar kernels; "
          + "start the JVM with --add-modules jdk.incubator.vector to enable SIMD";

  /** Whether the Vector API kernels run. False without {@code jdk.incubator.vector} or with {@code -Djgrad.simd=false}. */
  public static final boolean SIMD = decideSimd();

  /**
   * Decided once, at class initialization, so that the JIT folds every {@code if (SIMD)} away. The
   * vector classes are named only behind this flag: a JVM without the module never loads them.
   * The warning is logged once, and not when SIMD was switched off on purpose.
   */
  private static boolean decideSimd() {
    boolean disabled = !simdProperty(System.getProperty("jgrad.simd"));
    boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    if (!present && !disabled) {
      System.getLogger("dev.jgrad").log(System.Logger.Level.WARNING, NO_VECTOR_API_WARNING);
    }
    return present && !disabled;
  }

  /**
   * {@code jgrad.simd}: "true" or "false" (any case, surrounding blanks ignored); unset means true.
   * Anything else ("off", "0") logs one warning and keeps the default, so that a typo never silently
   * means the opposite of what was meant.
   */
  static boolean simdProperty(String value) {
    if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("true")) {
      return true;
    }
    if (value.trim().equalsIgnoreCase("false")) {
      return false;
    }
    System.getLogger("dev.jgrad").log(System.Logger.Level.WARNING,
        "jgrad.simd: expected true or false, got \"" + value + "\"; SIMD stays on");
    return true;
  }

  /** The width of the vectors the kernels use, in bits (see {@code Simd}); 0 when the scalar kernels run. */
  public static int vectorBits() {
    return SIMD ? VectorKernels.bits() : 0;
  }

  /** Threads that work on a split kernel, the caller included. */
  public static int threads() {
    return Parallel.threads();
  }

  /** Sets the threads that work on a split kernel; see {@code Parallel}. */
  public static void threads(int n) {
    Parallel.threads(n);
  }

  // ---- elementwise ----------------------------------------------------------------------------

  /**
   * Elementwise work of at least this many elements is split over the {@link Parallel} pool; below
   * it, waking a worker costs more than it saves. Ops that stream memory need more elements to pay
   * than the transcendental ones, which are compute-bound.
   */
  static final int PARALLEL_STREAM = 1 << 18;

  static final int PARALLEL_TRANSCENDENTAL = 1 << 15;

  /**
   * Optimizer updates (and axpy) of at least this many elements are split: they stream two to four
   * arrays, often just written by the other threads' products. axpy on Zen 4, one thread against
   * two: 2.45 against 2.85 µs for 32,768 floats, 5.58 against 3.41 for 65,536, 22.2 against 11.2
   * for the MLP's 200,704 weights.
   */
  static final int PARALLEL_UPDATE = 1 << 16;

  /** Ranges of a split elementwise loop start at multiples of this (whole cache lines of doubles). */
  private static final int ELEMENT_UNIT = 64;

  /** Work on elements [from, to) that depends on no other element. */
  private interface Range {
    void run(int from, int to);
  }

  /** body over [0, n): in ranges over the pool when n reaches threshold and there are threads, else at once. */
  private static void ranges(int n, int threshold, Range body) {
    if (Parallel.threads() > 1 && n >= threshold) {
      int parts = Parallel.parts(n, ELEMENT_UNIT);
      Parallel.forEach(parts, part ->
          body.run(Parallel.bound(part, parts, n, ELEMENT_UNIT), Parallel.bound(part + 1, parts, n, ELEMENT_UNIT)));
    } else {
      body.run(0, n);
    }
  }

  /** out[i] = op(x[i]) for i in [0, n). Large n is split over the pool. */
  public static void unary(UnaryOp op, Object x, Object out, int n) {
    boolean transcendental = switch (op) {
      case EXP, LOG, LOG1P, TANH, SIGMOID, SIN, COS -> true;
      default -> false;
    };
    ranges(n, transcendental ? PARALLEL_TRANSCENDENTAL : PARALLEL_STREAM, (from, to) -> unary(op, x, out, from, to));
  }

  private static void unary(UnaryOp op, Object x, Object out, int from, int to) {
    if (SIMD) {
      VectorKernels.unary(op, x, out, from, to);
    } else {
      ScalarKernels.unary(op, x, out, from, to);
    }
  }

  /** out[i] = x[i] > 0 ? x[i] : slope * x[i]. */
  public static void leakyRelu(Object x, double slope, Object out, int n) {
    if (SIMD) {
      VectorKernels.leakyRelu(x, slope, out, n);
    } else {
      ScalarKernels.leakyRelu(x, slope, out, n);
    }
  }

  /** out[i] = x[i]^p, as {@link Math#pow}, with fast paths for p = 2, 0.5, -1, 1. */
  public static void pow(Object x, double p, Object out, int n) {
    if (SIMD) {
      VectorKernels.pow(x, p, out, n);
    } else {
      ScalarKernels.pow(x, p, out, n);
    }
  }

  /** out[i] = min(max(x[i], lo), hi); lo may be -inf and hi +inf. */
  public static void clamp(Object x, double lo, double hi, Object out, int n) {
    if (SIMD) {
      VectorKernels.clamp(x, lo, hi, out, n);
    } else {
      ScalarKernels.clamp(x, lo, hi, out, n);
    }
  }

  /** out[i] = x[i] * alpha + beta. */
  public static void affine(Object x, double alpha, double beta, Object out, int n) {
    if (SIMD) {
      VectorKernels.affine(x, alpha, beta, out, n);
    } else {
      ScalarKernels.affine(x, alpha, beta, out, n);
    }
  }

  /** Fills out[0, n) with v. */
  public static void fill(Object out, double v, int n) {
    ScalarKernels.fill(out, v, n);
  }

  /** Converts between element types (float[] to double[] or back, or a plain copy). */
  public static void convert(Object x, Object out, int n) {
    ScalarKernels.convert(x, 0, out, 0, n);
  }

  /** out[outOffset + i] = x[xOffset + i] for i &lt; n, converted between float32 and float64 as needed. */
  public static void convert(Object x, int xOffset, Object out, int outOffset, int n) {
    ScalarKernels.convert(x, xOffset, out, outOffset, n);
  }

  /** y[i] += alpha * x[i] (in place on y; the SIMD kernel fuses the multiply-add). Large n is split over the pool. */
  public static void axpy(double alpha, Object x, Object y, int n) {
    ranges(n, PARALLEL_UPDATE, (from, to) -> {
      if (SIMD) {
        VectorKernels.axpy(alpha, x, y, from, to);
      } else {
        ScalarKernels.axpy(alpha, x, y, from, to);
      }
    });
  }

  /**
   * Broadcasting binary op: out (contiguous, shape {@code outShape}) at index (i0..ik) = op(a[Σ ij
   * aStrides[j]], b[Σ ij bStrides[j]]). The strides arrays have the length of outShape; broadcast
   * dimensions have stride 0. Must be fast for the common cases: equal contiguous shapes, one side a
   * scalar (all strides 0), a row vector or column vector broadcast against a matrix.
   *
   * <p>The first two run as one flat loop. Otherwise adjacent dimensions that every operand walks
   * as one are merged and the output is produced row by row, each input stepping by 1, 0 or its
   * own stride along the row (see {@code RowIterator}).
   */
  public static void binary(BinaryOp op, Object a, int[] aStrides, Object b, int[] bStrides, Object out, int[] outShape) {
    int sa = RowIterator.flatStep(outShape, aStrides);
    int sb = RowIterator.flatStep(outShape, bStrides);
    if (sa >= 0 && sb >= 0) {
      binaryFlat(op, a, sa, b, sb, out, RowIterator.size(outShape));
    } else if (SIMD) {
      VectorKernels.binary(op, a, aStrides, b, bStrides, out, outShape);
    } else {
      ScalarKernels.binary(op, a, aStrides, b, bStrides, out, outShape);
    }
  }

  /**
   * out[i] = op(a[i·aStep], b[i·bStep]) for i in [0, n), each step 1 (a contiguous operand of n
   * elements) or 0 (a single element broadcast): {@link #binary}'s common cases, equal shapes and a
   * scalar against a tensor, without any stride bookkeeping. Large n is split over the pool.
   */
  public static void binaryFlat(BinaryOp op, Object a, int aStep, Object b, int bStep, Object out, int n) {
    int threshold = op == BinaryOp.POW || op == BinaryOp.BCE_WITH_LOGITS ? PARALLEL_TRANSCENDENTAL : PARALLEL_STREAM;
    ranges(n, threshold, (from, to) -> binaryRow(op, a, from * aStep, aStep, b, from * bStep, bStep, out, from, to - from));
  }

  private static void binaryRow(BinaryOp op, Object a, int ao, int as, Object b, int bo, int bs, Object out, int oo, int n) {
    if (SIMD) {
      VectorKernels.binaryRow(op, a, ao, as, b, bo, bs, out, oo, n);
    } else {
      ScalarKernels.binaryRow(op, a, ao, as, b, bo, bs, out, oo, n);
    }
  }

  /** out = cond != 0 ? a : b, broadcasting like {@link #binary}. */
  public static void where(
      Object cond, int[] condStrides, Object a, int[] aStrides, Object b, int[] bStrides, Object out, int[] outShape) {
    if (SIMD) {
      VectorKernels.where(cond, condStrides, a, aStrides, b, bStrides, out, outShape);
    } else {
      ScalarKernels.where(cond, condStrides, a, aStrides, b, bStrides, out, outShape);
    }
  }

  /**
   * Strided gather into a contiguous output: out (shape {@code outShape}, row-major) at (i0..ik) =
   * x[offset + Σ ij strides[j]]. Serves permute, expand, slice and any view materialization.
   */
  public static void copyStrided(Object x, int offset, int[] strides, Object out, int[] outShape) {
    ScalarKernels.copyStrided(x, offset, strides, out, outShape);
  }

  // ---- reductions over one axis, the input viewed as [outer, axis, inner] ---------------------

  /**
   * out[o, i] = Σ_k x[o, k, i]; out has outer·inner elements (zeros if axis = 0). Float input is
   * summed in float: across vector lanes with SIMD, in a double accumulator by the scalar kernel when
   * inner = 1.
   */
  public static void sum(Object x, int outer, int axis, int inner, Object out) {
    if (SIMD) {
      VectorKernels.sum(x, outer, axis, inner, out);
    } else {
      ScalarKernels.sum(x, outer, axis, inner, out);
    }
  }

  /** out[o, i] = max_k x[o, k, i] (NaN if any is NaN); axis ≥ 1. */
  public static void max(Object x, int outer, int axis, int inner, Object out) {
    if (SIMD) {
      VectorKernels.max(x, outer, axis, inner, out);
    } else {
      ScalarKernels.max(x, outer, axis, inner, out);
    }
  }

  /** out[o, i] = the first k at which x[o, k, i] is largest (NaN counts as largest); axis ≥ 1. */
  public static void argmax(Object x, int outer, int axis, int inner, int[] out) {
    ScalarKernels.argmax(x, outer, axis, inner, out);
  }

  /** Softmax along the middle axis, numerically stable (subtracts the max first); axis ≥ 1. */
  public static void softmax(Object x, int outer, int axis, int inner, Object out) {
    if (SIMD) {
      VectorKernels.softmax(x, outer, axis, inner, out);
    } else {
      ScalarKernels.softmax(x, outer, axis, inner, out);
    }
  }

  /**
   * log(softmax) along the middle axis: (x - max) - log Σ exp(x - max), in that order so that a
   * large max does not swallow a small log-sum; axis ≥ 1.
   */
  public static void logSoftmax(Object x, int outer, int axis, int inner, Object out) {
    if (SIMD) {
      VectorKernels.logSoftmax(x, outer, axis, inner, out);
    } else {
      ScalarKernels.logSoftmax(x, outer, axis, inner, out);
    }
  }

  /**
   * Cross-entropy of each row of the logits x [n, c] against its label: loss[i] = log Σ_j e^x[i, j] −
   * x[i, labels[i]], computed as −logSoftmax(x)[i, labels[i]]. The log-probabilities (n × c) are
   * written to {@code logProbs} for the backward pass. The caller has checked the labels.
   */
  public static void crossEntropy(Object x, int n, int c, int[] labels, Object logProbs, Object loss) {
    logSoftmax(x, n, c, 1, logProbs);
    if (loss instanceof float[] f) {
      float[] lp = (float[]) logProbs;
      for (int i = 0; i < n; i++) f[i] = -lp[i * c + labels[i]];
    } else {
      double[] d = (double[]) loss;
      double[] lp = (double[]) logProbs;
      for (int i = 0; i < n; i++) d[i] = -lp[i * c + labels[i]];
    }
  }

  /**
   * The gradient of {@link #crossEntropy}: dx[i, j] = g[i·gStep]·(e^logProbs[i, j] − [j = labels[i]]),
   * gStep 1, or 0 for one gradient shared by every row.
   */
  public static void crossEntropyBackward(Object logProbs, int n, int c, int[] labels, Object g, int gStep, Object dx) {
    unary(UnaryOp.EXP, logProbs, dx, n * c);
    if (dx instanceof float[] f) {
      float[] gf = (float[]) g;
      for (int i = 0; i < n; i++) {
        f[i * c + labels[i]] -= 1;
        float gi = gf[i * gStep];
        for (int j = i * c; j < (i + 1) * c; j++) f[j] *= gi;
      }
    } else {
      double[] d = (double[]) dx;
      double[] gd = (double[]) g;
      for (int i = 0; i < n; i++) {
        d[i * c + labels[i]] -= 1;
        double gi = gd[i * gStep];
        for (int j = i * c; j < (i + 1) * c; j++) d[j] *= gi;
      }
    }
  }

  /** out[o, i] = x[o, index[o·inner + i], i]; the caller has checked every index is in [0, axis). */
  public static void gather(Object x, int outer, int axis, int inner, int[] index, Object out) {
    ScalarKernels.gather(x, outer, axis, inner, index, out);
  }

  /** out[o, index[o·inner + i], i] += src[o, i]; out is zeroed by the caller. */
  public static void scatterAdd(Object src, int outer, int axis, int inner, int[] index, Object out) {
    ScalarKernels.scatterAdd(src, outer, axis, inner, index, out);
  }

  // ---- optimizer updates ----------------------------------------------------------------------

  /**
   * One SGD step on a parameter of n elements, in place, one pass: g' = g + wd·p; with momentum μ
   * the buffer b becomes g' (on the first step) or μ·b + (1 − dampening)·g', and g' becomes b, or
   * g' + μ·b with Nesterov; then p −= lr·g'. {@code buffer} is null without momentum.
   */
  public static void sgd(
      Object p, Object g, Object buffer, int n, double lr, double momentum, double dampening, boolean nesterov,
      double weightDecay, boolean first) {
    UpdateKernels.Sgd s = new UpdateKernels.Sgd(lr, momentum, dampening, nesterov, weightDecay, first);
    ranges(n, PARALLEL_UPDATE, (from, to) -> {
      if (SIMD) {
        VectorKernels.sgd(p, g, buffer, from, to, s);
      } else {
        UpdateKernels.sgd(p, g, buffer, from, to, s);
      }
    });
  }

  /**
   * One Adam step on a parameter of n elements, in place, one pass, as PyTorch's: with weight decay
   * wd, p ·= 1 − lr·wd (AdamW, {@code decoupled}) or g += wd·p (Adam); m = β₁m + (1 − β₁)g;
   * v = β₂v + (1 − β₂)g²; p −= lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε), for step t ≥ 1.
   */
  public static void adam(
      Object p, Object g, Object m, Object v, int n, double lr, double beta1, double beta2, double epsilon,
      double weightDecay, boolean decoupled, int step) {
    UpdateKernels.Adam a = new UpdateKernels.Adam(
        lr, beta1, beta2, epsilon, weightDecay, decoupled, 1 - Math.pow(beta1, step), 1 - Math.pow(beta2, step));
    ranges(n, PARALLEL_UPDATE, (from, to) -> {
      if (SIMD) {
        VectorKernels.adam(p, g, m, v, from, to, a);
      } else {
        UpdateKernels.adam(p, g, m, v, from, to, a);
      }
    });
  }

  // ---- matrix product -------------------------------------------------------------------------

  /** Below this many multiply-adds (m·n·k) a plain loop beats packing. */
  static final long SMALL_GEMM = 4096;

  /** From this many multiply-adds on, a product is split over the {@link Parallel} pool. */
  static final long PARALLEL_GEMM = 1L << 19;

  /**
   * C = A·B for row-major A (m×k at aOffset), B (k×n at bOffset), C (m×n at cOffset); C is
   * overwritten (zeros if k = 0) and must not overlap A or B. Batched matmul calls this once per
   * batch with offsets.
   */
  public static void matmul(Object a, int aOffset, Object b, int bOffset, Object c, int cOffset, int m, int k, int n) {
    gemm(false, false, m, n, k, a, aOffset, b, bOffset, c, cOffset, false);
  }

  /**
   * C (+)= op(A)·op(B), all row-major and contiguous: C is m×n at cOffset; A is m×k at aOffset, or
   * with {@code transA} a k×m matrix read as its transpose; B is k×n at bOffset, or with {@code
   * transB} an n×k matrix read as its transpose. No transpose is ever materialized: the packing
   * reads the operands either way. With {@code accumulate} the product is added to C, otherwise C
   * is overwritten. C must not overlap A or B.
   *
   * <p>Products of at least {@link #PARALLEL_GEMM} multiply-adds are split over the pool: packed
   * products by row panels of A with one packed B shared by all threads, matrix-vector products by
   * rows or columns of C. Each thread computes whole elements of C in the same order as a single
   * thread would: the result does not depend on the thread count.
   */
  public static void gemm(
      boolean transA, boolean transB, int m, int n, int k,
      Object a, int aOffset, Object b, int bOffset, Object c, int cOffset, boolean accumulate) {
    int lda = transA ? m : k;
    int ldb = transB ? k : n;
    long work = (long) m * n * k;
    // The method is chosen for the whole product, never per thread's share, so that the split cannot
    // change how any element is summed.
    GemmMethod method = !SIMD || work < SMALL_GEMM || k == 0 ? GemmMethod.LOOP
        : n == 1 ? GemmMethod.COLUMN : m == 1 ? GemmMethod.ROW
        : !transB && VectorKernels.isNarrow(a, n) ? GemmMethod.NARROW : GemmMethod.TILES;
    if (method == GemmMethod.TILES) {
      // The packed product shares its work out itself, so that B is packed once for all threads.
      int threads = work < PARALLEL_GEMM ? 1 : Parallel.threads();
      VectorKernels.gemm(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, n, accumulate, threads);
    } else if (Parallel.threads() == 1 || work < PARALLEL_GEMM) {
      gemm(method, transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, n, accumulate);
    } else if (m >= n) {
      int parts = Parallel.parts(m, ROW_UNIT);
      Parallel.forEach(parts, part -> {
        int i0 = Parallel.bound(part, parts, m, ROW_UNIT);
        int i1 = Parallel.bound(part + 1, parts, m, ROW_UNIT);
        int ao = aOffset + (transA ? i0 : i0 * lda);
        gemm(method, transA, transB, i1 - i0, n, k, a, ao, lda, b, bOffset, ldb, c, cOffset + i0 * n, n, accumulate);
      });
    } else {
      int parts = Parallel.parts(n, COLUMN_UNIT);
      Parallel.forEach(parts, part -> {
        int j0 = Parallel.bound(part, parts, n, COLUMN_UNIT);
        int j1 = Parallel.bound(part + 1, parts, n, COLUMN_UNIT);
        int bo = bOffset + (transB ? j0 * ldb : j0);
        gemm(method, transA, transB, m, j1 - j0, k, a, aOffset, lda, b, bo, ldb, c, cOffset + j0, n, accumulate);
      });
    }
  }

  /**
   * Thread splits of the unpacked products (LOOP, ROW, COLUMN, NARROW): a share of columns starts on a whole
   * vector and cache line (16 floats or 8 doubles: 16 covers both); rows go in sixes, though any unit
   * would do, since each row of C is computed on its own.
   */
  private static final int ROW_UNIT = 6;
  private static final int COLUMN_UNIT = 16;

  private enum GemmMethod {
    /** The plain loop: small products, and no SIMD. */
    LOOP,
    /** C is a single column (n = 1): dot products with B's column, or sums of A's rows. */
    COLUMN,
    /** C is a single row (m = 1): dot products with A's row, or sums of B's rows. */
    ROW,
    /** Few columns (at most a vector's lanes), B not transposed: a masked vector per row of C. */
    NARROW,
    /** Packed register tiles. */
    TILES
  }

  /** The unpacked products; TILES never comes here, as {@link #gemm} hands it to the packed kernel whole. */
  private static void gemm(
      GemmMethod method, boolean transA, boolean transB, int m, int n, int k, Object a, int ao, int lda,
      Object b, int bo, int ldb, Object c, int co, int ldc, boolean accumulate) {
    switch (method) {
      case null -> throw new NullPointerException("method"); // makes javac insist on every method
      case LOOP -> ScalarKernels.gemm(transA, transB, m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc, accumulate);
      case COLUMN -> VectorKernels.gemv(true, transA, transB, m, n, k, a, ao, lda, b, bo, ldb, c, co, accumulate);
      case ROW -> VectorKernels.gemv(false, transA, transB, m, n, k, a, ao, lda, b, bo, ldb, c, co, accumulate);
      case NARROW -> VectorKernels.narrow(transA, m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc, accumulate);
      case TILES -> throw new AssertionError("the packed product is dispatched by gemm");
    }
  }
}
