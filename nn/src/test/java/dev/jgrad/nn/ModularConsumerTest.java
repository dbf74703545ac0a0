package dev.jgrad.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jgrad as a modular application uses it: a module that requires dev.jgrad.nn compiles against the
 * exported API only, and runs with the SIMD kernels on and no command-line flag.
 */
class ModularConsumerTest {
  @TempDir Path dir;

  /** jgrad's modules and their runtime dependencies, from this test's class path. */
  private static String modulePath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = entry.replace('\\', '/');
      boolean jgrad = name.endsWith("nn/target/classes") || name.contains("autograd/target/classes")
          || name.contains("jgrad-autograd") || name.contains("jgrad-nn");
      boolean dependency = name.contains("/guava") || name.contains("failureaccess") || name.contains("/gson")
          || name.contains("progressbar") || name.contains("jline");
      if (jgrad || dependency) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private String compile(Path source, Path out) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> files = new ArrayList<>();
    try (var walk = Files.walk(source)) {
      walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> files.add(p.toString()));
    }
    List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--module-path", modulePath()));
    args.addAll(files);
    var errors = new java.io.ByteArrayOutputStream();
    int code = javac.run(null, null, errors, args.toArray(String[]::new));
    return code == 0 ? "" : errors.toString(StandardCharsets.UTF_8);
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void aModularApplicationRunsWithSimdAndNoFlag() throws Exception {
    Path src = dir.resolve("src");
    write(src.resolve("module-info.java"), "module app { requires dev.jgrad.nn; }");
    write(src.resolve("app/Main.java"), """
        package app;
        import dev.jgrad.autograd.Settings;
        import dev.jgrad.autograd.Tensor;
        import dev.jgrad.nn.Linear;
        public class Main {
          public static void main(String[] args) {
            Linear layer = new Linear(3, 2, new java.util.SplittableRandom(1));
            Tensor y = layer.forward(Tensor.ones(4, 3));
            y.sum().backward();
            System.out.println("simd=" + Settings.simd() + " shape=" + java.util.Arrays.toString(y.shape())
                + " grad=" + (layer.weight().grad() != null));
          }
        }
        """);
    Path out = dir.resolve("out");
    assertThat(compile(src, out)).isEmpty();

    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", out + File.pathSeparator + modulePath(),
        "-m", "app/app.Main");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("simd=true shape=[4, 2] grad=true").doesNotContain("not enabled");
  }

  @Test
  void theEngineOpsAndKernelsAreNotVisibleToApplications() throws Exception {
    Path src = dir.resolve("bad");
    write(src.resolve("module-info.java"), "module bad { requires dev.jgrad.nn; }");
    write(src.resolve("bad/Peek.java"), """
        package bad;
        public class Peek {
          Object data(dev.jgrad.autograd.Tensor t) {
            return dev.jgrad.autograd.engine.TensorAccess.data(t);
          }
        }
        """);
    assertThat(compile(src, dir.resolve("bad-out")))
        .contains("dev.jgrad.autograd.engine")
        .containsAnyOf("is not visible", "does not export");
  }
}
