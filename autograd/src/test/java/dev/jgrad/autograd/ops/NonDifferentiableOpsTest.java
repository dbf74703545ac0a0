package dev.jgrad.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ops EveryOpIsCheckedTest excuses from gradient checks because their gradient is zero (sign and
 * the comparisons) must record nothing: their results, from inputs that require grad, are plain
 * leaves that do not.
 */
class NonDifferentiableOpsTest {

  @Test
  void zeroGradientOpsRecordNothing() throws ReflectiveOperationException {
    Tensor x = Tensor.of(new double[] {-1.5, 0, 2, 0.25}, 2, 2).requiresGrad(true);
    Tensor y = Tensor.of(new double[] {0, 0, 1, 0.25}, 2, 2).requiresGrad(true);
    List<String> called = new ArrayList<>();
    for (Method m : Tensor.class.getMethods()) {
      if (m.getDeclaringClass() != Tensor.class || !EveryOpIsCheckedTest.ZERO_GRADIENT.contains(m.getName())) {
        continue;
      }
      Object[] args = new Object[m.getParameterCount()];
      for (int i = 0; i < args.length; i++) {
        Class<?> type = m.getParameterTypes()[i];
        assertTrue(type == Tensor.class || type == double.class, "unexpected parameter type in " + m);
        args[i] = type == Tensor.class ? y : (Object) 0.0;
      }
      Tensor result = (Tensor) m.invoke(x, args);
      String name = EveryOpIsCheckedTest.signature(m);
      called.add(name);
      assertFalse(result.requiresGrad(), name + " made a tensor that requires grad");
      assertTrue(result.isLeaf(), name + " recorded a node");
      assertNull(result.gradFnName(), name + " recorded a node");
    }
    assertTrue(called.size() >= EveryOpIsCheckedTest.ZERO_GRADIENT.size(), "some zero-gradient ops were not found: " + called);
  }

  @Test
  void argmaxAsATensorRecordsNothing() {
    Tensor x = Tensor.of(new double[] {1, 5, 5, 0, -1, 2}, 2, 3).requiresGrad(true);
    Tensor i = x.argmax(1, false);
    assertFalse(i.requiresGrad());
    assertTrue(i.isLeaf());
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 2}, i.toDoubleArray()); // first of ties
    org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {2, 1}, x.argmax(-1, true).shape());
  }

  @Test
  void detachLeavesTheGraph() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor d = x.mul(x).detach();
    assertFalse(d.requiresGrad());
    assertTrue(d.isLeaf());
  }
}
