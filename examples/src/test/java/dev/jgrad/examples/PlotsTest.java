package dev.jgrad.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

  @Test
  void lineChartsAreWrittenAsPng(@TempDir Path dir) throws Exception {
    Plots.Series a = Plots.Series.ofEpochs("train", List.of(0.9, 0.5, 0.3));
    Plots.Series b = Plots.Series.ofIterations("test", List.of(1.0, 0.6, 0.4));
    Path one = dir.resolve("sub/one.png");
    Path two = dir.resolve("two.png");

    Plots.save(Plots.lineChart("title", "x", "y", List.of(a, b), false), one);
    Plots.saveSideBySide(List.of(Plots.lineChart("l", "x", "y", List.of(a), true), Plots.lineChart("r", "x", "y", List.of(b), false)), two);

    BufferedImage single = TestSupport.readPng(one);
    assertThat(TestSupport.readPng(two).getWidth()).isEqualTo(2 * single.getWidth());
  }

  @Test
  void decisionBoundariesShadeBothSidesOfTheLine(@TempDir Path dir) throws Exception {
    double[][] points = {{-1, -1}, {1, 1}, {-2, 0}, {2, 0.5}};
    int[] labels = {0, 1, 0, 1};
    Plots.PlaneModel rightHalf = (xs, ys) -> {
      double[] p = new double[xs.length];
      for (int i = 0; i < p.length; i++) {
        p[i] = xs[i] > 0 ? 0.9 : 0.1;
      }
      return p;
    };
    Path file = dir.resolve("boundary.png");
    Path grid = dir.resolve("grid.png");

    Plots.saveBoundary(new Plots.Boundary("x > 0", rightHalf), points, labels, file);
    Plots.saveBoundaries(List.of(new Plots.Boundary("a", rightHalf), new Plots.Boundary("b", rightHalf)), 2, points, labels, grid);

    BufferedImage image = TestSupport.readPng(file);
    int y = image.getHeight() / 2 + 40;
    int left = image.getRGB(image.getWidth() / 8, y);
    int right = image.getRGB(image.getWidth() * 7 / 8, y);
    assertThat(left).isNotEqualTo(right);
    assertThat(TestSupport.readPng(grid).getWidth()).isGreaterThan(TestSupport.readPng(grid).getHeight());
  }

  @Test
  void imageGridsHoldOneTilePerImage(@TempDir Path dir) throws Exception {
    float[][] images = new float[10][28 * 28];
    for (int i = 0; i < images.length; i++) {
      images[i][i * 30] = 1;
    }
    String[] guess = new String[10];
    String[] truth = new String[10];
    java.util.Arrays.fill(guess, "Shirt");
    java.util.Arrays.fill(truth, "Shirt");
    truth[3] = "Coat";
    Path file = dir.resolve("grid.png");

    Plots.saveImageGrid("ten images", images, 28, guess, truth, 5, file);

    BufferedImage image = TestSupport.readPng(file);
    assertThat(image.getWidth()).isGreaterThan(5 * 28 * 4);
  }
}
