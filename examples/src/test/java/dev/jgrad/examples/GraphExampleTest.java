package dev.jgrad.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphExampleTest {

  @Test
  void printsTheCoursesValuesAndWritesTheGraph(@TempDir Path dir) throws Exception {
    TestSupport.Run run = TestSupport.jgrad("graph", "--out", dir.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("J = 3v = 33", "dJ/da = 3   dJ/db = 6   dJ/dc = 9");
    assertThat(dir.resolve("graph.dot")).content().contains("digraph");
  }
}
