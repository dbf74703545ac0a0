package dev.jgrad.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Settings;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ops.OpTable.Case;
import dev.jgrad.autograd.ops.OpTable.Entry;
import dev.jgrad.autograd.testing.Seeds;
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
