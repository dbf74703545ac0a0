package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class's main in a fresh JVM on this test's class path, for what is decided once per JVM
 * (system properties, the SIMD switch, the vector width) or must start cold (before the JIT).
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * The output (stdout and stderr together) of {@code main} run with these JVM options and
   * arguments; fails the test if it does not exit with 0 within the time limit.
   */
  public static String run(Class<?> main, List<String> jvmOptions, int seconds, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] bytes = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
    String output = new String(bytes, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
