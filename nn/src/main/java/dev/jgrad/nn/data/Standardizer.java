package dev.jgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * Standardization: x ↦ (x − mean) / std, with mean and std estimated on the training set and then
 * applied unchanged to every other set (fitting on the test set would leak it into training).
 *
 * <p>{@link #fit} estimates one mean and std per feature; {@link #fitGlobal} one for all features
 * (the usual choice for images, where per-pixel statistics are noisy and border pixels are constant).
 * A feature whose std is below {@link #MIN_STD} is only centred, not divided, so constant features
 * do not blow up.
 *
 * <pre>{@code
 * Standardizer s = Standardizer.fitGlobal(train);
 * ArrayDataset trainStd = s.transform(train);
 * ArrayDataset testStd = s.transform(test);
 * }</pre>
 */
public final class Standardizer {
  /** Stds below this are treated as 1. */
  public static final double MIN_STD = 1e-8;

  private final float[] mean;
  private final float[] std;

  private Standardizer(float[] mean, float[] std) {
    this.mean = mean;
    this.std = std;
  }

  /**
   * One mean and std per feature over all examples (population std).
   *
   * @param data the training set; not empty
   * @return a standardizer with the training set's per-feature statistics
   */
  public static Standardizer fit(ArrayDataset data) {
    checkArgument(data.size() > 0, "Standardizer.fit: the dataset is empty");
    int f = data.featureSize();
    int n = data.size();
    float[] x = data.featuresView();
    double[] sum = new double[f];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < f; j++) {
        sum[j] += x[i * f + j];
      }
    }
    double[] mu = new double[f];
    for (int j = 0; j < f; j++) {
      mu[j] = sum[j] / n;
    }
    double[] squares = new double[f];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < f; j++) {
        double d = x[i * f + j] - mu[j];
        squares[j] += d * d;
      }
    }
    float[] mean = new float[f];
    float[] std = new float[f];
    for (int j = 0; j < f; j++) {
      mean[j] = (float) mu[j];
      std[j] = safeStd(Math.sqrt(squares[j] / n));
    }
    return new Standardizer(mean, std);
  }

  /**
   * A single mean and std over every feature of every example.
   *
   * @param data the training set; not empty
   * @return a standardizer with the same mean and std for every feature
   */
  public static Standardizer fitGlobal(ArrayDataset data) {
    checkArgument(data.size() > 0, "Standardizer.fitGlobal: the dataset is empty");
    float[] x = data.featuresView();
    double sum = 0;
    for (float v : x) {
      sum += v;
    }
    double mu = sum / x.length;
    double squares = 0;
    for (float v : x) {
      squares += (v - mu) * (v - mu);
    }
    float[] mean = new float[data.featureSize()];
    float[] std = new float[data.featureSize()];
    Arrays.fill(mean, (float) mu);
    Arrays.fill(std, safeStd(Math.sqrt(squares / x.length)));
    return new Standardizer(mean, std);
  }

  /**
   * A standardizer with given per-feature statistics (e.g. restored from a checkpoint).
   *
   * @param mean the mean of each feature
   * @param std the std of each feature, each positive and finite; as many as means
   * @return a standardizer holding copies of the arrays
   */
  public static Standardizer of(float[] mean, float[] std) {
    checkArgument(mean.length == std.length && mean.length > 0, "Standardizer.of: %s means but %s stds", mean.length, std.length);
    float[] s = new float[std.length];
    for (int j = 0; j < s.length; j++) {
      checkArgument(std[j] > 0 && Float.isFinite(std[j]), "Standardizer.of: std %s is %s", j, (Float) std[j]);
      s[j] = std[j];
    }
    return new Standardizer(mean.clone(), s);
  }

  private static float safeStd(double s) {
    return s < MIN_STD ? 1f : (float) s;
  }

  /**
   * A new dataset with standardized features and the same targets.
   *
   * @param data a dataset with as many features per example as this standardizer was fitted on
   * @return the standardized dataset; {@code data} is unchanged
   */
  public ArrayDataset transform(ArrayDataset data) {
    checkNotNull(data, "Standardizer.transform: data is null");
    checkArgument(
        data.featureSize() == mean.length,
        "Standardizer.transform: fitted on %s features, the dataset has %s", mean.length, data.featureSize());
    float[] x = data.features();
    int f = mean.length;
    for (int i = 0; i < x.length; i++) {
      int j = i % f;
      x[i] = (x[i] - mean[j]) / std[j];
    }
    return new ArrayDataset(x, data.featureShape(), data.targetsView(), data.targetShape(), true);
  }

  /**
   * (x − mean) / std for x of shape [N, features] (or [features]); a tensor operation, so
   * differentiable.
   *
   * @param x the features, with the last dimension the features
   * @return the standardized tensor, of the shape and dtype of {@code x}
   */
  public Tensor transform(Tensor x) {
    checkArgument(
        x.rank() >= 1 && x.dim(-1) == mean.length,
        "Standardizer.transform: fitted on %s features, got a tensor of shape %s", mean.length, Arrays.toString(x.shape()));
    Tensor m = Tensor.of(mean).to(x.dtype());
    Tensor s = Tensor.of(std).to(x.dtype());
    return x.sub(m).div(s);
  }

  /**
   * The per-feature means (all equal after {@link #fitGlobal}).
   *
   * @return a copy of the means
   */
  public float[] mean() {
    return mean.clone();
  }

  /**
   * The per-feature stds, each positive.
   *
   * @return a copy of the stds; a near-constant feature's is 1
   */

  public float[] std() {
    return std.clone();
  }
}
