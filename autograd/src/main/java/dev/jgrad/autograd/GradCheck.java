package dev.jgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Compares the gradients backward computes with central differences, in float64, the way PyTorch's
 * {@code gradcheck} does (eps 1e-6, atol 1e-5, rtol 1e-3 by default).
 *
 * <p>Only inputs that require grad are checked. A non-scalar output is reduced with a fixed random
 * weighting v, so one backward pass gives vᵀJ for every input element; a wrong Jacobian escapes only
 * for v in a set of measure zero.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new double[] {0.5, -1.2, 2.0}).requiresGrad(true);
 * GradCheck.check(in -> in[0].tanh().mul(in[0]), x);             // throws on a mismatch
 * GradCheck.checkSecondOrder(in -> in[0].tanh().mul(in[0]), x);  // gradients of gradients
 * }</pre>
 */
public final class GradCheck {

  /** The function under test, from its inputs (in the order given) to one output. */
  @FunctionalInterface
  public interface Fn {
    /**
     * Computes the function's output.
     *
     * @param inputs float64 copies of the inputs given to the check, in the same order
     * @return the output, a FLOAT64 tensor of any shape
     */
    Tensor apply(Tensor... inputs);
  }

  /** Thrown when analytic and numeric gradients disagree; the message says where and by how much. */
  public static final class GradCheckError extends AssertionError {
    /** The index of the input whose gradient is wrong (in fast mode, the first input checked). */
    private final int input;

    /** The flat index of the wrong element within that input, or -1 in fast mode. */
    private final int element;

    /** The derivative backward computed. */
    private final double analytic;

    /** The derivative central differences estimated. */
    private final double numeric;

    GradCheckError(String message, int input, int element, double analytic, double numeric) {
      super(message);
      this.input = input;
      this.element = element;
      this.analytic = analytic;
      this.numeric = numeric;
    }

    /**
     * The input whose gradient is wrong.
     *
     * @return its index among the inputs given to the check; in fast mode, the first input checked
     */
    public int input() {
      return input;
    }

    /**
     * The element whose derivative is wrong.
     *
     * @return its flat (row-major) index within the input, or -1 in fast mode, which cannot tell
     */
    public int element() {
      return element;
    }

    /**
     * The derivative backward computed.
     *
     * @return vᵀJ at the element, or vᵀJu in fast mode
     */
    public double analytic() {
      return analytic;
    }

    /**
     * The derivative central differences estimated.
     *
     * @return the numeric estimate of what {@link #analytic()} should be
     */
    public double numeric() {
      return numeric;
    }
  }

  /** The default step of the central differences, as PyTorch's. */
  public static final double DEFAULT_EPS = 1e-6;

  /** The default absolute tolerance, as PyTorch's. */
  public static final double DEFAULT_ATOL = 1e-5;

  /** The default relative tolerance, as PyTorch's. */
  public static final double DEFAULT_RTOL = 1e-3;

  private final double eps;
  private final double atol;
  private final double rtol;
  private final long seed;
  private final boolean fast;
  private final String name;

  private GradCheck(Builder b) {
    this.name = b.name;
    this.eps = b.eps;
    this.atol = b.atol;
    this.rtol = b.rtol;
    this.seed = b.seed;
    this.fast = b.fast;
  }

  /**
   * Starts a check with settings other than the defaults.
   *
   * @return a builder holding the default settings
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings, defaulting to PyTorch's. */
  public static final class Builder {
    private double eps = DEFAULT_EPS;
    private double atol = DEFAULT_ATOL;
    private double rtol = DEFAULT_RTOL;
    private long seed = 0x5eed;
    private boolean fast;
    private String name;

    private Builder() {}

    /**
     * Names the function checked, at the head of every failure message (e.g. "swish").
     *
     * @param name the function's name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Checks one random directional derivative, vᵀJu for fixed random v and u, instead of every
     * element: one backward pass and two forward passes whatever the inputs' size, for inputs too
     * large for the full check (PyTorch's {@code fast_mode}). A wrong Jacobian passes only for u and
     * v in a set of measure zero, but the failure cannot say which element is wrong.
     *
     * @param fast whether to check one directional derivative rather than every element
     * @return this builder
     */
    public Builder fastMode(boolean fast) {
      this.fast = fast;
      return this;
    }

