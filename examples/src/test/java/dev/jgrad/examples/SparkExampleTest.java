package dev.jgrad.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jgrad.nn.Module;
import dev.jgrad.nn.io.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./jgrad spark on a subset, through Spark local[2]: it trains, checkpoints, and a second run resumes. */
class SparkExampleTest {

  @BeforeAll
  static void needsData() {
    TestSupport.requireFashionMnist();
  }

  @Test
  void trainsOnTwoWorkersAndASecondRunResumesFromItsCheckpoints(@TempDir Path dir) throws Exception {
    Path checkpoints = dir.resolve("checkpoints");
    String[] first = LogisticExampleTest.concat(new String[] {"spark", "--epochs", "2", "--workers", "2", "--batch-size", "64",
        "--layers", "784-64-10", "--out", dir.toString(), "--checkpoints", checkpoints.toString()}, TestSupport.subset());

    TestSupport.Run run = TestSupport.jgrad(first);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("on local[2], 2 workers", "(32 per worker)", "epoch  1/2", "epoch  2/2");
    assertThat(run.lastLine()).matches("test accuracy: 0\\.\\d{4}");
    double accuracy = Double.parseDouble(run.lastLine().substring("test accuracy: ".length()));
    assertThat(accuracy).isGreaterThan(0.6); // chance is 0.1
    assertThat(checkpoints.resolve("epoch-0001.safetensors")).exists();
    assertThat(checkpoints.resolve("epoch-0002.safetensors")).exists();
    Module fresh = DeepExample.network(new int[] {784, 64, 10}, DeepExample.Activation.relu, new SplittableRandom(9));
    Safetensors.load(dir.resolve("model.safetensors"), fresh);

    String[] second = first.clone();
    second[2] = "3";
    TestSupport.Run resumed = TestSupport.jgrad(second);

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("resumed after epoch 2", "epoch  3/3").doesNotContain("epoch  1/3", "epoch  2/3");
    try (var files = Files.list(checkpoints)) {
      assertThat(files.filter(f -> f.toString().endsWith(".safetensors")).count()).isEqualTo(3);
    }
  }

  @Test
  void aBatchSmallerThanTheWorkersIsRefused() {
    TestSupport.Run run = TestSupport.jgrad("spark", "--workers", "4", "--batch-size", "2");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("--batch-size at least --workers");
  }
}
