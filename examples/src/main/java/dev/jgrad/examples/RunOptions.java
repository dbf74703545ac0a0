package dev.jgrad.examples;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The option every training example takes: the kernels' thread count. */
public final class RunOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  /** Sets the kernels' threads at once ({@code Settings.threads}: the pool resizes at any time). */
  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "threads for the kernels (default: one per processor)")
  void threads(int n) {
    if (n < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + n);
    }
    dev.jgrad.autograd.Settings.threads(n);
  }
}
