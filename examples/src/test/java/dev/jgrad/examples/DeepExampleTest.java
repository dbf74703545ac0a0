package dev.jgrad.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.io.Safetensors;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeepExampleTest {

  @BeforeAll
  static void needsData() {
    TestSupport.requireFashionMnist();
  }

  @Test
  void trainsOnASubsetAndLeavesPicturesAndACheckpoint(@TempDir Path dir) throws Exception {
    String[] args = LogisticExampleTest.concat(
        new String[] {"deep", "--epochs", "3", "--layers", "784-64-10", "--binary-epochs", "3", "--out", dir.toString()},
        TestSupport.subset());

    TestSupport.Run run = TestSupport.jgrad(args);

    assertThat(run.exitCode()).isZero();
    assertThat(run.lastLine()).matches("test accuracy: 0\\.\\d{4}");
    double accuracy = Double.parseDouble(run.lastLine().substring("test accuracy: ".length()));
    assertThat(accuracy).isGreaterThan(0.6); // chance is 0.1
    assertThat(run.out()).contains("epoch  3/3", "examples/s", "deep net 784-20-7-5-1", "logistic regression 784 → 1");
    TestSupport.readPng(dir.resolve("curves.png"));
    TestSupport.readPng(dir.resolve("predictions.png"));
    TestSupport.readPng(dir.resolve("binary.png"));

    // The checkpoint loads back into the same architecture and gives the same predictions.
    Safetensors.Contents saved = Safetensors.read(dir.resolve("model.safetensors"));
    assertThat(saved.metadata()).containsEntry("layers", "784-64-10").containsKey("test_accuracy");
    Module fresh = DeepExample.network(new int[] {784, 64, 10}, DeepExample.Activation.relu, new SplittableRandom(99));
    Safetensors.load(dir.resolve("model.safetensors"), fresh);
    Map<String, Tensor> weights = fresh.stateDict();
    assertThat(weights.get("0.weight").shape()).containsExactly(784, 64);
    assertThat(weights.get("2.weight").shape()).containsExactly(64, 10);
  }

  @Test
  void lossFallsAndTheDeepBinaryNetLearns(@TempDir Path dir) throws Exception {
    DeepExample example = new DeepExample();
    new picocli.CommandLine(example).parseArgs(LogisticExampleTest.concat(
        new String[] {"--epochs", "2", "--layers", "784-32-10", "--binary-epochs", "4", "--out", dir.toString()},
        TestSupport.subset()));

    DeepExample.Result r = example.run(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));

    assertThat(r.history()).hasSize(2);
    assertThat(r.history().get(1).trainLoss()).isLessThan(r.history().get(0).trainLoss());
    assertThat(r.testAccuracy()).isGreaterThan(0.5);
    assertThat(r.binaryDeepAccuracy()).isGreaterThan(0.6);
    assertThat(r.binaryLogisticAccuracy()).isGreaterThan(0.6);
  }

  @Test
  void layerSizesAreParsedAndChecked() {
    assertThat(DeepExample.parseLayers("--layers", "784-256-128-10", 784, 10)).containsExactly(784, 256, 128, 10);
    assertThat(DeepExample.parseLayers("--layers", "784,20,7,5,1", 784, 1)).containsExactly(784, 20, 7, 5, 1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeepExample.parseLayers("--layers", "100-10", 784, 10))
        .isInstanceOf(ExampleException.class)
        .hasMessageContaining("start with 784");
  }
}
