package dev.jgrad.nn.data;

import static dev.jgrad.nn.data.IdxFiles.gzip;
import static dev.jgrad.nn.data.IdxFiles.idx;
import static dev.jgrad.nn.data.IdxFiles.images;
import static dev.jgrad.nn.data.IdxFiles.labels;
import static dev.jgrad.nn.data.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.jgrad.nn.io.FileFormatException;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
  @TempDir Path dir;

  private void writeAll(Path folder, boolean gz) throws Exception {
    Files.createDirectories(folder);
    String ext = gz ? ".gz" : "";
    for (String split : new String[] {"train", "t10k"}) {
      byte[] img = images(12, 28, 28);
      byte[] lab = labels(12);
      write(folder, split + "-images-idx3-ubyte" + ext, gz ? gzip(img) : img);
      write(folder, split + "-labels-idx1-ubyte" + ext, gz ? gzip(lab) : lab);
    }
  }

  @Test
  void loadsFromAFolder() throws Exception {
    writeAll(dir, true);
    ArrayDataset train = FashionMnist.train(dir);
    assertThat(train.size()).isEqualTo(12);
    assertThat(train.featureShape()).containsExactly(784);
    assertThat(train.targetShape()).isEmpty();
    assertThat(train.label(11)).isEqualTo(1);
    float[] x = new float[784];
    train.copyFeatures(2, x, 0);
    assertThat(x[3]).isEqualTo(5 / 255f);  // image 2, pixel 3: value 5, scaled to [0, 1]
  }

  @Test
  void environmentVariableComesFirstThenDebiansFolder() throws Exception {
    Path fromEnv = dir.resolve("env");
    Path debian = dir.resolve("debian");
    writeAll(fromEnv, false);
    writeAll(debian, true);
    assertThat(FashionMnist.locate(Map.of(FashionMnist.ENV_VAR, fromEnv.toString())::get, debian)).isEqualTo(fromEnv);
    assertThat(FashionMnist.locate(name -> null, debian)).isEqualTo(debian);
    Path incomplete = dir.resolve("incomplete");
    Files.createDirectories(incomplete);
    assertThat(FashionMnist.locate(Map.of(FashionMnist.ENV_VAR, incomplete.toString())::get, debian)).isEqualTo(debian);
  }

  @Test
  void missingDataSaysHowToGetIt() {
    Path nowhere = dir.resolve("nowhere");
    assertThatThrownBy(() -> FashionMnist.locate(Map.of(FashionMnist.ENV_VAR, dir.toString())::get, nowhere))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("dataset-fashion-mnist")
        .hasMessageContaining("FASHION_MNIST_DIR")
        .hasMessageContaining("missing train-images-idx3-ubyte")
        .hasMessageContaining(nowhere + " (no such folder)");
  }

  @Test
  void labelsOutsideTheTenClassesAreRefused() throws Exception {
    Path imagesFile = write(dir, "i", images(2, 28, 28));
    Path labelsFile = write(dir, "l", idx(0x801, new int[] {2}, new byte[] {3, 10}));
    assertThatThrownBy(
            () -> FashionMnist.toDataset(
                IdxReader.readImages(imagesFile), imagesFile, IdxReader.readLabels(labelsFile), labelsFile))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("label 1 is 10");
    Path small = write(dir, "s", images(2, 8, 8));
    assertThatThrownBy(
            () -> FashionMnist.toDataset(IdxReader.readImages(small), small, IdxReader.readLabels(labelsFile), labelsFile))
        .hasMessageContaining("8×8");
  }

  /** The real data, where Debian's package dataset-fashion-mnist has installed it (CI installs it). */
  @Test
  void theRealDataset() throws Exception {
    Path debian = Path.of(FashionMnist.DEBIAN_DIR);
    boolean installed = Files.isDirectory(debian) || System.getenv(FashionMnist.ENV_VAR) != null;
    // CI installs it first: there its absence is a failure, never a quiet skip.
    assertThat(installed || !"true".equals(System.getenv("CI"))).as("Fashion-MNIST is not installed under CI").isTrue();
    assumeThat(installed)
        .as("Fashion-MNIST is not installed (apt-get install " + FashionMnist.DEBIAN_PACKAGE + ")")
        .isTrue();
    ArrayDataset test = FashionMnist.test();
    assertThat(test.size()).isEqualTo(10_000);
    int[] counts = new int[10];
    for (int i = 0; i < test.size(); i++) {
      counts[test.label(i)]++;
    }
    assertThat(counts).containsOnly(1000);
    ArrayDataset train = FashionMnist.train();
    assertThat(train.size()).isEqualTo(60_000);
  }
}