    /**
     * Sets the step of the central differences; {@code 1e-6} by default.
     *
     * @param eps the step ε, positive and finite
     * @return this builder
     */
    public Builder eps(double eps) {
      this.eps = eps;
      return this;
    }

    /**
     * Sets the absolute tolerance; {@code 1e-5} by default. A derivative passes
     * when |analytic − numeric| ≤ atol + rtol·|numeric|.
     *
     * @param atol the absolute tolerance, not negative
     * @return this builder
     */
    public Builder atol(double atol) {
      this.atol = atol;
      return this;
    }

    /**
     * Sets the relative tolerance; {@code 1e-3} by default. A derivative passes
     * when |analytic − numeric| ≤ atol + rtol·|numeric|.
     *
     * @param rtol the relative tolerance, not negative
     * @return this builder
     */
    public Builder rtol(double rtol) {
      this.rtol = rtol;
      return this;
    }

    /**
     * Seeds the weighting of non-scalar outputs.
     *
     * @param seed the seed of the random weights v (and, in fast mode, directions u)
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Makes the check with these settings.
     *
     * @return a check to run with {@link GradCheck#verify} or {@link GradCheck#verifySecondOrder}
     * @throws IllegalArgumentException if eps is not positive and finite, or a tolerance is negative
     */
    public GradCheck build() {
      checkArgument(eps > 0 && Double.isFinite(eps), "GradCheck: eps must be positive, got %s", eps);
      checkArgument(atol >= 0, "GradCheck: atol must not be negative, got %s", atol);
      checkArgument(rtol >= 0, "GradCheck: rtol must not be negative, got %s", rtol);
      return new GradCheck(this);
    }
  }

  /**
   * Checks first derivatives with the default settings; throws {@link GradCheckError} on a mismatch.
   *
   * @param f the function under test, returning a FLOAT64 tensor
   * @param inputs FLOAT64 tensors; those that require grad are checked
   * @throws GradCheckError if a gradient differs from its numeric estimate
   * @throws IllegalArgumentException if an input or the output is not FLOAT64, or no input requires
   *     grad
   */
  public static void check(Fn f, Tensor... inputs) {
    builder().build().verify(f, inputs);
  }

  /**
   * Checks second derivatives (the gradient of a weighted gradient) with the default settings, like
   * PyTorch's {@code gradgradcheck}.
   *
   * @param f the function under test, returning a FLOAT64 tensor
   * @param inputs FLOAT64 tensors; those that require grad are checked
   * @throws GradCheckError if a second derivative differs from its numeric estimate
   * @throws IllegalArgumentException if an input or the output is not FLOAT64, or no input requires
   *     grad
   */
  public static void checkSecondOrder(Fn f, Tensor... inputs) {
    builder().build().verifySecondOrder(f, inputs);
  }

  private String prefix() {
    return name == null ? "GradCheck" : "GradCheck of " + name;
  }

  /**
   * Checks first derivatives with the default settings, naming the function in a failure.
   *
   * @param name the function's name, at the head of a failure message
   * @param f the function under test, returning a FLOAT64 tensor
   * @param inputs FLOAT64 tensors; those that require grad are checked
   * @throws GradCheckError if a gradient differs from its numeric estimate
   * @throws IllegalArgumentException if an input or the output is not FLOAT64, or no input requires
   *     grad
   */
  public static void check(String name, Fn f, Tensor... inputs) {
    builder().name(name).build().verify(f, inputs);
  }

  /**
   * Checks first derivatives; throws {@link GradCheckError} on a mismatch.
   *
   * @param f the function under test, returning a FLOAT64 tensor
   * @param inputs FLOAT64 tensors; those that require grad are checked
   * @throws GradCheckError if a gradient differs from its numeric estimate
   * @throws IllegalArgumentException if an input or the output is not FLOAT64, or no input requires
   *     grad
   */
  public void verify(Fn f, Tensor... inputs) {
    run(f, inputs, false);
  }

