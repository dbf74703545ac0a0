package dev.jgrad.examples;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.data.ArrayDataset;
import dev.jgrad.nn.data.FashionMnist;

/**
 * A two-class task cut from Fashion-MNIST, the way the course asks "cat or not?": the images of two
 * classes, labelled 1 for {@code positive} and 0 for {@code negative}, as tensors with one example
 * per row — features [m, 784] with pixels in [0, 1], labels [m, 1].
 */
public record BinaryTask(int negative, int positive, Tensor trainX, Tensor trainY, Tensor testX, Tensor testY) {

  /** The images of classes {@code negative} and {@code positive} from both sets, in their original order. */
  public static BinaryTask of(ArrayDataset train, ArrayDataset test, int negative, int positive) {
    checkClass(negative);
    checkClass(positive);
    if (negative == positive) {
      throw new ExampleException("the two classes must differ, got " + negative + " twice");
    }
    Tensor[] tr = pick(train, negative, positive);
    Tensor[] te = pick(test, negative, positive);
    return new BinaryTask(negative, positive, tr[0], tr[1], te[0], te[1]);
  }

  private static void checkClass(int c) {
    if (c < 0 || c >= FashionMnist.CLASSES) {
      throw new ExampleException(
          "a Fashion-MNIST class is a number from 0 to 9 (" + String.join(", ", numberedClasses()) + "), got " + c);
    }
  }

  static String[] numberedClasses() {
    String[] out = new String[FashionMnist.CLASSES];
    for (int i = 0; i < out.length; i++) {
      out[i] = i + " " + FashionMnist.CLASS_NAMES.get(i);
    }
    return out;
  }

  private static Tensor[] pick(ArrayDataset data, int negative, int positive) {
    int count = 0;
    for (int i = 0; i < data.size(); i++) {
      int label = data.label(i);
      if (label == negative || label == positive) {
        count++;
      }
    }
    int d = data.featureSize();
    float[] x = new float[count * d];
    float[] y = new float[count];
    for (int i = 0, k = 0; i < data.size(); i++) {
      int label = data.label(i);
      if (label == negative || label == positive) {
        data.copyFeatures(i, x, k * d);
        y[k++] = label == positive ? 1 : 0;
      }
    }
    return new Tensor[] {Tensor.of(x, count, d), Tensor.of(y, count, 1)};
  }

  /** "Shirt (1) or T-shirt/top (0)": the question the classifier answers. */
  public String question() {
    return name(positive) + " (1) or " + name(negative) + " (0)";
  }

  public int trainSize() {
    return trainX.dim(0);
  }

  public int testSize() {
    return testX.dim(0);
  }

  /** Test accuracy of always answering the training set's more frequent class. */
  public double majorityBaseline() {
    boolean majorityIsOne = trainY.mean().item() >= 0.5;
    double onesInTest = testY.mean().item();
    return majorityIsOne ? onesInTest : 1 - onesInTest;
  }

  /** The fraction of predictions (probabilities or logits, thresholded) that match 0/1 labels. */
  public static double accuracy(Tensor scores, Tensor labels, double threshold) {
    float[] s = scores.toFloatArray();
    float[] y = labels.toFloatArray();
    int correct = 0;
    for (int i = 0; i < s.length; i++) {
      if ((s[i] > threshold) == (y[i] > 0.5f)) {
        correct++;
      }
    }
    return (double) correct / s.length;
  }

  static String name(int c) {
    return FashionMnist.CLASS_NAMES.get(c);
  }
}
