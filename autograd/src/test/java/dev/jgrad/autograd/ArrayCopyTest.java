package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** copyInto and copyFrom(array, offset): many tensors gathered into one buffer and scattered back. */
class ArrayCopyTest {

  @Test
  void tensorsGatherIntoOneArrayAndScatterBack() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    Tensor b = Tensor.of(new double[] {0.1, -5});
    float[] flat = new float[7];
    a.copyInto(flat, 1);
    b.copyInto(flat, 5);
    assertThat(flat).containsExactly(0, 1, 2, 3, 4, 0.1f, -5);
    double[] wide = new double[6];
    a.copyInto(wide, 0);
    b.copyInto(wide, 4);
    assertThat(wide).containsExactly(1, 2, 3, 4, 0.1, -5);

    for (int i = 0; i < flat.length; i++) {
      flat[i] *= 10;
    }
    a.copyFrom(flat, 1);
    b.copyFrom(flat, 5);
    assertThat(a.toFloatArray()).containsExactly(10, 20, 30, 40);
    assertThat(b.toDoubleArray()).containsExactly((double) (0.1f * 10), -50);
    b.copyFrom(new double[] {7, 8, 9}, 1);
    assertThat(b.toDoubleArray()).containsExactly(8, 9);
  }

  @Test
  void copyFromCountsAsAnInPlaceChange() {
    Tensor p = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor y = p.mul(p); // saves p
    assertThatThrownBy(() -> p.copyFrom(new double[] {3, 4}, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("copyFrom: a tensor that requires grad can only be updated in place inside Autograd.noGrad()");
    try (var g = Autograd.noGrad()) {
      p.copyFrom(new double[] {3, 4}, 0);
    }
    assertThat(p.toDoubleArray()).containsExactly(3, 4);
    assertThatThrownBy(() -> y.sum().backward()).hasMessageContaining("modified in place");
  }

  @Test
  void arraysTooShortAreRefusedWithTheSizes() {
    Tensor t = Tensor.zeros(2, 3);
    assertThatThrownBy(() -> t.copyInto(new float[8], 3))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("copyInto: 6 elements of a tensor of shape [2, 3] do not fit in an array of 8 from offset 3");
    assertThatThrownBy(() -> t.copyFrom(new double[6], -1))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("copyFrom: 6 elements of a tensor of shape [2, 3] do not fit in an array of 6 from offset -1");
    assertThatThrownBy(() -> t.copyInto((float[]) null, 0)).hasMessage("copyInto: dest is null");
    assertThat(t.toFloatArray()).containsOnly(0);
  }
}
