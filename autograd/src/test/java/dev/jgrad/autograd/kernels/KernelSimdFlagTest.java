package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.ChildJvm;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SIMD switch: decided from the boot layer and {@code -Djgrad.simd}; without the Vector API
 * module the kernels still run (the vector classes are never loaded) and one warning says how to
 * enable SIMD. The JVM cases run in child JVMs, since the flag is fixed at class initialization.
 */
class KernelSimdFlagTest {

  @Test
  void flagFollowsTheBootLayerAndTheProperty() {
    boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    boolean disabled = "false".equals(System.getProperty("jgrad.simd"));
    assertEquals(present && !disabled, Kernels.SIMD);
  }

  @Test
  void withoutTheVectorModuleTheScalarKernelsRunAndWarnOnce() throws Exception {
    String output = runProbe(List.of());
    assertTrue(output.contains("SIMD=false"), output);
    assertTrue(output.contains("probe ok"), output);
    assertEquals(1, count(output, Kernels.NO_VECTOR_API_WARNING), output);
    assertTrue(!output.contains("NoClassDefFoundError"), output);
  }

  @Test
  void thePropertySwitchesSimdOffWithoutAWarning() throws Exception {
    String output = runProbe(List.of("--add-modules", "jdk.incubator.vector", "-Djgrad.simd=false"));
    assertTrue(output.contains("SIMD=false"), output);
    assertTrue(output.contains("probe ok"), output);
    assertEquals(0, count(output, Kernels.NO_VECTOR_API_WARNING), output);
  }

  @Test
  void withTheVectorModuleSimdIsOn() throws Exception {
    String output = runProbe(List.of("--add-modules", "jdk.incubator.vector"));
    assertTrue(output.contains("SIMD=true"), output);
    assertTrue(output.contains("probe ok"), output);
  }

  private static String runProbe(List<String> jvmArgs) throws IOException, InterruptedException {
    return ChildJvm.run(Probe.class, jvmArgs, 60);
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) count++;
    return count;
  }

  /** Runs a few kernels of each kind through the facade, in whatever mode the JVM gives. */
  static final class Probe {
    public static void main(String[] args) {
      System.out.println("SIMD=" + Kernels.SIMD);
      float[] f = {1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11};
      float[] fo = new float[f.length];
      Kernels.unary(UnaryOp.EXP, f, fo, f.length);
      Kernels.binary(BinaryOp.ADD, f, new int[] {1}, new float[] {1}, new int[] {0}, fo, new int[] {f.length});
      double[] d = {1, 2, 3, 4, 5, 6};
      double[] dc = new double[4];
      Kernels.matmul(d, 0, d, 0, dc, 0, 2, 3, 2);
      Kernels.softmax(d, 2, 3, 1, new double[6]);
      Kernels.sum(d, 1, 6, 1, dc);
      if (fo[0] != 2 || dc[0] != 21) {
        throw new AssertionError("wrong results: " + fo[0] + ", " + dc[0]);
      }
      System.out.println("probe ok");
    }
  }
}
