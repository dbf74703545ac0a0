package dev.jgrad.examples;

import dev.jgrad.autograd.Tensor;
import java.util.SplittableRandom;

/**
 * The course's planar "flower": two classes of points on the petals of the rose r = a·sin(4t), with
 * noise in the angle and in the radius. Class 0 draws t from [0, 3.12], class 1 from [3.12, 6.24], so
 * the classes take alternate petals and no straight line separates them.
 *
 * @param points m rows of (x, y)
 * @param labels m labels, 0 or 1
 */
public record FlowerData(double[][] points, int[] labels) {
  public static final int DEFAULT_SIZE = 400;
  public static final double PETAL_RADIUS = 4;
  public static final double NOISE = 0.2;

  /** {@code m} points (half of each class), the same for the same seed. */
  public static FlowerData generate(int m, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int perClass = m / 2;
    double[][] points = new double[2 * perClass][];
    int[] labels = new int[2 * perClass];
    for (int j = 0; j < 2; j++) {
      for (int i = 0; i < perClass; i++) {
        // numpy's linspace(j·3.12, (j+1)·3.12, N): both ends included
        double t = (j + (perClass == 1 ? 0 : (double) i / (perClass - 1))) * 3.12 + random.nextGaussian() * NOISE;
        double r = PETAL_RADIUS * Math.sin(4 * t) + random.nextGaussian() * NOISE;
        points[j * perClass + i] = new double[] {r * Math.sin(t), r * Math.cos(t)};
        labels[j * perClass + i] = j;
      }
    }
    return new FlowerData(points, labels);
  }

  public int size() {
    return labels.length;
  }

  /** The points as a float32 tensor [m, 2]: one example per row. */
  public Tensor features() {
    float[] xy = new float[2 * size()];
    for (int i = 0; i < size(); i++) {
      xy[2 * i] = (float) points[i][0];
      xy[2 * i + 1] = (float) points[i][1];
    }
    return Tensor.of(xy, size(), 2);
  }

  /** The labels as a float32 tensor [m, 1] of 0s and 1s. */
  public Tensor targets() {
    float[] y = new float[size()];
    for (int i = 0; i < size(); i++) {
      y[i] = labels[i];
    }
    return Tensor.of(y, size(), 1);
  }
}
