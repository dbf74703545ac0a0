package dev.jgrad.spark;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
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

  /** The parameters' gradients (zeros for one without), then {@code extra}. */
  static FlatVector gradients(List<Tensor> parameters, double extra) {
    return of(parameters, true, extra);
  }

  /** The parameters' values, then {@code extra}. */
  static FlatVector values(List<Tensor> parameters, double extra) {
    return of(parameters, false, extra);
  }

  private static FlatVector of(List<Tensor> parameters, boolean gradients, double extra) {
    int n = 1;
    boolean allFloat = true;
    for (Tensor p : parameters) {
      n += p.size();
      allFloat &= p.dtype() == DType.FLOAT32;
    }
    FlatVector v = allFloat ? new FlatVector(new float[n], null) : new FlatVector(null, new double[n]);
    int at = 0;
    for (Tensor p : parameters) {
      Tensor t = gradients ? p.grad() : p;
      if (t != null) {
        if (allFloat) {
          System.arraycopy(t.toFloatArray(), 0, v.floats, at, p.size());
        } else {
          System.arraycopy(t.toDoubleArray(), 0, v.doubles, at, p.size());
        }
      }
      at += p.size();
    }
    v.set(n - 1, extra);
    return v;
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
          Tensor part = floats != null
              ? Tensor.of(java.util.Arrays.copyOfRange(floats, at, at + p.size()), p.shape())
              : Tensor.of(java.util.Arrays.copyOfRange(doubles, at, at + p.size()), p.shape());
          target.copyFrom(part.to(target.dtype()));
        }
        at += p.size();
      }
    }
  }
}
