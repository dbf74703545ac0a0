package dev.jgrad.examples;

import java.util.concurrent.Callable;
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
    description = {
      "Runs a jgrad example. With no example named, runs the flagship one, deep.",
      "Each example takes --help for its options; ./jgrad jshell opens jshell with jgrad on the class path."
    },
    subcommands = {
      DeepExample.class, LogisticExample.class, NewtonExample.class, ShallowExample.class, CustomLayerExample.class,
      GraphExample.class, SparkExample.class
    })
public final class Main implements Callable<Integer> {

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(commandLine().execute(args));
  }

  /** The command line of the launcher, with the error handling the examples rely on. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof ExampleException) {
            commandLine.getErr().println(commandLine.getColorScheme().errorText(e.getMessage()));
            return 2;
          }
          throw e;
        });
    return cl;
  }

  /** No example named: the flagship, with its defaults. */
  @Override
  public Integer call() {
    return commandLine().execute("deep");
  }
}
