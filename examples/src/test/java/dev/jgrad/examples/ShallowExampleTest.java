package dev.jgrad.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShallowExampleTest {

  @Test
  void flowerIsSeededAndBalanced() {
    FlowerData a = FlowerData.generate(400, 1);
    FlowerData b = FlowerData.generate(400, 1);
    FlowerData c = FlowerData.generate(400, 2);

    assertThat(a.size()).isEqualTo(400);
    assertThat(java.util.Arrays.stream(a.labels()).sum()).isEqualTo(200);
    assertThat(a.points()).isDeepEqualTo(b.points());
    assertThat(a.points()[0]).isNotEqualTo(c.points()[0]);
    // On the petals of r = 4·sin(4t) (plus a little noise): nothing far outside radius 4.
    for (double[] p : a.points()) {
      assertThat(Math.hypot(p[0], p[1])).isLessThan(5.5);
    }
  }

  @Test
  void oneTanhLayerBendsAroundThePetals() {
    FlowerData flower = FlowerData.generate(400, 1);

    ShallowExample.Result net = ShallowExample.train(flower, 4, 2000, 1.2, 1, 1000, null);
    LogisticExample.Fit line = LogisticExample.fit(flower.features(), flower.targets(), 500, 1.2, 100, null);

    assertThat(net.costs().getLast()).isLessThan(0.5 * net.costs().getFirst());
    assertThat(net.accuracy()).isGreaterThan(0.85);
    assertThat(line.model().accuracy(flower.features(), flower.targets())).isLessThan(0.65);
  }

  @Test
  void commandWritesTheBoundaries(@TempDir Path dir) throws Exception {
    TestSupport.Run run = TestSupport.jgrad(
        "shallow", "--iterations", "300", "--sweep", "1,4", "--print-every", "100", "--out", dir.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("logistic regression: accuracy", "4 hidden units: accuracy", "1 hidden units");
    TestSupport.readPng(dir.resolve("boundary.png"));
    TestSupport.readPng(dir.resolve("logistic-boundary.png"));
    TestSupport.readPng(dir.resolve("hidden-sizes.png"));
  }
}
