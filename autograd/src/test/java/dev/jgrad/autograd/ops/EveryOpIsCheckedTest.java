package dev.jgrad.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.reflect.ClassPath;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Node;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Fails when an op exists without an entry in {@link OpTable}: every differentiable public Tensor
 * method (by signature, so each overload counts) and every Node class of dev.jgrad.autograd.ops must
 * be named by some entry. Adding an op therefore means adding its entry, or listing it below with
 * the reason it has none.
 */
class EveryOpIsCheckedTest {
  private static final String OPS_PACKAGE = "dev.jgrad.autograd.ops";

  /** Piecewise constant: their gradient is zero, so they record nothing (NonDifferentiableOpsTest). */
  static final Set<String> ZERO_GRADIENT = Set.of("sign", "eq", "gt", "ge", "lt", "le");

  /** Public instance methods returning a Tensor that are not differentiable operations, by name. */
  private static final Set<String> NOT_OPS = union(
      ZERO_GRADIENT,
      // the graph's bookkeeping: marking leaves, reading gradients, leaving the graph
      Set.of("requiresGrad", "grad", "detach", "retainGrad"),
      // in-place updates for optimizers; refused while recording
      Set.of("addInPlace", "mulInPlace", "copyFrom", "setData"),
      // indices, not values: argmax(int, boolean) records nothing (checked in NonDifferentiableOpsTest)
      Set.of("argmax"));

  /** Public static methods returning a Tensor that make new leaves rather than compute from tensors. */
  private static final Set<String> FACTORIES =
      Set.of("scalar", "of", "zeros", "ones", "full", "randn", "rand", "arange", "zerosLike", "onesLike");

  @Test
  void everyDifferentiableTensorMethodIsChecked() throws IOException {
    Set<String> missing = new TreeSet<>(differentiableTensorMethods());
    missing.removeAll(checkedMethods());
    assertTrue(missing.isEmpty(), "Tensor ops without an OpTable entry: " + missing);
  }

  @Test
  void everyNodeOfTheOpsPackageIsChecked() throws IOException {
    Set<String> missing = new TreeSet<>(nodeClasses());
    missing.removeAll(checkedNodes());
    assertTrue(missing.isEmpty(), "Node classes without an OpTable entry: " + missing);
  }

  /** A stale or misspelled name would otherwise count as a check of nothing. */
  @Test
  void everyNameInTheTableIsAnOp() throws IOException {
    Set<String> unknownMethods = new TreeSet<>(checkedMethods());
    unknownMethods.removeAll(differentiableTensorMethods());
    assertTrue(unknownMethods.isEmpty(), "OpTable names methods that are not differentiable Tensor ops: " + unknownMethods);
    Set<String> unknownNodes = new TreeSet<>(checkedNodes());
    unknownNodes.removeAll(nodeClasses());
    assertTrue(unknownNodes.isEmpty(), "OpTable names classes that are not Node classes of the ops package: " + unknownNodes);
  }

  /** The exclusion lists name real methods, so they cannot silently outlive a rename. */
  @Test
  void exclusionsNameExistingMethods() {
    Set<String> instance = new TreeSet<>();
    Set<String> statics = new TreeSet<>();
    for (Method m : tensorOps()) {
      (Modifier.isStatic(m.getModifiers()) ? statics : instance).add(m.getName());
    }
    assertTrue(instance.containsAll(NOT_OPS), "unknown names in NOT_OPS: " + difference(NOT_OPS, instance));
    assertTrue(statics.containsAll(FACTORIES), "unknown names in FACTORIES: " + difference(FACTORIES, statics));
  }

  /**
   * A node keeps the tensors its backward reads through {@code Saved}, which notices in-place
   * changes and frees them after the pass; a plain Tensor field would do neither.
   */
  @Test
  void noNodeKeepsATensorOutsideSaved() throws IOException {
    List<String> plain = opsPackageClasses().stream()
        .filter(Node.class::isAssignableFrom)
        .flatMap(c -> Arrays.stream(c.getDeclaredFields()))
        .filter(f -> !Modifier.isStatic(f.getModifiers()))
        .filter(f -> mentionsTensor(f.getGenericType()))
        .map(f -> f.getDeclaringClass().getSimpleName() + "." + f.getName())
        .toList();
    assertEquals(List.of(), plain, "node fields holding tensors outside Saved");
  }

  private static boolean mentionsTensor(java.lang.reflect.Type type) {
    return type.getTypeName().contains(Tensor.class.getName());
  }

  // ---- what exists ----------------------------------------------------------------------------

  /** Public methods declared by Tensor that return a Tensor. */
  private static List<Method> tensorOps() {
    return Arrays.stream(Tensor.class.getMethods())
        .filter(m -> m.getDeclaringClass() == Tensor.class && m.getReturnType() == Tensor.class)
        .toList();
  }

  static Set<String> differentiableTensorMethods() {
    return tensorOps().stream()
        .filter(m -> !(Modifier.isStatic(m.getModifiers()) ? FACTORIES : NOT_OPS).contains(m.getName()))
        .map(EveryOpIsCheckedTest::signature)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** "name(Type,Type)" with simple type names; varargs appear as arrays. */
  static String signature(Method m) {
    return m.getName()
        + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(",", "(", ")"));
  }

  private static Set<String> nodeClasses() throws IOException {
    return opsPackageClasses().stream()
        .filter(c -> Node.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers()))
        .map(Class::getSimpleName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Every top-level class of the ops package, main and test trees alike. */
  private static List<Class<?>> opsPackageClasses() throws IOException {
    ClassLoader loader = EveryOpIsCheckedTest.class.getClassLoader();
    List<Class<?>> classes = ClassPath.from(loader).getTopLevelClasses(OPS_PACKAGE).stream()
        .<Class<?>>map(ClassPath.ClassInfo::load)
        .toList();
    assertFalse(classes.isEmpty(), "no classes found in " + OPS_PACKAGE + "; the class path scan is broken");
    return classes;
  }

  // ---- what is checked ------------------------------------------------------------------------

  private static Set<String> checkedMethods() {
    return OpTable.ENTRIES.stream().flatMap(e -> e.methods.stream()).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> checkedNodes() {
    return OpTable.ENTRIES.stream().flatMap(e -> e.nodes.stream()).collect(Collectors.toCollection(TreeSet::new));
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> out = new TreeSet<>();
    for (Set<String> s : sets) {
      out.addAll(s);
    }
    return Set.copyOf(out);
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.removeAll(b);
    return out;
  }
}
