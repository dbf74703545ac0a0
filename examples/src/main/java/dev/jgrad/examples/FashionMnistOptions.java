package dev.jgrad.examples;

import dev.jgrad.nn.data.ArrayDataset;
import dev.jgrad.nn.data.FashionMnist;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where Fashion-MNIST is, and how much of it to use: options of the examples that train on it. */
public final class FashionMnistOptions {

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "folder holding Fashion-MNIST's IDX files (default: $FASHION_MNIST_DIR, else "
          + FashionMnist.DEBIAN_DIR + ", where Debian's package " + FashionMnist.DEBIAN_PACKAGE + " puts them)")
  Path data;

  @Option(
      names = "--train-size",
      paramLabel = "N",
      description = "train on the first N training images only (default: all 60,000)")
  Integer trainSize;

  @Option(
      names = "--test-size",
      paramLabel = "N",
      description = "test on the first N test images only (default: all 10,000)")
  Integer testSize;

  /** The training set (or its first --train-size examples). */
  public ArrayDataset train() {
    return firstN(load(true), trainSize, "--train-size");
  }

  /** The test set (or its first --test-size examples). */
  public ArrayDataset test() {
    return firstN(load(false), testSize, "--test-size");
  }

  private ArrayDataset load(boolean train) {
    try {
      Path dir = data != null ? data : FashionMnist.locate();
      return train ? FashionMnist.train(dir) : FashionMnist.test(dir);
    } catch (FileNotFoundException e) {
      throw new ExampleException(missingMessage(data), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one message an example stops with when it finds no data. */
  static String missingMessage(Path data) {
    String where = data != null
        ? "in " + data + " (--data)"
        : "in $" + FashionMnist.ENV_VAR + " or " + FashionMnist.DEBIAN_DIR;
    return "Fashion-MNIST not found " + where + ": install Debian's package " + FashionMnist.DEBIAN_PACKAGE
        + " (sudo apt-get install " + FashionMnist.DEBIAN_PACKAGE + "), or pass --data DIR naming a folder that holds"
        + " train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and"
        + " t10k-labels-idx1-ubyte.gz.";
  }

  private static ArrayDataset firstN(ArrayDataset all, Integer n, String flag) {
    if (n == null || n >= all.size()) {
      return all;
    }
    if (n < 1) {
      throw new ExampleException(flag + " must be at least 1, got " + n);
    }
    return all.slice(0, n);
  }
}
