package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * VectorGemmDouble is VectorGemmFloat with {@code float} read as {@code double}: the Vector API has
 * no generics over primitive lanes, so the double kernel is a copy, and this test keeps the copy
 * exact. Everything after the class's own Javadoc must equal the float file translated by {@link
 * #toDouble}; on a mismatch the expected file is written under target/ to be copied over.
 */
class GemmTwinTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/jgrad/autograd/kernels");

  /** The translation: the word float, the prefix Float (FloatVector) and float literals 0f. */
  static String toDouble(String floatSource) {
    return floatSource
        .replaceAll("\\bfloat\\b", "double")
        .replace("Float", "Double")
        .replaceAll("\\b0f\\b", "0.0");
  }

  private static String body(String source) {
    return source.substring(source.indexOf("\nfinal class "));
  }

  @Test
  void theDoubleGemmIsTheFloatGemmTranslated() throws IOException {
    String floats = Files.readString(SOURCES.resolve("VectorGemmFloat.java"), StandardCharsets.UTF_8);
    String doubles = Files.readString(SOURCES.resolve("VectorGemmDouble.java"), StandardCharsets.UTF_8);
    String expected = toDouble(body(floats));
    if (expected.equals(body(doubles))) {
      return;
    }
    String regenerated = doubles.substring(0, doubles.indexOf("\nfinal class ")) + expected;
    Path out = Path.of("target/VectorGemmDouble.java.expected");
    Files.createDirectories(out.getParent());
    Files.writeString(out, regenerated, StandardCharsets.UTF_8);
    List<String> want = expected.lines().toList();
    List<String> got = body(doubles).lines().toList();
    int line = 0;
    while (line < Math.min(want.size(), got.size()) && want.get(line).equals(got.get(line))) line++;
    fail(String.format(
        "VectorGemmDouble.java is not VectorGemmFloat.java translated to double; first difference at line %d of the"
            + " class body:%n  expected: %s%n  found:    %s%nThe expected file is %s",
        line + 1,
        line < want.size() ? want.get(line) : "<end>",
        line < got.size() ? got.get(line) : "<end>",
        out.toAbsolutePath()));
  }
}
