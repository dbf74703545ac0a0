package dev.jgrad.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

  @Test
  void helpListsEveryExample() {
    StringWriter out = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));

    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString()).contains("deep", "logistic", "shallow", "custom-layer", "graph");
  }

  @Test
  void everyExampleHasHelpWithDefaults() {
    for (String example : new String[] {"deep", "logistic", "shallow", "custom-layer", "graph"}) {
      StringWriter out = new StringWriter();
      CommandLine cl = Main.commandLine();
      cl.setOut(new PrintWriter(out, true));

      assertThat(cl.execute(example, "--help")).as(example).isZero();
      assertThat(out.toString()).as(example).contains("--out", "default");
    }
  }

  @Test
  void missingDataStopsWithOneMessageNamingThePackageAndTheFlag(@TempDir Path empty) {
    for (String example : new String[] {"deep", "logistic", "custom-layer"}) {
      TestSupport.Run run = TestSupport.jgrad(example, "--data", empty.toString(), "--out", empty.resolve("out").toString());

      assertThat(run.exitCode()).as(example).isEqualTo(2);
      assertThat(run.err().strip()).as(example)
          .contains("dataset-fashion-mnist", "--data", empty.toString())
          .doesNotContain("Exception", "\tat ");
    }
  }

  @Test
  void badOptionValuesAreReportedWithoutAStackTrace(@TempDir Path dir) {
    TestSupport.Run run = TestSupport.jgrad("deep", "--layers", "784-32-3", "--out", dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--layers", "end with 10");
  }
}
