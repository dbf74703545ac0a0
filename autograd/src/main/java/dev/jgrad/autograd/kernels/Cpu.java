package dev.jgrad.autograd.kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the kernels need to know of the CPU beyond the vector width, read once at start-up: the
 * sizes of the level-1 data cache and the level-2 cache (which set the GEMM's blocks), and whether
 * the architecture has 32 vector registers. Nothing here loads the Vector API.
 *
 * <p>Cache sizes come from Linux's {@code /sys/devices/system/cpu/cpu0/cache}; elsewhere, or when
 * that cannot be read, from typical values (32 KiB and 512 KiB), which give blocks that are good,
 * if not best, on every CPU measured. The system properties {@code jgrad.l1Bytes} and {@code
 * jgrad.l2Bytes} override them (in bytes), for experiments and for the tests of every block size.
 */
final class Cpu {
  private Cpu() {}

  static final int DEFAULT_L1 = 32 << 10;
  static final int DEFAULT_L2 = 512 << 10;

  /** Bytes of level-1 data cache per core. */
  static final int L1_BYTES = size("jgrad.l1Bytes", 1, "Data", DEFAULT_L1);

  /** Bytes of level-2 cache per core. */
  static final int L2_BYTES = size("jgrad.l2Bytes", 2, "Unified", DEFAULT_L2);

  /** True on 64-bit ARM, which has 32 vector registers whatever the vector width. */
  static final boolean AARCH64 = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT).equals("aarch64");

  private static int size(String property, int level, String type, int fallback) {
    Integer forced = Integer.getInteger(property);
    if (forced != null && forced >= 1024) {
      return forced;
    }
    Path dir = Path.of("/sys/devices/system/cpu/cpu0/cache");
    for (int index = 0; index < 8; index++) {
      Path cache = dir.resolve("index" + index);
      try {
        if (Integer.parseInt(read(cache.resolve("level"))) == level && read(cache.resolve("type")).equals(type)) {
          return parseSize(read(cache.resolve("size")), fallback);
        }
      } catch (IOException | RuntimeException e) {
        return fallback; // no such file, or not Linux: the typical size will do
      }
    }
    return fallback;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file).trim();
  }

  /** "48K", "1024K", "2M" or a plain number of bytes; the fallback for anything else or implausible. */
  static int parseSize(String text, int fallback) {
    long unit = 1;
    String digits = text;
    if (text.endsWith("K")) {
      unit = 1 << 10;
      digits = text.substring(0, text.length() - 1);
    } else if (text.endsWith("M")) {
      unit = 1 << 20;
      digits = text.substring(0, text.length() - 1);
    }
    try {
      long bytes = Long.parseLong(digits) * unit;
      return bytes >= 4096 && bytes <= (256 << 20) ? (int) bytes : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
