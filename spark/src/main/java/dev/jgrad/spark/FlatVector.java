package dev.jgrad.spark;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The gradients (or values) of a model's parameters laid end to end in one array, with one extra
 * value at the end (the step's loss), as the all-reduce carries them: float32 when every parameter
 * is float32, else float64. The sum over workers is formed in rank order, ((x₀ + x₁) + x₂) + …, and
 * divided by the number of workers, the same operations whether over the network ({@link
 * ChainAllReduce}) or in one process ({@link #mean(List)}).
 */
final class FlatVector {
  private final float[] floats;
  private final double[] doubles;

  private FlatVector(float[] floats, double[] doubles) {
    this.floats = floats;
    this.doubles = doubles;
  }

  /** A vector sized for {@code parameters}: float32 when all of them are, else float64. */
  static FlatVector forParameters(List<Tensor> parameters) {
    int n = 1;
    boolean allFloat = true;
    for (Tensor p : parameters) {
      n += p.size();
      allFloat &= p.dtype() == DType.FLOAT32;
    }
    return allFloat ? new FlatVector(new float[n], null) : new FlatVector(null, new double[n]);
  }

  /** A new vector of the parameters' gradients (zeros for one without), then {@code extra}. */
  static FlatVector gradients(List<Tensor> parameters, double extra) {
    return forParameters(parameters).gather(parameters, true, extra);
  }

  /** A new vector of the parameters' values, then {@code extra}. */
  static FlatVector values(List<Tensor> parameters, double extra) {
    return forParameters(parameters).gather(parameters, false, extra);
  }

  /** Overwrites this vector with the parameters' gradients (or values), then {@code extra}. */
  FlatVector gather(List<Tensor> parameters, boolean gradients, double extra) {
    int at = 0;
    for (Tensor p : parameters) {
      Tensor t = gradients ? p.grad() : p;
      if (t == null) {
        fill(at, at + p.size());
      } else if (floats != null) {
        t.copyInto(floats, at);
      } else {
        t.copyInto(doubles, at);
      }
      at += p.size();
    }
    set(at, extra);
    return this;
  }

  private void fill(int from, int to) {
    if (floats != null) {
      Arrays.fill(floats, from, to, 0f);
    } else {
      Arrays.fill(doubles, from, to, 0.0);
    }
  }

  private void set(int i, double value) {
    if (floats != null) {
      floats[i] = (float) value;
    } else {
      doubles[i] = value;
    }
  }

  /** Sums this vector over all workers of {@code reducer}, then divides by their number. */
  void meanOver(ChainAllReduce reducer) {
    if (floats != null) {
      reducer.sum(floats);
    } else {
      reducer.sum(doubles);
    }
    divide(reducer.size());
  }

  /** What {@link #meanOver} gives, from the workers' vectors in one process (rank order = list order). */
  static FlatVector mean(List<FlatVector> workers) {
    FlatVector first = workers.getFirst();
    FlatVector sum = new FlatVector(
        first.floats == null ? null : first.floats.clone(), first.doubles == null ? null : first.doubles.clone());
    for (FlatVector w : workers.subList(1, workers.size())) {
      for (int i = 0; i < sum.length(); i++) {
        if (sum.floats != null) {
          sum.floats[i] = sum.floats[i] + w.floats[i];
        } else {
          sum.doubles[i] = sum.doubles[i] + w.doubles[i];
        }
      }
    }
    sum.divide(workers.size());
    return sum;
  }

  private void divide(int n) {
    if (floats != null) {
      for (int i = 0; i < floats.length; i++) {
        floats[i] /= n;
      }
    } else {
      for (int i = 0; i < doubles.length; i++) {
        doubles[i] /= n;
      }
    }
  }

  private int length() {
    return floats != null ? floats.length : doubles.length;
  }

  /** The extra value at the end (the loss). */
  double extra() {
    return floats != null ? floats[floats.length - 1] : doubles[doubles.length - 1];
  }

  /** Writes the values into the parameters' gradients (those that have one). */
  void copyToGradients(List<Tensor> parameters) {
    copyTo(parameters, true);
  }

  /** Writes the values into the parameters themselves. */
  void copyToValues(List<Tensor> parameters) {
    copyTo(parameters, false);
  }

  private void copyTo(List<Tensor> parameters, boolean gradients) {
    int at = 0;
    try (var g = Autograd.noGrad()) {
      for (Tensor p : parameters) {
        Tensor target = gradients ? p.grad() : p;
        if (target != null) { // replicas are one model: a parameter without a gradient has none anywhere
          if (floats != null) {
            target.copyFrom(floats, at);
          } else {
            target.copyFrom(doubles, at);
          }
        }
        at += p.size();
      }
    }
  }
}