  /**
   * Checks second derivatives: the function checked is x ↦ Σᵢ wᵢ·∂(vᵀf)/∂xᵢ for fixed random v and
   * wᵢ, differentiated through a createGraph backward.
   *
   * @param f the function under test, returning a FLOAT64 tensor
   * @param inputs FLOAT64 tensors; those that require grad are checked
   * @throws GradCheckError if a second derivative differs from its numeric estimate
   * @throws IllegalArgumentException if an input or the output is not FLOAT64, or no input requires
   *     grad
   */
  public void verifySecondOrder(Fn f, Tensor... inputs) {
    Tensor[] leaves = copies(inputs);
    List<Integer> checked = checkedIndices(leaves);
    Tensor probe = f.apply(leaves);
    Tensor v = weights(probe, seed);
    Tensor[] w = new Tensor[checked.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = weights(leaves[checked.get(i)], seed + 1 + i);
    }
    Fn firstDerivatives = x -> {
      List<Tensor> wrt = new ArrayList<>();
      for (int i : checked) {
        wrt.add(x[i]);
      }
      Tensor out = f.apply(x);
      List<Tensor> grads = Autograd.grad(List.of(out), List.of(v), wrt, true);
      Tensor total = null;
      for (int i = 0; i < grads.size(); i++) {
        Tensor term = grads.get(i).mul(w[i]).sum();
        total = total == null ? term : total.add(term);
      }
      return total;
    };
    run(firstDerivatives, inputs, true);
  }

  /** Copies of the inputs, the checked ones among them, the output's weights, and backward's vᵀJ. */
  private record Analytic(Tensor[] leaves, List<Integer> checked, List<Tensor> wrt, Tensor v, List<Tensor> grads) {}

  private Analytic analytic(Fn f, Tensor[] inputs) {
    Tensor[] leaves = copies(inputs);
    List<Integer> checked = checkedIndices(leaves);
    Tensor output = f.apply(leaves);
    if (output.dtype() != DType.FLOAT64) {
      throw new IllegalArgumentException("GradCheck: the function must return a FLOAT64 tensor, got " + output.dtype());
    }
    Tensor v = weights(output, seed);
    List<Tensor> wrt = new ArrayList<>();
    for (int i : checked) {
      wrt.add(leaves[i]);
    }
    List<Tensor> grads = output.requiresGrad()
        ? Autograd.grad(List.of(output), List.of(v), wrt, false)
        : zerosLike(wrt);
    return new Analytic(leaves, checked, wrt, v, grads);
  }

  private void run(Fn f, Tensor[] inputs, boolean numericNeedsGraph) {
    if (fast) {
      runFast(f, inputs, numericNeedsGraph);
      return;
    }
    Analytic at = analytic(f, inputs);
    Tensor[] leaves = at.leaves();
    List<Integer> checked = at.checked();
    Tensor v = at.v();
    List<Tensor> analytic = at.grads();
    for (int c = 0; c < checked.size(); c++) {
      int inputIndex = checked.get(c);
      Tensor x = leaves[inputIndex];
      double[] data = (double[]) x.storage.array;
      double[] expected = analytic.get(c).toDoubleArray();
      for (int j = 0; j < data.length; j++) {
        double original = data[j];
        data[j] = original + eps;
        double plus = weighted(f, leaves, v, numericNeedsGraph);
        data[j] = original - eps;
        double minus = weighted(f, leaves, v, numericNeedsGraph);
        data[j] = original;
        double numeric = (plus - minus) / (2 * eps);
        double a = expected[j];
        if (!(Math.abs(a - numeric) <= atol + rtol * Math.abs(numeric))) {
          throw new GradCheckError(
              String.format(
                  "%s: gradient mismatch for input %d (shape %s) at element %d (index %s): analytic %.10g,"
                      + " numeric %.10g (|difference| %.3g > atol %.1g + rtol %.1g·|numeric|)",
                  prefix(), inputIndex, x.shape, j, Arrays.toString(unravel(j, x.shape)), a, numeric,
                  Math.abs(a - numeric), atol, rtol),
              inputIndex, j, a, numeric);
        }
      }
    }
  }

