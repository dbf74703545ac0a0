package dev.jgrad.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.ForwardAD;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Settings;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ops.OpTable.Case;
import dev.jgrad.autograd.ops.OpTable.Entry;
import dev.jgrad.autograd.testing.Elements;
import dev.jgrad.autograd.testing.Seeds;
import dev.jgrad.autograd.testing.TensorGen;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks {@link OpTable}: for every entry and seed, backward against central differences in float64,
 * at first order and (where the entry has it) second order; and each entry's large case, in fast
 * mode, on at least three threads. For ops of several inputs a quarter of the cases leave one input,
 * chosen at random, constant, so that the ops' "is this gradient needed" branches run too.
 */
class OpTableTest {

  static Stream<Arguments> firstOrder() {
    return OpTable.ENTRIES.stream().flatMap(e -> Seeds.tries().mapToObj(seed -> Arguments.of(e, seed)));
  }

  static Stream<Arguments> secondOrder() {
    return OpTable.ENTRIES.stream()
        .filter(e -> e.secondOrder != null)
        .flatMap(e -> Seeds.few().mapToObj(seed -> Arguments.of(e, seed)));
  }

  static Stream<Entry> large() {
    return OpTable.ENTRIES.stream().filter(e -> e.large != null);
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource
  void firstOrder(Entry entry, long seed) {
    var random = new SplittableRandom(seed);
    check(entry.checker::verify, entry.draw.draw(random, OpTable.FIRST), random, " (seed " + seed + ")");
  }

  /**
   * Forward mode: the tangent an op computes for random input tangents u equals central differences
   * (f(x + εu) − f(x − εu)) / 2ε element by element, and the reverse mode's vᵀ(J·u). An op without a
   * forward-mode rule fails here.
   */
  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("firstOrder")
  void forwardMode(Entry entry, long seed) {
    var random = new SplittableRandom(seed);
    Case c = entry.draw.draw(random, OpTable.FIRST);
    Tensor[] inputs = c.inputs();
    Tensor[] u = tangents(entry, random, inputs);
    String what = describe(c, u, "forward mode", seed);
    Tensor y;
    Tensor jv;
    try (var level = ForwardAD.dualLevel()) {
      Tensor[] duals = new Tensor[inputs.length];
      for (int i = 0; i < inputs.length; i++) {
        duals[i] = u[i] == null ? inputs[i] : ForwardAD.makeDual(inputs[i], u[i]);
      }
      y = c.f().apply(duals);
      jv = ForwardAD.tangent(y);
    }
    assertNotNull(jv, what + ": no forward-mode rule reached the output");
    assertArrayEquals(y.shape(), jv.shape(), what + ": tangent shape");
    double[] plus = moved(c, inputs, u, entry.eps);
    double[] minus = moved(c, inputs, u, -entry.eps);
    double[] actual = jv.toDoubleArray();
    for (int j = 0; j < actual.length; j++) {
      double numeric = (plus[j] - minus[j]) / (2 * entry.eps);
      assertTrue(Math.abs(actual[j] - numeric) <= 1e-5 + 1e-3 * Math.abs(numeric),
          what + ": element " + j + ": forward " + actual[j] + ", numeric " + numeric);
    }
    // vᵀ(J·u) by forward mode against Σ_i (Jᵢᵀv)·uᵢ by reverse mode.
    Tensor v = TensorGen.tensor(random, y.shape(), Elements.uniform(-1, 1));
    java.util.List<Tensor> g = gradients(c, inputs, u, v, false);
    double reverse = 0;
    for (int i = 0, k = 0; i < inputs.length; i++) {
      if (u[i] != null) {
        reverse += g.get(k++).mul(u[i]).sum().item();
      }
    }
    double forward = jv.mul(v).sum().item();
    assertTrue(Math.abs(forward - reverse) <= entry.modesAgree * (1 + Math.abs(reverse)),
        what + ": vᵀ(Ju) forward " + forward + ", reverse " + reverse);
  }

  /**
   * Forward over reverse, second order: inside a dual level the gradient of vᵀf carries H·u as its
   * tangent (the ops of the backward pass apply their own forward-mode rules), which must equal
   * central differences of that gradient along u.
   */
  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("secondOrder")
  void forwardOverReverse(Entry entry, long seed) {
    var random = new SplittableRandom(seed);
    Case c = entry.secondOrder.draw(random, OpTable.SECOND);
    Tensor[] inputs = c.inputs();
    Tensor[] u = tangents(entry, random, inputs);
    Tensor v;
    try (var g = dev.jgrad.autograd.Autograd.noGrad()) {
      v = TensorGen.tensor(random, c.f().apply(inputs).shape(), Elements.uniform(-1, 1));
    }
    String what = describe(c, u, "forward over reverse", seed);
    java.util.List<Tensor> hv = new java.util.ArrayList<>();
    try (var level = ForwardAD.dualLevel()) {
      Tensor[] duals = new Tensor[inputs.length];
      for (int i = 0; i < inputs.length; i++) {
        duals[i] = u[i] == null ? inputs[i] : ForwardAD.makeDual(inputs[i], u[i]);
      }
      for (Tensor g : gradients(c, duals, u, v, true)) {
        Tensor t = ForwardAD.tangent(g);
        hv.add(t == null ? Tensor.zerosLike(g) : t);
      }
    }
    java.util.List<Tensor> plus = gradients(c, shifted(inputs, u, entry.eps), u, v, false);
    java.util.List<Tensor> minus = gradients(c, shifted(inputs, u, -entry.eps), u, v, false);
    for (int k = 0; k < hv.size(); k++) {
      double[] actual = hv.get(k).toDoubleArray();
      double[] p = plus.get(k).toDoubleArray();
      double[] m = minus.get(k).toDoubleArray();
      for (int j = 0; j < actual.length; j++) {
        double numeric = (p[j] - m[j]) / (2 * entry.eps);
        assertTrue(Math.abs(actual[j] - numeric) <= 1e-5 + 1e-3 * Math.abs(numeric),
            what + ": gradient " + k + " element " + j + ": H·u " + actual[j] + ", numeric " + numeric);
      }
    }
  }

  /**
   * A random tangent per input; as for the reverse checks, a quarter of the time one input (of
   * several) is left constant: it gets no tangent and does not require grad.
   */
  private static Tensor[] tangents(Entry entry, SplittableRandom random, Tensor[] inputs) {
    int constant = inputs.length > 1 && random.nextInt(4) == 0 ? random.nextInt(inputs.length) : -1;
    Tensor[] u = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i].requiresGrad(i != constant);
      u[i] = i == constant ? null : TensorGen.tensor(random, inputs[i].shape(), entry.tangents);
    }
    return u;
  }

  private static String describe(Case c, Tensor[] u, String check, long seed) {
    int constant = java.util.Arrays.asList(u).indexOf(null);
    return c.description() + (constant < 0 ? "" : " (input " + constant + " constant)") + " (" + check + ", seed "
        + seed + ")";
  }

  /** The gradients of vᵀf with respect to the inputs that have a tangent. */
  private static java.util.List<Tensor> gradients(Case c, Tensor[] inputs, Tensor[] u, Tensor v, boolean graph) {
    java.util.List<Tensor> wrt = new java.util.ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      if (u[i] != null) {
        wrt.add(inputs[i]);
      }
    }
    Tensor out = c.f().apply(inputs);
    if (!out.requiresGrad()) {
      return wrt.stream().map(Tensor::zerosLike).toList();
    }
    return dev.jgrad.autograd.Autograd.grad(java.util.List.of(out), java.util.List.of(v), wrt, graph);
  }

  /** New leaves at x + step·u (requiring grad where u is given). */
  private static Tensor[] shifted(Tensor[] inputs, Tensor[] u, double step) {
    Tensor[] out = new Tensor[inputs.length];
    try (var g = dev.jgrad.autograd.Autograd.noGrad()) {
      for (int i = 0; i < inputs.length; i++) {
        out[i] = u[i] == null ? inputs[i] : inputs[i].add(u[i].mul(step)).detach().requiresGrad(true);
      }
    }
    return out;
  }

  /** f at every input moved by step·u (inputs without a tangent stay), under no-grad. */
  private static double[] moved(Case c, Tensor[] inputs, Tensor[] u, double step) {
    try (var g = dev.jgrad.autograd.Autograd.noGrad()) {
      return c.f().apply(shifted(inputs, u, step)).toDoubleArray();
    }
  }


  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource
  void secondOrder(Entry entry, long seed) {
    var random = new SplittableRandom(seed);
    check(entry.checker::verifySecondOrder, entry.secondOrder.draw(random, OpTable.SECOND), random,
        " (second order, seed " + seed + ")");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void large(Entry entry) {
    int before = Settings.threads();
    Settings.threads(Math.max(3, before)); // the split paths, whatever the machine
    try {
      for (long seed : Seeds.tries().limit(2).toArray()) {
        var random = new SplittableRandom(seed);
        GradCheck fast = GradCheck.builder().fastMode(true).build();
        check(fast::verify, entry.large.draw(random, OpTable.FIRST), random, " (large, fast mode, seed " + seed + ")");
      }
    } finally {
      Settings.threads(before);
    }
  }

  @FunctionalInterface
  private interface Verifier {
    void verify(GradCheck.Fn f, Tensor... inputs);
  }

  private static void check(Verifier verifier, Case c, SplittableRandom random, String order) {
    Tensor[] inputs = c.inputs();
    int constant = inputs.length > 1 && random.nextInt(4) == 0 ? random.nextInt(inputs.length) : -1;
    for (int i = 0; i < inputs.length; i++) {
      inputs[i].requiresGrad(i != constant);
    }
    try {
      verifier.verify(c.f(), inputs);
    } catch (AssertionError e) {
      String note = constant < 0 ? "" : " (input " + constant + " constant)";
      throw new AssertionError(c.description() + note + order + ": " + e.getMessage(), e);
    }
  }

  /** The matmul entry's seeds reach every kind of product often enough to mean something. */
  @Test
  void matmulSeedsCoverEveryKind() {
    Map<String, Integer> counts = new TreeMap<>();
    Seeds.tries().forEach(seed -> counts.merge(
        OpCases.matmulCase(new SplittableRandom(seed), 2, OpTable.FIRST.maxDim(), r -> 0).kind(), 1, Integer::sum));
    int batched = counts.getOrDefault("batched", 0) + counts.getOrDefault("batched, broadcasting", 0);
    assertTrue(batched >= 20, "too few batched matmul cases: " + counts);
    for (String kind : new String[] {"2-D", "batched, broadcasting", "vector"}) {
      assertTrue(counts.getOrDefault(kind, 0) >= 10, "too few matmul cases of kind " + kind + ": " + counts);
    }
  }

  /** Every entry either checks second order or says why not. */
  @Test
  void everyEntryHasSecondOrderOrAReason() {
    for (Entry e : OpTable.ENTRIES) {
      assertTrue(e.secondOrder != null || (e.noSecondOrder != null && !e.noSecondOrder.isBlank()),
          e.name + ": no second-order case and no reason");
    }
  }
}
