package dev.jgrad.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** "Nothing native to install": no jar nn runs with (nor its tests) carries a native library. */
class NoNativeCodeTest {

  @Test
  void noJarOnTheClassPathHoldsANativeLibrary() throws IOException {
    List<String> natives = new ArrayList<>();
    int jars = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.endsWith(".jar")) {
        continue;
      }
      jars++;
      try (ZipFile zip = new ZipFile(entry)) {
        zip.stream()
            .map(e -> e.getName())
            .filter(n -> n.matches(".*\\.(so|dll|dylib|jnilib)$"))
            .forEach(n -> natives.add(new File(entry).getName() + "!" + n));
      }
    }
    assertThat(jars).as("jars on the class path").isGreaterThan(3); // progressbar, jline-terminal, gson, guava
    assertThat(System.getProperty("java.class.path")).contains("progressbar");
    assertThat(natives).isEmpty();
  }
}
