package dev.jgrad.nn.data;

import static dev.jgrad.nn.data.IdxFiles.gzip;
import static dev.jgrad.nn.data.IdxFiles.idx;
import static dev.jgrad.nn.data.IdxFiles.images;
import static dev.jgrad.nn.data.IdxFiles.labels;
import static dev.jgrad.nn.data.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jgrad.nn.io.FileFormatException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  @Test
  void readsRawImages() throws Exception {
    Path file = write(dir, "images", images(3, 2, 4));
    IdxReader.Idx idx = IdxReader.readImages(file);
    assertThat(idx.dims()).containsExactly(3, 2, 4);
    assertThat(idx.data()).hasSize(24);
    assertThat(idx.unsigned(9)).isEqualTo(1 + 1);  // image 1, pixel 1
  }

  @Test
  void readsGzippedLabelsWhateverTheirName() throws Exception {
    Path file = write(dir, "labels-without-extension", gzip(labels(25)));
    IdxReader.Idx idx = IdxReader.readLabels(file);
    assertThat(idx.count()).isEqualTo(25);
    assertThat(idx.unsigned(13)).isEqualTo(3);
  }

  @Test
  void unsignedBytesAbove127() throws Exception {
    Path file = write(dir, "l", idx(0x801, new int[] {2}, new byte[] {(byte) 200, (byte) 255}));
    IdxReader.Idx idx = IdxReader.readLabels(file);
    assertThat(idx.unsigned(0)).isEqualTo(200);
    assertThat(idx.unsigned(1)).isEqualTo(255);
  }

  @Test
  void badMagicIsRefused() throws Exception {
    Path notIdx = write(dir, "png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 1, 2});
    assertThatThrownBy(() -> IdxReader.readImages(notIdx))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining(notIdx.toString())
        .hasMessageContaining("magic number 0x89504e47");
    Path floats = write(dir, "floats", idx(0x0D01, new int[] {1}, new byte[4]));
    assertThatThrownBy(() -> IdxReader.read(floats)).hasMessageContaining("not an IDX file of unsigned bytes");
    Path labelsAsImages = write(dir, "labels", labels(3));
    assertThatThrownBy(() -> IdxReader.readImages(labelsAsImages))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("0x00000801 means 1 dimensions, expected 0x00000803 (images)");
    Path imagesAsLabels = write(dir, "images", images(1, 1, 1));
    assertThatThrownBy(() -> IdxReader.readLabels(imagesAsLabels)).hasMessageContaining("expected 0x00000801 (labels)");
  }

  @Test
  void truncatedFilesAreRefused() throws Exception {
    byte[] full = images(4, 3, 3);
    Path inData = write(dir, "inData", Arrays.copyOf(full, full.length - 1));
    assertThatThrownBy(() -> IdxReader.readImages(inData))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining(inData.toString())
        .hasMessageContaining("truncated")
        .hasMessageContaining("36 bytes of data");
    Path inHeader = write(dir, "inHeader", Arrays.copyOf(full, 10));
    assertThatThrownBy(() -> IdxReader.readImages(inHeader)).hasMessageContaining("truncated").hasMessageContaining("header");
    Path empty = write(dir, "empty", new byte[0]);
    assertThatThrownBy(() -> IdxReader.readImages(empty)).hasMessageContaining("truncated");
    // a complete gzip stream of a truncated file
    Path gzInData = write(dir, "gzInData", gzip(Arrays.copyOf(full, full.length - 5)));
    assertThatThrownBy(() -> IdxReader.readImages(gzInData))
        .hasMessageContaining("truncated")
        .hasMessageContaining("only 31 follow");
    // a cut gzip stream
    byte[] gz = gzip(images(50, 10, 10));
    Path cutGzip = write(dir, "cutGzip", Arrays.copyOf(gz, gz.length / 2));
    assertThatThrownBy(() -> IdxReader.readImages(cutGzip))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("corrupted or truncated gzip");
  }

  @Test
  void wrongCountsAreRefused() throws Exception {
    // The header claims 5 labels; 7 bytes follow.
    Path tooMany = write(dir, "tooMany", idx(0x801, new int[] {5}, new byte[7]));
    assertThatThrownBy(() -> IdxReader.readLabels(tooMany))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("trailing bytes");
    Path tooManyGz = write(dir, "tooManyGz", gzip(idx(0x801, new int[] {5}, new byte[7])));
    assertThatThrownBy(() -> IdxReader.readLabels(tooManyGz)).hasMessageContaining("trailing bytes");
    Path zero = write(dir, "zero", idx(0x803, new int[] {0, 28, 28}, new byte[0]));
    assertThatThrownBy(() -> IdxReader.readImages(zero)).hasMessageContaining("dimension 0 is 0, not positive");
    Path negative = write(dir, "negative", idx(0x801, new int[] {-3}, new byte[0]));
    assertThatThrownBy(() -> IdxReader.readLabels(negative)).hasMessageContaining("dimension 0 is -3");
    Path huge = write(dir, "huge", idx(0x803, new int[] {60000, 60000, 60000}, new byte[0]));
    assertThatThrownBy(() -> IdxReader.readImages(huge)).hasMessageContaining("too large");
  }

  @Test
  void imageAndLabelCountsMustAgree() throws Exception {
    Path imagesFile = write(dir, "i", images(4, 28, 28));
    Path labelsFile = write(dir, "l", labels(3));
    assertThatThrownBy(
            () -> FashionMnist.toDataset(
                IdxReader.readImages(imagesFile), imagesFile, IdxReader.readLabels(labelsFile), labelsFile))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("holds 3 labels but i holds 4 images");
  }
}
