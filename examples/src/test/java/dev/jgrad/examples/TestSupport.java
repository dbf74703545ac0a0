package dev.jgrad.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

import dev.jgrad.nn.data.FashionMnist;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import picocli.CommandLine;

/** What the example tests share: the data check, running a command, reading back a PNG. */
final class TestSupport {
  /** The smoke tests train on this many Fashion-MNIST images, and test on half as many. */
  static final int TRAIN_SUBSET = 2000;

  static final int TEST_SUBSET = 1000;

  private TestSupport() {}

  /**
   * Skips the calling test, saying why, when Fashion-MNIST is not installed, so that the tests pass
   * on a fresh machine; under CI (the environment variable CI=true, set by .ci/run), which installs
   * the data set first, its absence fails the test instead, so that CI can never skip these quietly.
   */
  static void requireFashionMnist() {
    try {
      FashionMnist.locate();
    } catch (FileNotFoundException e) {
      String why = "this test trains on Fashion-MNIST, which is not installed: apt-get install "
          + FashionMnist.DEBIAN_PACKAGE + " (or set " + FashionMnist.ENV_VAR + "). " + e.getMessage();
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      Assumptions.abort(why);
    }
  }

  /** The options that cut Fashion-MNIST down to the smoke-test subset. */
  static String[] subset() {
    return new String[] {"--train-size", Integer.toString(TRAIN_SUBSET), "--test-size", Integer.toString(TEST_SUBSET)};
  }

  /** What a command printed and returned. */
  record Run(int exitCode, String out, String err) {
    String lastLine() {
      String[] lines = out.strip().split("\\R");
      return lines[lines.length - 1];
    }
  }

  /** Runs {@code ./jgrad args...} in this JVM, capturing standard output and picocli's error stream. */
  static Run jgrad(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    int code;
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      CommandLine cl = Main.commandLine();
      cl.setErr(new PrintWriter(err, true));
      code = cl.execute(args);
    } finally {
      System.setOut(saved);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    return new Run(code, out, err.toString());
  }

  /** Reads a PNG back and checks that it is a picture of a sensible size. */
  static BufferedImage readPng(Path file) throws IOException {
    assertThat(file).isRegularFile();
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image).as("%s decodes as an image", file).isNotNull();
    assertThat(image.getWidth()).isGreaterThan(100);
    assertThat(image.getHeight()).isGreaterThan(100);
    return image;
  }
}
