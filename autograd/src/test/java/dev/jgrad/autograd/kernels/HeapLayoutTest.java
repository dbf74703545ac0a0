package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HeapLayout's reading of the JVM's object layout, against the JVM itself. The surefire runs
 * {@code heap-compact-headers} and {@code heap-uncompressed-class-pointers} repeat this class under
 * the layouts that move an array's first element.
 */
class HeapLayoutTest {
  @ParameterizedTest(name = "header {0} B, {1}-byte elements, JDK {2}: first element at {3}")
  @CsvSource({
    "12, 4, 25, 16", // the default: compressed class pointers
    "12, 8, 25, 16",
    "8, 4, 25, 12", // compact object headers
    "8, 8, 25, 16",
    "16, 4, 25, 20", // no compressed class pointers
    "16, 8, 25, 24",
    "16, 4, 21, 24", // JDK 21 rounds every array's base to 8 bytes
    "12, 4, 21, 16",
  })
  void theFirstElementFollowsTheLengthRoundedToTheElement(int header, int element, int jdk, int expected) {
    assertEquals(expected, HeapLayout.arrayBase(header, element, jdk));
  }

  /**
   * The JVM's own answer, from its internal Unsafe (exported to the tests by the surefire runs'
   * {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}; sun.misc.Unsafe would warn on
   * JDK 24 and later). Its return type changed from int to long along the way, hence Number.
   */
  private static int unsafeBase(Class<?> arrayType) throws ReflectiveOperationException {
    Class<?> unsafe = Class.forName("jdk.internal.misc.Unsafe");
    Object instance = unsafe.getMethod("getUnsafe").invoke(null);
    return ((Number) unsafe.getMethod("arrayBaseOffset", Class.class).invoke(instance, arrayType)).intValue();
  }

  @Test
  void theBaseOffsetsAreThisJvms() throws ReflectiveOperationException {
    String flags = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
    assertEquals(unsafeBase(float[].class), HeapLayout.baseOffset(float[].class), () -> "float[] under " + flags);
    assertEquals(unsafeBase(double[].class), HeapLayout.baseOffset(double[].class), () -> "double[] under " + flags);
  }

  @Test
  void thePackArenaIsLargeEnoughForG1ToGiveItRegionsOfItsOwn() {
    // G1 (the default) starts an object of half a region or more on a region boundary.
    long region = Long.parseLong(
        ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
            .getVMOption("G1HeapRegionSize")
            .getValue());
    assertTrue(HeapLayout.ALIGNED_ARRAY_BYTES >= Math.max(8 << 20, region / 2), () -> "region " + region);
  }
}
