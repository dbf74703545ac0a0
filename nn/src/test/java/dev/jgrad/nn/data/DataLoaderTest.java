package dev.jgrad.nn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class DataLoaderTest {

  /** Example i has features [i, 10 + i, 20 + i] and label i. */
  private static ArrayDataset numbered(int n) {
    float[] x = new float[n * 3];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      x[3 * i] = i;
      x[3 * i + 1] = 10 + i;
      x[3 * i + 2] = 20 + i;
      labels[i] = i;
    }
    return ArrayDataset.classification(x, new int[] {3}, labels);
  }

  private static List<Integer> visited(Iterable<Batch> epoch) {
    List<Integer> order = new ArrayList<>();
    for (Batch b : epoch) {
      float[] x = b.features().toFloatArray();
      int[] labels = b.labels();
      for (int i = 0; i < b.size(); i++) {
        // every row's features belong to its label
        assertThat(x[3 * i]).isEqualTo(labels[i]);
        assertThat(x[3 * i + 2]).isEqualTo(20 + labels[i]);
        order.add(labels[i]);
      }
    }
    return order;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void everyExampleOncePerEpochInBatchesOfTheRightSize(long seed) {
    var random = new SplittableRandom(seed);
    int n = random.nextInt(1, 60);
    int batchSize = random.nextInt(1, 20);
    boolean shuffle = random.nextBoolean();
    DataLoader loader = DataLoader.builder(numbered(n)).batchSize(batchSize).shuffle(shuffle).seed(seed).build();
    List<Integer> order = new ArrayList<>();
    int batches = 0;
    for (Batch b : loader) {
      batches++;
      assertThat(b.size()).isEqualTo(batches < loader.batchCount() ? batchSize : n - (batches - 1) * batchSize);
      assertThat(b.features().shape()).containsExactly(b.size(), 3);
      assertThat(b.targets().shape()).containsExactly(b.size());
      order.addAll(visited(List.of(b)));
    }
    assertThat(batches).isEqualTo((n + batchSize - 1) / batchSize).isEqualTo(loader.batchCount());
    assertThat(order).containsExactlyInAnyOrderElementsOf(range(n));
    if (!shuffle) {
      assertThat(order).containsExactlyElementsOf(range(n));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void droppingTheLastBatch(long seed) {
    var random = new SplittableRandom(seed);
    int n = random.nextInt(1, 60);
    int batchSize = random.nextInt(1, 20);
    DataLoader loader = DataLoader.builder(numbered(n))
        .batchSize(batchSize).shuffle(true).seed(seed).lastBatch(DataLoader.LastBatch.DROP).build();
    int batches = 0;
    for (Batch b : loader) {
      assertThat(b.size()).isEqualTo(batchSize);
      batches++;
    }
    assertThat(batches).isEqualTo(n / batchSize).isEqualTo(loader.batchCount());
    assertThat(loader.exampleCount()).isEqualTo(n / batchSize * batchSize);
  }

  @Test
  void shufflingIsSeededAndDiffersBetweenEpochs() {
    DataLoader a = DataLoader.builder(numbered(50)).batchSize(7).shuffle(true).seed(11).build();
    DataLoader b = DataLoader.builder(numbered(50)).batchSize(7).shuffle(true).seed(11).build();
    List<Integer> a0 = visited(a);
    List<Integer> a1 = visited(a);
    assertThat(visited(b)).isEqualTo(a0);
    assertThat(visited(b)).isEqualTo(a1);
    assertThat(a1).isNotEqualTo(a0);
    assertThat(a0).isNotEqualTo(range(50));
    assertThat(visited(a.epoch(1))).as("any epoch can be replayed").isEqualTo(a1);
    DataLoader c = DataLoader.builder(numbered(50)).batchSize(7).shuffle(true).seed(12).build();
    assertThat(visited(c)).isNotEqualTo(a0);
  }

  @Test
  void float64BatchesAndMultiDimensionalTargets() {
    ArrayDataset data = ArrayDataset.of(
        Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2), Tensor.of(new float[] {0.5f, 1.5f, 2.5f, 3.5f}, 2, 2));
    DataLoader loader = DataLoader.builder(data).batchSize(2).dtype(DType.FLOAT64).build();
    Batch batch = loader.iterator().next();
    assertThat(batch.features().dtype()).isEqualTo(DType.FLOAT64);
    assertThat(batch.features().shape()).containsExactly(2, 2, 2);
    assertThat(batch.targets().toDoubleArray()).containsExactly(0.5, 1.5, 2.5, 3.5);
    assertThatThrownBy(batch::labels).hasMessageContaining("not one label per example");
    assertThatThrownBy(data::labels).hasMessageContaining("ArrayDataset.labels: targets have shape [2], not one label");
    assertThat(numbered(4).labels()).containsExactly(0, 1, 2, 3);
  }

  @Test
  void builderValidates() {
    assertThatThrownBy(() -> DataLoader.builder(numbered(3)).batchSize(0).build()).hasMessageContaining("batch size");
    assertThatThrownBy(() -> DataLoader.builder(null).build()).hasMessageContaining("dataset is null");
  }

  @Test
  void datasetChecksItsArrays() {
    assertThatThrownBy(() -> new ArrayDataset(new float[7], new int[] {3}, new float[2], new int[0]))
        .hasMessageContaining("not a whole number of examples");
    assertThatThrownBy(() -> new ArrayDataset(new float[6], new int[] {3}, new float[3], new int[0]))
        .hasMessageContaining("2 examples of features but 3 target values");
    assertThatThrownBy(() -> ArrayDataset.of(Tensor.zeros(3, 2), Tensor.zeros(4)))
        .hasMessageContaining("share their first dimension");
  }

  private static List<Integer> range(int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }
}