  /** vᵀJu by backward against (vᵀf(x + εu) − vᵀf(x − εu)) / 2ε, every checked input moved along its u. */
  private void runFast(Fn f, Tensor[] inputs, boolean numericNeedsGraph) {
    Analytic at = analytic(f, inputs);
    Tensor[] leaves = at.leaves();
    List<Integer> checked = at.checked();
    List<Tensor> wrt = at.wrt();
    Tensor v = at.v();
    List<Tensor> grads = at.grads();
    double analytic = 0;
    double[][] directions = new double[checked.size()][];
    double[][] originals = new double[checked.size()][];
    for (int c = 0; c < checked.size(); c++) {
      double[] g = grads.get(c).toDoubleArray();
      double[] u = (double[]) weights(wrt.get(c), seed + 1 + checked.get(c)).storage.array;
      for (int j = 0; j < g.length; j++) {
        analytic += g[j] * u[j];
      }
      directions[c] = u;
      originals[c] = ((double[]) wrt.get(c).storage.array).clone();
    }
    double plus = moved(f, leaves, wrt, directions, originals, eps, v, numericNeedsGraph);
    double minus = moved(f, leaves, wrt, directions, originals, -eps, v, numericNeedsGraph);
    moved(null, leaves, wrt, directions, originals, 0, v, false);
    double numeric = (plus - minus) / (2 * eps);
    if (!(Math.abs(analytic - numeric) <= atol + rtol * Math.abs(numeric))) {
      throw new GradCheckError(
          String.format(
              "%s (fast mode): directional derivative mismatch over inputs %s: analytic vᵀJu %.10g, numeric"
                  + " %.10g (|difference| %.3g > atol %.1g + rtol %.1g·|numeric|)",
              prefix(), checked, analytic, numeric, Math.abs(analytic - numeric), atol, rtol),
          checked.get(0), -1, analytic, numeric);
    }
  }

  /** Sets each checked input to original + step·u, then returns vᵀf (when f is given). */
  private static double moved(
      Fn f, Tensor[] leaves, List<Tensor> wrt, double[][] u, double[][] original, double step, Tensor v,
      boolean withGraph) {
    for (int c = 0; c < wrt.size(); c++) {
      double[] data = (double[]) wrt.get(c).storage.array;
      for (int j = 0; j < data.length; j++) {
        data[j] = original[c][j] + step * u[c][j];
      }
    }
    return f == null ? 0 : weighted(f, leaves, v, withGraph);
  }

  private static double weighted(Fn f, Tensor[] leaves, Tensor v, boolean withGraph) {
    if (withGraph) {
      return f.apply(leaves).mul(v).sum().item();
    }
    try (var g = Autograd.noGrad()) {
      return f.apply(leaves).mul(v).sum().item();
    }
  }

  /** Fresh float64 leaves, so the check never disturbs the caller's tensors or their gradients. */
  private static Tensor[] copies(Tensor[] inputs) {
    checkArgument(inputs.length > 0, "GradCheck: no inputs given");
    Tensor[] out = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      Tensor in = inputs[i];
      if (in.dtype() != DType.FLOAT64) {
        throw new IllegalArgumentException(
            String.format(
                "GradCheck: input %d is %s; central differences need FLOAT64 (convert with to(DType.FLOAT64))",
                i, in.dtype()));
      }
      out[i] = Tensor.wrap(in.shape, DType.FLOAT64, in.toDoubleArray()).requiresGrad(in.requiresGrad());
    }
    return out;
  }

  private static List<Integer> checkedIndices(Tensor[] leaves) {
    List<Integer> checked = new ArrayList<>();
    for (int i = 0; i < leaves.length; i++) {
      if (leaves[i].requiresGrad()) {
        checked.add(i);
      }
    }
    checkArgument(!checked.isEmpty(), "GradCheck: no input requires grad; mark the ones to check with requiresGrad(true)");
    return checked;
  }

  /** Fixed random weights in [0.5, 1.5) with random signs, so no element's error can cancel to zero. */
  private static Tensor weights(Tensor like, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] w = new double[like.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = (random.nextBoolean() ? 1 : -1) * (0.5 + random.nextDouble());
    }
    return Tensor.wrap(like.shape, DType.FLOAT64, w);
  }

  private static List<Tensor> zerosLike(List<Tensor> tensors) {
    List<Tensor> out = new ArrayList<>();
    for (Tensor t : tensors) {
      out.add(Tensor.zeros(DType.FLOAT64, t.shape()));
    }
    return out;
  }

  private static int[] unravel(int flat, Shape shape) {
    int[] index = new int[shape.rank()];
    int[] strides = shape.strides();
    for (int i = 0; i < index.length; i++) {
      index[i] = flat / strides[i];
      flat %= strides[i];
    }
    return index;
  }
}
