package dev.jgrad.examples;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The option every training example takes: the kernels' thread count. */
public final class RunOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  /**
   * jgrad's kernels read {@code jgrad.threads} when they first run, so the flag only counts before
   * the first tensor operation of the JVM (as when the launcher starts an example).
   */
  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "threads for the kernels (default: one per processor)")
  void threads(int n) {
    if (n < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + n);
    }
    System.setProperty("jgrad.threads", Integer.toString(n));
  }
}
