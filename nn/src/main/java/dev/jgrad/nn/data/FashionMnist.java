package dev.jgrad.nn.data;

import dev.jgrad.nn.io.FileFormatException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 28×28 grey images of clothing in 10 classes, 60,000
 * for training and 10,000 for testing, in IDX files.
 *
 * <p>The files are looked for in the folder named by the environment variable {@value #ENV_VAR},
 * then in {@value #DEBIAN_DIR}, where Debian's package {@value #DEBIAN_PACKAGE} installs them ({@code
 * apt-get install dataset-fashion-mnist}). Each file may be gzipped ({@code
 * train-images-idx3-ubyte.gz}) or not ({@code train-images-idx3-ubyte}).
 *
 * <p>Each example's features are its 784 pixels, row by row, scaled to [0, 1]; its target is its
 * class index (see {@link #CLASS_NAMES}).
 *
 * <pre>{@code
 * ArrayDataset train = FashionMnist.train();   // 60,000 examples, features [784]
 * ArrayDataset test = FashionMnist.test();     // 10,000 examples
 * }</pre>
 */
public final class FashionMnist {
  /** The environment variable that may name the folder holding the files, looked at first. */
  public static final String ENV_VAR = "FASHION_MNIST_DIR";
  /** The Debian package that installs the files in {@link #DEBIAN_DIR}. */
  public static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";
  /** The folder where Debian's package puts the files, looked at second. */
  public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
  /** The height of an image in pixels. */
  public static final int ROWS = 28;
  /** The width of an image in pixels. */
  public static final int COLUMNS = 28;
  /** The number of classes; labels are 0 to 9. */
  public static final int CLASSES = 10;
  /** The name of each class, indexed by label: "T-shirt/top" is 0, "Ankle boot" is 9. */
  public static final List<String> CLASS_NAMES = List.of(
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  private static final String TRAIN = "train";
  private static final String TEST = "t10k";

  private FashionMnist() {}

  /**
   * The 60,000 training examples.
   *
   * @return the training set, from the folder {@link #locate()} finds
   * @throws IOException if the files are not found, cannot be read or are not valid Fashion-MNIST IDX files
   */
  public static ArrayDataset train() throws IOException {
    return load(locate(), TRAIN);
  }

  /**
   * The 10,000 test examples.
   *
   * @return the test set, from the folder {@link #locate()} finds
   * @throws IOException if the files are not found, cannot be read or are not valid Fashion-MNIST IDX files
   */
  public static ArrayDataset test() throws IOException {
    return load(locate(), TEST);
  }

  /**
   * The training examples from the IDX files in {@code dir}.
   *
   * @param dir the folder holding {@code train-images-idx3-ubyte} and {@code train-labels-idx1-ubyte}
   *     (each may end in .gz)
   * @return the training set
   * @throws IOException if the files are missing, cannot be read or are not valid Fashion-MNIST IDX files
   */
  public static ArrayDataset train(Path dir) throws IOException {
    return load(dir, TRAIN);
  }

  /**
   * The test examples from the IDX files in {@code dir}.
   *
   * @param dir the folder holding {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}
   *     (each may end in .gz)
   * @return the test set
   * @throws IOException if the files are missing, cannot be read or are not valid Fashion-MNIST IDX files
   */
  public static ArrayDataset test(Path dir) throws IOException {
    return load(dir, TEST);
  }

  /**
   * The folder holding the four Fashion-MNIST files: {@code $FASHION_MNIST_DIR}, else Debian's.
   *
   * @return the first of the two folders that holds all four files

   * @throws FileNotFoundException naming both places, the package and the variable, if neither has them
   */
  public static Path locate() throws FileNotFoundException {
    return locate(System::getenv, Path.of(DEBIAN_DIR));
  }

  static Path locate(UnaryOperator<String> env, Path debianDir) throws FileNotFoundException {
    List<String> looked = new ArrayList<>();
    String fromEnv = env.apply(ENV_VAR);
    if (fromEnv != null && !fromEnv.isBlank()) {
      Path dir = Path.of(fromEnv);
      if (hasAllFiles(dir)) {
        return dir;
      }
      looked.add("$" + ENV_VAR + " = " + dir + " (" + missingFiles(dir) + ")");
    } else {
      looked.add("$" + ENV_VAR + " (not set)");
    }
    if (hasAllFiles(debianDir)) {
      return debianDir;
    }
    looked.add(debianDir + " (" + missingFiles(debianDir) + ")");
    throw new FileNotFoundException(
        "Fashion-MNIST not found: looked in " + String.join(" and in ", looked) + ". Install Debian's package "
            + DEBIAN_PACKAGE + " (apt-get install " + DEBIAN_PACKAGE + "), or set " + ENV_VAR
            + " to a folder holding train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and"
            + " t10k-labels-idx1-ubyte (each may end in .gz).");
  }

  private static boolean hasAllFiles(Path dir) {
    return missingFiles(dir).equals("");
  }

  private static String missingFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return "no such folder";
    }
    List<String> missing = new ArrayList<>();
    for (String split : List.of(TRAIN, TEST)) {
      for (String kind : List.of("images-idx3-ubyte", "labels-idx1-ubyte")) {
        String name = split + "-" + kind;
        if (find(dir, name) == null) {
          missing.add(name);
        }
      }
    }
    return missing.isEmpty() ? "" : "missing " + String.join(", ", missing);
  }

  private static Path find(Path dir, String name) {
    for (Path candidate : List.of(dir.resolve(name + ".gz"), dir.resolve(name))) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static ArrayDataset load(Path dir, String split) throws IOException {
    Path imagesFile = find(dir, split + "-images-idx3-ubyte");
    Path labelsFile = find(dir, split + "-labels-idx1-ubyte");
    if (imagesFile == null || labelsFile == null) {
      throw new FileNotFoundException(
          "Fashion-MNIST: " + dir + " has no " + split + "-images-idx3-ubyte[.gz] and " + split
              + "-labels-idx1-ubyte[.gz]; install " + DEBIAN_PACKAGE + " or set " + ENV_VAR);
    }
    IdxReader.Idx images = IdxReader.readImages(imagesFile);
    IdxReader.Idx labels = IdxReader.readLabels(labelsFile);
    return toDataset(images, imagesFile, labels, labelsFile);
  }

  /** Checks that images and labels belong together and converts them; pixels are scaled to [0, 1]. */
  static ArrayDataset toDataset(IdxReader.Idx images, Path imagesFile, IdxReader.Idx labels, Path labelsFile)
      throws FileFormatException {
    int[] dims = images.dims();
    if (dims[1] != ROWS || dims[2] != COLUMNS) {
      throw new FileFormatException(
          imagesFile, "images are " + dims[1] + "×" + dims[2] + ", Fashion-MNIST's are " + ROWS + "×" + COLUMNS);
    }
    if (labels.count() != images.count()) {
      throw new FileFormatException(
          labelsFile,
          "holds " + labels.count() + " labels but " + imagesFile.getFileName() + " holds " + images.count()
              + " images; the counts must match");
    }
    int n = images.count();
    float[] targets = new float[n];
    for (int i = 0; i < n; i++) {
      int label = labels.unsigned(i);
      if (label >= CLASSES) {
        throw new FileFormatException(labelsFile, "label " + i + " is " + label + ", not a class in [0, " + CLASSES + ")");
      }
      targets[i] = label;
    }
    byte[] pixels = images.data();
    float[] features = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      features[i] = (pixels[i] & 0xff) / 255f;
    }
    return new ArrayDataset(features, new int[] {ROWS * COLUMNS}, targets, new int[0], true);
  }
}
