package dev.jgrad.examples;

import dev.jgrad.nn.train.Trainer;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A console progress bar over one epoch, counting examples, with the running loss, accuracy and
 * throughput beside it. It draws only when standard output is a terminal; elsewhere (a log file, a
 * test) it stays silent and the caller prints one line per epoch.
 */
final class Progress implements AutoCloseable {
  private final ProgressBar bar;
  private final long start = System.nanoTime();
  private long examples;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar for {@code total} examples, drawn on {@code out} when {@code show}. */
  static Progress start(String task, long total, boolean show, PrintStream out) {
    if (!show) {
      return new Progress(null);
    }
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(200)
        .setConsumer(new ConsoleProgressBarConsumer(out, terminalWidth() - 1))
        .hideEta()
        .clearDisplayOnFinish()
        .build();
    return new Progress(bar);
  }

  /** Records {@code n} more examples done, with the loss and accuracy so far in this epoch. */
  void step(int n, double loss, double accuracy) {
    examples += n;
    if (bar != null) {
      bar.stepBy(n);
      bar.setExtraMessage(
          String.format(Locale.ROOT, "loss %.3f acc %.1f%% %,.0f ex/s", loss, 100 * accuracy, examplesPerSecond()));
    }
  }

  /** Examples per second since the bar started. */
  double examplesPerSecond() {
    double seconds = seconds();
    return seconds == 0 ? 0 : examples / seconds;
  }

  double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }

  /**
   * The terminal's width in columns, from {@code stty size} (what JLine would run too, but JLine
   * first loads a native library, which JDK 24 and later announce with a warning); 80 when unknown.
   */
  static int terminalWidth() {
    try {
      Process p = new ProcessBuilder("stty", "size")
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/tty")))
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (p.waitFor() == 0 && answer.matches("\\d+ \\d+")) {
        int columns = Integer.parseInt(answer.split(" ")[1]);
        if (columns >= 40) {
          return columns;
        }
      }
    } catch (IOException e) {
      // no stty (Windows) or no terminal: fall through
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 80;
  }

  /** Whether standard output goes to a terminal (where a bar that redraws itself makes sense). */
  static boolean stdoutIsTerminal() {
    return Trainer.stdoutIsTerminal();
  }
}
