package dev.jgrad.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jgrad.nn.data.FashionMnist;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogisticExampleTest {

  @BeforeAll
  static void needsData() {
    TestSupport.requireFashionMnist();
  }

  @Test
  void costFallsAndTheModelBeatsTheMajorityClass() throws Exception {
    BinaryTask task = BinaryTask.of(
        FashionMnist.train().slice(0, TestSupport.TRAIN_SUBSET), FashionMnist.test().slice(0, TestSupport.TEST_SUBSET),
        LogisticExample.DEFAULT_NEGATIVE, LogisticExample.DEFAULT_POSITIVE);

    LogisticExample.Result r = LogisticExample.train(task, 100, 0.05, 50, null);

    assertThat(task.trainY().mean().item()).isBetween(0.3, 0.7);
    assertThat(r.costs()).hasSize(101);
    assertThat(r.costs().getFirst()).isCloseTo(Math.log(2), org.assertj.core.data.Offset.offset(1e-4));
    assertThat(r.costs().getLast()).isLessThan(0.8 * r.costs().getFirst());
    assertThat(r.testAccuracy()).isGreaterThan(task.majorityBaseline() + 0.1);
  }

  @Test
  void commandPrintsCostsAndWritesBothPlots(@TempDir Path dir) throws Exception {
    String[] args = concat(
        new String[] {"logistic", "--iterations", "60", "--print-every", "20", "--compare-rates", "0.01,0.001", "--out", dir.toString()},
        TestSupport.subset());

    TestSupport.Run run = TestSupport.jgrad(args);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains(
        "Shirt (1) or T-shirt/top (0)", "cost after iteration 0: 0.693", "cost after iteration 40:",
        "majority-class baseline", "0.001");
    TestSupport.readPng(dir.resolve("cost.png"));
    TestSupport.readPng(dir.resolve("learning-rates.png"));
  }

  static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
