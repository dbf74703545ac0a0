package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The settings API and its system properties: the thread count can change at any time without
 * changing a bit of any result; the vector width follows {@code jgrad.vectorBits}; malformed
 * properties warn and keep the defaults instead of breaking the library (checked in child JVMs,
 * since the properties are read once).
 */
class SettingsTest {

  @Test
  void theThreadCountChangesAtRunTimeAndNeverChangesABit() {
    int before = Settings.threads();
    try {
      // Large enough to be split over the pool (matmul, elementwise, transcendental).
      Tensor a = Tensor.randn(new SplittableRandom(1), 300, 200);
      Tensor b = Tensor.randn(new SplittableRandom(2), 200, 300);
      Settings.threads(1);
      assertThat(Settings.threads()).isEqualTo(1);
      float[] product = a.matmul(b).toFloatArray();
      float[] tanh = a.matmul(b).tanh().add(a.matmul(b)).toFloatArray();
      for (int n : new int[] {2, 3, 8, 1, 2}) {
        Settings.threads(n);
        assertThat(Settings.threads()).isEqualTo(n);
        assertThat(a.matmul(b).toFloatArray()).as("matmul on %d threads", n).isEqualTo(product);
        assertThat(a.matmul(b).tanh().add(a.matmul(b)).toFloatArray()).as("elementwise on %d threads", n).isEqualTo(tanh);
      }
    } finally {
      Settings.threads(before);
    }
  }

  @Test
  void fewerThanOneThreadIsRefused() {
    assertThatThrownBy(() -> Settings.threads(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threads")
        .hasMessageContaining("0");
  }

  @Test
  void theVectorWidthIsTheForcedOneOrThePreferredOne() {
    if (!Settings.simd()) {
      assertThat(Settings.vectorBits()).isZero();
      return;
    }
    assertThat(Settings.vectorBits()).isIn(128, 256, 512);
    String forced = System.getProperty("jgrad.vectorBits");
    if (forced != null) {
      assertThat(Settings.vectorBits()).isLessThanOrEqualTo(Integer.parseInt(forced));
    }
  }

  @Test
  void aForcedWidthIsUsed() throws Exception {
    String output = runProbe("-Djgrad.vectorBits=128");
    assertThat(output).contains("simd=true bits=128").contains("probe ok").doesNotContain("jgrad.vectorBits");
  }

  @Test
  void malformedPropertiesWarnAndKeepTheDefaults() throws Exception {
    String output = runProbe("-Djgrad.threads=abc", "-Djgrad.vectorBits=100", "-Djgrad.simd=off");
    assertThat(output)
        .contains("jgrad.threads: expected a positive integer, got \"abc\"")
        .contains("jgrad.vectorBits: expected 128, 256 or 512, got \"100\"")
        .contains("jgrad.simd: expected true or false, got \"off\"; SIMD stays on")
        .contains("simd=true")
        .contains("threads=" + Runtime.getRuntime().availableProcessors())
        .contains("probe ok");
  }

  @Test
  void simdSwitchesOffOnlyWhenToldSoPlainly() throws Exception {
    assertThat(runProbe("-Djgrad.simd= FALSE ")).contains("simd=false bits=0").contains("probe ok");
  }

  private static String runProbe(String... properties) throws IOException, InterruptedException {
    List<String> options = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector"));
    options.addAll(List.of(properties));
    return ChildJvm.run(Probe.class, options, 60);
  }

  /** Prints the settings, then uses the kernels, which must work whatever the properties said. */
  static final class Probe {
    public static void main(String[] args) {
      System.out.println("simd=" + Settings.simd() + " bits=" + Settings.vectorBits() + " threads=" + Settings.threads());
      Tensor a = Tensor.randn(new SplittableRandom(3), 64, 64);
      double expected = 0;
      float[] x = a.toFloatArray();
      for (int i = 0; i < 64; i++) {
        for (int k = 0; k < 64; k++) expected += (double) x[i * 64 + k] * x[k * 64 + i];
      }
      double trace = 0;
      float[] p = a.matmul(a).toFloatArray();
      for (int i = 0; i < 64; i++) trace += p[i * 65];
      if (Math.abs(trace - expected) > 1e-3 * Math.abs(expected) + 1e-3) {
        throw new AssertionError("wrong product: trace " + trace + ", expected " + expected);
      }
      System.out.println("probe ok");
    }
  }
}
