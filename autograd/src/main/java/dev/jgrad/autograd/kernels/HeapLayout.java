package dev.jgrad.autograd.kernels;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * What the GEMM needs to know of the JVM to put its packs on cache-line boundaries, read once from
 * the VM's own settings (its diagnostic bean). Nothing here loads the Vector API.
 *
 * <ul>
 *   <li>Where an array's first element lies: after the object header and the 4-byte length, rounded
 *       up to the element's size (JDK 22 and later) or to 8 bytes (JDK 21). That is 16 bytes by
 *       default, 12 for {@code float[]} with {@code -XX:+UseCompactObjectHeaders}, 20 for {@code
 *       float[]} and 24 for {@code double[]} with {@code -XX:-UseCompressedClassPointers}.</li>
 *   <li>How large an array must be for the collector to give it memory of its own, starting on a
 *       boundary: G1 puts an object of half a region or more (a region is 1–32 MiB, from the heap's
 *       size) at the start of whole regions; ZGC an object over 4 MiB on a page of its own;
 *       Shenandoah an object of a region or more (at most 32 MiB) at a region's start. The
 *       Parallel and Serial collectors place arrays on any 8-byte boundary and move them, so
 *       there the packs are aligned only by chance.</li>
 * </ul>
 *
 * <p>When the settings cannot be read (another JVM, a runtime image without {@code jdk.management})
 * HotSpot's defaults with G1 are assumed: 16 bytes, and 8 MiB.
 */
final class HeapLayout {
  private HeapLayout() {}

  private static final int DEFAULT_HEADER = 12;
  private static final long MIB = 1 << 20;

  /** Bytes of object header before an array's length: mark word and (compressed or not) class pointer. */
  private static final int HEADER = header();

  /** The smallest array, in bytes, that the collector in use starts on a boundary of its own. */
  static final long ALIGNED_ARRAY_BYTES = alignedArrayBytes();

  /** Bytes from the start of an array of this type ({@code float[]} or {@code double[]}) to its first element. */
  static int baseOffset(Class<?> arrayType) {
    int element = arrayType == double[].class || arrayType == long[].class ? 8 : 4;
    return arrayBase(HEADER, element, Runtime.version().feature());
  }

  /**
   * Bytes from an array's start to its first element, for an object header of {@code header} bytes:
   * after the 4-byte length, rounded up to the element's size, or to 8 bytes before JDK 22 (JDK-8139457
   * relaxed that).
   */
  static int arrayBase(int header, int elementBytes, int jdkFeature) {
    int unit = jdkFeature >= 22 ? elementBytes : 8;
    return (header + 4 + unit - 1) / unit * unit;
  }

  private static int header() {
    if (flag("UseCompactObjectHeaders").map(Boolean::parseBoolean).orElse(false)) {
      return 8;
    }
    return flag("UseCompressedClassPointers").map(v -> Boolean.parseBoolean(v) ? 12 : 16).orElse(DEFAULT_HEADER);
  }

  private static long alignedArrayBytes() {
    long fallback = 8 * MIB;
    if (flag("UseG1GC").map(Boolean::parseBoolean).orElse(false)) {
      long region = flag("G1HeapRegionSize").map(Long::parseLong).orElse(0L);
      return Math.max(fallback, region / 2 + 64);
    }
    if (flag("UseShenandoahGC").map(Boolean::parseBoolean).orElse(false)) {
      // Its region size is no readable setting: the heap's 2048th, as a power of two in [256 KiB, 32 MiB].
      long region = Long.highestOneBit(Math.max(1, Runtime.getRuntime().maxMemory() / 2048));
      return Math.max(fallback, Math.clamp(region, 256 << 10, 32 * MIB) + 64);
    }
    return fallback;
  }

  /** A VM option's value, or nothing when this JVM has no such option or no diagnostic bean. */
  private static Optional<String> flag(String name) {
    try {
      return Optional.of(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue());
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }
}
