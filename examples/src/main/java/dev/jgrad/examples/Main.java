package dev.jgrad.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The launcher behind {@code ./jgrad}: one subcommand per example; with no argument it runs the
 * flagship one.
 */
@Command(
    name = "jgrad",
    mixinStandardHelpOptions = true,
    version = "jgrad 0.1.0",
    description = "Runs a jgrad example. With no example named, runs the flagship one (graph).",
    subcommands = {GraphExample.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(new GraphExample()).execute();
  }
}
