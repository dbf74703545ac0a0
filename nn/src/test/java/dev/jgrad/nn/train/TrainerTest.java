package dev.jgrad.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.data.ArrayDataset;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.loss.Loss;
import dev.jgrad.nn.optim.LearningRateSchedule;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.nn.optim.SGD;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainerTest {

  /** Three classes in 2-D, one cluster each. */
  private static ArrayDataset clusters(int n, long seed) {
    var random = new SplittableRandom(seed);
    float[] x = new float[n * 2];
    int[] labels = new int[n];
    double[][] centres = {{2, 0}, {-1, 2}, {-1, -2}};
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      labels[i] = c;
      x[2 * i] = (float) (centres[c][0] + 0.3 * random.nextGaussian());
      x[2 * i + 1] = (float) (centres[c][1] + 0.3 * random.nextGaussian());
    }
    return ArrayDataset.classification(x, new int[] {2}, labels);
  }

  private static Module model() {
    var random = new SplittableRandom(3);
    return new Sequential(new Linear(2, 3, random), new Dropout(0.1, random));
  }

  @Test
  void fitReportsEachEpochAndLearns() {
    Module model = model();
    Optimizer sgd = SGD.builder(model.parameters()).learningRate(0.5).build();
    DataLoader train = DataLoader.builder(clusters(90, 1)).batchSize(16).shuffle(true).seed(5).build();
    DataLoader test = DataLoader.builder(clusters(30, 2)).batchSize(16).build();
    List<EpochMetrics> seen = new ArrayList<>();
    List<Integer> batches = new ArrayList<>();
    Trainer trainer = Trainer.builder(model, Loss.crossEntropy(), sgd)
        .epochs(8)
        .accuracy(Accuracy.argmax())
        .callback((metrics, control) -> seen.add(metrics))
        .callback(new Callback() {
          @Override
          public void onEpochEnd(EpochMetrics metrics, Control control) {}

          @Override
          public void onBatchEnd(int epoch, int batch, double loss) {
            batches.add(batch);
          }
        })
        .progressBar(false)
        .build();

    List<EpochMetrics> history = trainer.fit(train, test);

    assertThat(history).hasSize(8).isEqualTo(seen);
    assertThat(batches).hasSize(8 * 6);
    assertThat(history.get(0).epoch()).isZero();
    assertThat(history.get(7).train().examples()).isEqualTo(90);
    assertThat(history.get(7).validation().examples()).isEqualTo(30);
    assertThat(history.get(7).train().loss()).isLessThan(history.get(0).train().loss());
    assertThat(history.get(7).validation().accuracy()).isEqualTo(1.0);
    assertThat(model.isTraining()).as("evaluate restores the mode").isTrue();
  }

  @Test
  void callbackCanStopAndEpochsContinueAcrossFits() {
    Module model = model();
    Optimizer sgd = SGD.builder(model.parameters()).learningRate(0.1).build();
    DataLoader train = DataLoader.builder(clusters(30, 1)).batchSize(10).build();
    Trainer trainer = Trainer.builder(model, Loss.crossEntropy(), sgd)
        .epochs(10)
        .schedule(LearningRateSchedule.step(0.1, 2, 0.5))
        .callback((metrics, control) -> {
          if (metrics.epoch() == 2) {
            control.stop();
          }
        })
        .progressBar(false)
        .build();

    List<EpochMetrics> first = trainer.fit(train);
    assertThat(first).hasSize(3);
    assertThat(first.get(2).learningRate()).isCloseTo(0.05, within(1e-15));
    assertThat(first.get(0).train().accuracy()).isNaN();
    List<EpochMetrics> second = trainer.fit(train);
    assertThat(second.get(0).epoch()).isEqualTo(3);
    assertThat(second.get(0).learningRate()).isCloseTo(0.05, within(1e-15));
    assertThat(trainer.completedEpochs()).isEqualTo(13);
  }

  @Test
  void progressBarRendersToTheGivenStream() {
    Module model = model();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Trainer trainer = Trainer.builder(model, Loss.crossEntropy(), SGD.builder(model.parameters()).build())
        .epochs(2)
        .progressBar(new PrintStream(out, true, StandardCharsets.UTF_8))
        .build();
    trainer.fit(DataLoader.builder(clusters(30, 1)).batchSize(10).build());
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("epoch 1/2").contains("epoch 2/2").contains("loss");
  }

  @Test
  void evaluateRunsInEvalModeWithoutAGraph() {
    Module model = model();
    Trainer trainer = Trainer.builder(model, (output, target) -> {
      assertThat(output.requiresGrad()).isFalse();
      assertThat(model.isTraining()).isFalse();
      return output.sum();
    }, SGD.builder(model.parameters()).build()).progressBar(false).build();
    Evaluation e = trainer.evaluate(DataLoader.builder(clusters(9, 1)).batchSize(4).build());
    assertThat(e.examples()).isEqualTo(9);
    assertThat(model.isTraining()).isTrue();
  }

  @Test
  void builderValidates() {
    Module model = model();
    Optimizer sgd = SGD.builder(model.parameters()).build();
    assertThatThrownBy(() -> Trainer.builder(model, Loss.mse(), sgd).epochs(0).build()).hasMessageContaining("epochs");
    assertThatThrownBy(() -> Trainer.builder(null, Loss.mse(), sgd).build()).hasMessageContaining("model is null");
  }

  @Test
  void accuracyCounts() {
    Tensor logits = Tensor.of(new float[] {1, 2, 0, 5, 1, 1}, 3, 2);
    // argmax per row: 1, 1, and 0 for the tie (the first maximum)
    assertThat(Accuracy.argmax().correct(logits, Tensor.of(new float[] {1, 1, 1}))).isEqualTo(2);
    Tensor probabilities = Tensor.of(new float[] {0.2f, 0.7f, 0.5f}, 3, 1);
    assertThat(Accuracy.binaryFromProbabilities().correct(probabilities, Tensor.of(new float[] {0, 1, 1}, 3, 1)))
        .isEqualTo(2);
    assertThat(Accuracy.binaryFromLogits().correct(Tensor.of(new float[] {-1, 2}), Tensor.of(new float[] {0, 1})))
        .isEqualTo(2);
  }
}
