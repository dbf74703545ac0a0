package dev.jgrad.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkDataTest {
  private static JavaSparkContext spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("local[2]", "jgrad-data-test");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void arraysBecomeContiguousBlocksInOrder() {
    int n = 7;
    float[] x = new float[2 * n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = i;
      x[2 * i + 1] = -i;
      y[i] = i % 3;
    }
    List<List<Example>> blocks = SparkData.fromArrays(spark, x, 2, y, 3).glom().collect();
    assertThat(blocks).extracting(List::size).containsExactly(2, 2, 3);
    int i = 0;
    for (List<Example> block : blocks) {
      for (Example e : block) {
        assertThat(e.features()).containsExactly(i, -i);
        assertThat(e.label()).isEqualTo(i % 3);
        i++;
      }
    }
  }

  @Test
  void idxFilesAreReadWithPixelsScaledToOne(@TempDir Path dir) throws IOException {
    Path images = dir.resolve("images-idx3-ubyte.gz");
    try (var out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(images)))) {
      out.writeInt(0x00000803);
      out.writeInt(3); // images
      out.writeInt(2); // rows
      out.writeInt(2); // columns
      out.write(new byte[] {0, (byte) 255, 51, 102, 1, 2, 3, 4, (byte) 200, 0, 0, 0});
    }
    Path labels = dir.resolve("labels-idx1-ubyte");
    try (OutputStream raw = Files.newOutputStream(labels); var out = new DataOutputStream(raw)) {
      out.writeInt(0x00000801);
      out.writeInt(3);
      out.write(new byte[] {9, 0, 4});
    }
    List<Example> examples = SparkData.fromIdx(spark, images, labels, 2).collect();
    assertThat(examples).extracting(Example::label).containsExactly(9, 0, 4);
    assertThat(examples.get(0).features()).containsExactly(0f, 1f, 0.2f, 0.4f);
    assertThat(examples.get(2).features()).containsExactly(200 / 255f, 0f, 0f, 0f);
  }

  @Test
  void misfitArraysAreRefusedWithTheSizes() {
    assertThatThrownBy(() -> SparkData.fromArrays(spark, new float[10], 3, new int[3], 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SparkData.fromArrays: 3 labels need 3 × 3 = 9 features, got 10");
    assertThatThrownBy(() -> SparkData.fromArrays(spark, new float[9], 3, new int[3], 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partitions must be in [1, 3]");
    assertThatThrownBy(() -> SparkData.fromArrays(spark, new float[9], 3, new int[] {0, -1, 2}, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label -1 of example 1 is negative");
  }
}
