package dev.jgrad.nn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class StandardizerTest {
  // Three examples of two features: the first feature is 1, 2, 3 (mean 2, population std √(2/3)),
  // the second is constant 5.
  private static final ArrayDataset DATA =
      ArrayDataset.classification(new float[] {1, 5, 2, 5, 3, 5}, new int[] {2}, new int[] {0, 1, 0});

  @Test
  void perFeature() {
    Standardizer s = Standardizer.fit(DATA);
    assertThat(s.mean()).containsExactly(2f, 5f);
    assertThat(s.std()[0]).isCloseTo((float) Math.sqrt(2.0 / 3), within(1e-6f));
    assertThat(s.std()[1]).as("a constant feature is only centred").isEqualTo(1f);
    ArrayDataset t = s.transform(DATA);
    float[] x = t.features();
    double z = 1 / Math.sqrt(2.0 / 3);
    assertThat(x[0]).isCloseTo((float) -z, within(1e-6f));
    assertThat(x[2]).isCloseTo(0f, within(1e-6f));
    assertThat(x[4]).isCloseTo((float) z, within(1e-6f));
    assertThat(x[1]).isZero();
    assertThat(t.targets()).containsExactly(DATA.targets());
    assertThat(DATA.features()).as("the original is untouched").containsExactly(1, 5, 2, 5, 3, 5);
  }

  @Test
  void global() {
    Standardizer s = Standardizer.fitGlobal(DATA);
    // values 1, 5, 2, 5, 3, 5: mean 21/6 = 3.5, variance (6.25 + 2.25 + 2.25 + 2.25 + 0.25 + 2.25) / 6 = 15.5 / 6
    assertThat(s.mean()).containsOnly(3.5f);
    assertThat(s.std()[0]).isCloseTo((float) Math.sqrt(15.5 / 6), within(1e-6f));
  }

  @Test
  void tensorTransformMatchesDatasetTransform() {
    Standardizer s = Standardizer.fit(DATA);
    Tensor x = Tensor.of(DATA.features(), 3, 2);
    assertThat(s.transform(x).toFloatArray()).containsExactly(s.transform(DATA).features(), within(1e-6f));
    assertThatThrownBy(() -> s.transform(Tensor.zeros(3, 4))).hasMessageContaining("fitted on 2 features");
  }
}
