package dev.jgrad.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The pictures the examples draw, as PNG files: line charts (with XChart), decision boundaries of
 * two-class models on the plane, and grids of labelled images (with plain Java 2D). Everything is
 * drawn off screen, so no display is needed.
 */
public final class Plots {
  static {
    // Before AWT starts: draw into images only, never open a window (and need no X server).
    System.setProperty("java.awt.headless", "true");
  }

  /** Class 0 and class 1, for points and shaded regions (a colour-blind-safe blue and orange). */
  static final Color CLASS0 = new Color(0x1f, 0x77, 0xb4);

  static final Color CLASS1 = new Color(0xff, 0x7f, 0x0e);

  private static final Color CORRECT = new Color(0x1a, 0x7f, 0x37);
  private static final Color WRONG = new Color(0xcf, 0x22, 0x2e);

  private Plots() {}

  /** One line of a chart: y against x. */
  public record Series(String name, double[] x, double[] y) {
    /** y against 1, 2, 3, … (epochs). */
    public static Series ofEpochs(String name, List<Double> y) {
      double[] xs = new double[y.size()];
      double[] ys = new double[y.size()];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = i + 1;
        ys[i] = y.get(i);
      }
      return new Series(name, xs, ys);
    }

    /**
     * y against iterations 0, 1, 2, …: every point of the first 100, where a cost falls fast, then
     * every tenth, and the last. (Evenly spaced x values would also make XChart put its ticks on
     * data points, at steps such as 53; unevenly spaced ones get round numbers.)
     */
    public static Series ofIterations(String name, List<Double> y) {
      List<double[]> kept = new java.util.ArrayList<>();
      for (int i = 0; i < y.size(); i++) {
        if (i < 100 || i % 10 == 0 || i == y.size() - 1) {
          kept.add(new double[] {i, y.get(i)});
        }
      }
      return new Series(
          name, kept.stream().mapToDouble(p -> p[0]).toArray(), kept.stream().mapToDouble(p -> p[1]).toArray());
    }
  }

  /** A line chart of the given series; a logarithmic y axis when {@code logY}. */
  public static XYChart lineChart(String title, String xTitle, String yTitle, List<Series> series, boolean logY) {
    XYChart chart = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    Styler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.InsideNE);
    styler.setLegendVisible(series.size() > 1);
    styler.setAntiAlias(true);
    chart.getStyler().setYAxisLogarithmic(logY);
    boolean fewPoints = series.stream().allMatch(s -> s.x().length <= 30);
    for (Series s : series) {
      XYSeries line = chart.addSeries(s.name(), s.x(), s.y());
      line.setMarker(fewPoints ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }
    return chart;
  }

  /** Moves the legend to the bottom right, out of the way of rising curves (accuracies); returns the chart. */
  public static XYChart legendBottomRight(XYChart chart) {
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    return chart;
  }

  /** Moves the legend below the plot, in one row, where it hides no curve; returns the chart. */
  public static XYChart legendBelow(XYChart chart) {
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    return chart;
  }

  /** Writes one chart as a PNG file. */
  public static void save(XYChart chart, Path file) throws IOException {
    write(BitmapEncoder.getBufferedImage(chart), file);
  }

  /** Writes charts side by side, in one row, as one PNG file. */
  public static void saveSideBySide(List<XYChart> charts, Path file) throws IOException {
    List<BufferedImage> images = charts.stream().map(BitmapEncoder::getBufferedImage).toList();
    int width = images.stream().mapToInt(BufferedImage::getWidth).sum();
    int height = images.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    int x = 0;
    for (BufferedImage image : images) {
      g.drawImage(image, x, 0, null);
      x += image.getWidth();
    }
    g.dispose();
    write(out, file);
  }

  // ---- decision boundaries --------------------------------------------------------------------

  /** A two-class model on the plane: the probability of class 1 at each of n points (xs[i], ys[i]). */
  @FunctionalInterface
  public interface PlaneModel {
    double[] probability(double[] xs, double[] ys);
  }

  /** One panel of a decision-boundary picture: a title, the model, and the labelled points. */
  public record Boundary(String title, PlaneModel model) {}

  /** The decision boundary of one model over the points, as a PNG file. */
  public static void saveBoundary(Boundary boundary, double[][] points, int[] labels, Path file) throws IOException {
    saveBoundaries(List.of(boundary), 1, points, labels, 560, file);
  }

  /** Decision boundaries of several models over the same points, in a grid with {@code columns} columns. */
  public static void saveBoundaries(List<Boundary> boundaries, int columns, double[][] points, int[] labels, Path file)
      throws IOException {
    saveBoundaries(boundaries, columns, points, labels, 360, file);
  }

  private static void saveBoundaries(
      List<Boundary> boundaries, int columns, double[][] points, int[] labels, int panel, Path file) throws IOException {
    int rows = (boundaries.size() + columns - 1) / columns;
    BufferedImage out = new BufferedImage(columns * panel, rows * panel, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    double[] box = bounds(points);
    for (int i = 0; i < boundaries.size(); i++) {
      drawBoundary(g, boundaries.get(i), points, labels, box, (i % columns) * panel, (i / columns) * panel, panel);
    }
    g.dispose();
    write(out, file);
  }

  /** The points' bounding box, widened by a margin: {xmin, xmax, ymin, ymax}. */
  private static double[] bounds(double[][] points) {
    double xmin = Double.POSITIVE_INFINITY, xmax = Double.NEGATIVE_INFINITY;
    double ymin = Double.POSITIVE_INFINITY, ymax = Double.NEGATIVE_INFINITY;
    for (double[] p : points) {
      xmin = Math.min(xmin, p[0]);
      xmax = Math.max(xmax, p[0]);
      ymin = Math.min(ymin, p[1]);
      ymax = Math.max(ymax, p[1]);
    }
    return new double[] {xmin - 1, xmax + 1, ymin - 1, ymax + 1};
  }

  private static void drawBoundary(
      Graphics2D g, Boundary boundary, double[][] points, int[] labels, double[] box, int left, int top, int size) {
    int titleHeight = 26;
    int margin = 10;
    int plot = size - titleHeight - margin;
    int px = left + (size - plot) / 2;
    int py = top + titleHeight;

    // The model's verdict at the centre of every cell of a grid, in one call.
    int cells = plot / 2;
    double[] xs = new double[cells * cells];
    double[] ys = new double[cells * cells];
    for (int r = 0; r < cells; r++) {
      for (int c = 0; c < cells; c++) {
        xs[r * cells + c] = box[0] + (c + 0.5) / cells * (box[1] - box[0]);
        ys[r * cells + c] = box[3] - (r + 0.5) / cells * (box[3] - box[2]);
      }
    }
    double[] p = boundary.model().probability(xs, ys);
    for (int r = 0; r < cells; r++) {
      for (int c = 0; c < cells; c++) {
        boolean one = p[r * cells + c] > 0.5;
        g.setColor(mix(one ? CLASS1 : CLASS0, Color.WHITE, 0.72));
        int x0 = px + c * plot / cells;
        int y0 = py + r * plot / cells;
        g.fillRect(x0, y0, px + (c + 1) * plot / cells - x0, py + (r + 1) * plot / cells - y0);
      }
    }

    Graphics2D h = (Graphics2D) g.create();
    h.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    h.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    double radius = size >= 500 ? 3.5 : 2.5;
    for (int i = 0; i < points.length; i++) {
      double x = px + (points[i][0] - box[0]) / (box[1] - box[0]) * plot;
      double y = py + (box[3] - points[i][1]) / (box[3] - box[2]) * plot;
      h.setColor(labels[i] == 1 ? CLASS1 : CLASS0);
      h.fill(new java.awt.geom.Ellipse2D.Double(x - radius, y - radius, 2 * radius, 2 * radius));
      h.setColor(Color.DARK_GRAY);
      h.setStroke(new BasicStroke(0.5f));
      h.draw(new java.awt.geom.Ellipse2D.Double(x - radius, y - radius, 2 * radius, 2 * radius));
    }
    h.setColor(Color.GRAY);
    h.setStroke(new BasicStroke(1f));
    h.drawRect(px, py, plot, plot);
    h.setColor(Color.BLACK);
    h.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size >= 500 ? 16 : 14));
    FontMetrics fm = h.getFontMetrics();
    h.drawString(boundary.title(), left + (size - fm.stringWidth(boundary.title())) / 2, top + titleHeight - 8);
    h.dispose();
  }

  // ---- image grids ----------------------------------------------------------------------------

  /**
   * Grey images (pixels in [0, 1], row-major, {@code side}×{@code side} each) in a grid under a title,
   * each captioned with its predicted label (green when right, red when wrong) and its true label.
   */
  public static void saveImageGrid(
      String title, float[][] images, int side, String[] predicted, String[] truth, int columns, Path file)
      throws IOException {
    int scale = 4;
    int cellWidth = side * scale + 24;
    int cellHeight = side * scale + 42;
    int titleHeight = 34;
    int rows = (images.length + columns - 1) / columns;
    BufferedImage out =
        new BufferedImage(columns * cellWidth, titleHeight + rows * cellHeight, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, (out.getWidth() - g.getFontMetrics().stringWidth(title)) / 2, 23);
    Font label = new Font(Font.SANS_SERIF, Font.BOLD, 11);
    Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    for (int i = 0; i < images.length; i++) {
      int x0 = (i % columns) * cellWidth + 12;
      int y0 = titleHeight + (i / columns) * cellHeight + 4;
      BufferedImage tile = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
      for (int r = 0; r < side; r++) {
        for (int c = 0; c < side; c++) {
          // Dark garments on white paper: Fashion-MNIST stores them bright on black.
          int v = 255 - Math.round(Math.max(0, Math.min(1, images[i][r * side + c])) * 255);
          tile.getRaster().setSample(c, r, 0, v);
        }
      }
      g.drawImage(tile, x0, y0, side * scale, side * scale, null);
      boolean right = predicted[i].equals(truth[i]);
      g.setColor(right ? CORRECT : WRONG);
      g.drawRect(x0 - 1, y0 - 1, side * scale + 1, side * scale + 1);
      centred(g, predicted[i], label, x0, side * scale, y0 + side * scale + 14);
      g.setColor(Color.DARK_GRAY);
      centred(g, "true: " + truth[i], small, x0, side * scale, y0 + side * scale + 28);
    }
    g.dispose();
    write(out, file);
  }

  private static void centred(Graphics2D g, String text, Font font, int x0, int width, int baseline) {
    g.setFont(font);
    FontMetrics fm = g.getFontMetrics();
    g.drawString(text, x0 + (width - fm.stringWidth(text)) / 2, baseline);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static Color mix(Color a, Color b, double t) {
    return new Color(
        (int) Math.round(a.getRed() * (1 - t) + b.getRed() * t),
        (int) Math.round(a.getGreen() * (1 - t) + b.getGreen() * t),
        (int) Math.round(a.getBlue() * (1 - t) + b.getBlue() * t));
  }

  private static void write(BufferedImage image, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer available for " + file);
    }
  }
}
