package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jgrad.autograd.Autograd.JacobianMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The functional transforms against torch.autograd.functional (PyTorch 1.13, float64) on the same
 * functions, written again here: values in src/test/resources/torch-functional.txt, made by
 * src/test/python/torch_functional.py.
 */
class TransformsTest {
  private static final Map<String, double[]> REFERENCE = new HashMap<>();
  private static final Map<String, int[]> SHAPES = new HashMap<>();

  @BeforeAll
  static void readReference() throws IOException {
    try (InputStream in = TransformsTest.class.getResourceAsStream("/torch-functional.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] parts = line.trim().split(" ");
        SHAPES.put(parts[0], parts[1].equals("-") ? new int[0]
            : Arrays.stream(parts[1].split(",")).mapToInt(Integer::parseInt).toArray());
        REFERENCE.put(parts[0], Arrays.stream(parts, 2, parts.length).mapToDouble(Double::parseDouble).toArray());
      }
    }
  }

  private static final Tensor A = Tensor.of(new double[] {
    0.3, -0.7, 1.1, 0.5, 0.2, -0.4, -1.2, 0.8, 0.6, 0.9, -0.1, 0.25}, 4, 3);
  private static final Tensor X3 = Tensor.of(new double[] {0.4, -1.3, 0.75});
  private static final Tensor X4 = Tensor.of(new double[] {0.2, -0.5, 1.5, -2.0});
  private static final Tensor W = Tensor.of(new double[] {1.0, -2.0, 0.5, 3.0});

  /** R³ → R⁴: tanh(A x) + |x|². */
  private static Tensor f(Tensor x) {
    return A.matmul(x).tanh().add(x.mul(x).sum());
  }

  /** R⁴ → R: Σx³/3 + w·softplus(x) + (Σx)². */
  private static Tensor g(Tensor x) {
    Tensor s = x.sum();
    return x.pow(3).sum().div(3).add(W.mul(x.softplus()).sum()).add(s.mul(s));
  }

  /** R² → R⁵: more outputs than inputs, where forward mode should win. */
  private static Tensor wide(Tensor x) {
    Tensor a = x.slice(0, 0, 1).reshape();
    Tensor b = x.slice(0, 1, 2).reshape();
    return Tensor.stack(List.of(a.mul(b), a.sin(), b.exp(), a.mul(a), b.mul(b).log1p()), 0);
  }

  private static void assertMatches(String name, Tensor actual) {
    assertThat(actual.shape()).as(name + " shape").containsExactly(SHAPES.get(name));
    assertThat(actual.toDoubleArray()).as(name).containsExactly(REFERENCE.get(name), within(1e-12));
    assertThat(actual.requiresGrad()).as(name + " detached").isFalse();
  }

  @ParameterizedTest
  @EnumSource(JacobianMode.class)
  void jacobianInEveryMode(JacobianMode mode) {
    assertMatches("jacobian_f", Autograd.jacobian(TransformsTest::f, X3, mode));
    assertMatches("jacobian_wide", Autograd.jacobian(TransformsTest::wide, Tensor.of(new double[] {0.7, -0.4}), mode));
  }

  @Test
  void vjpJvpHessianHvp() {
    assertMatches("vjp_f", Autograd.vjp(TransformsTest::f, X3, Tensor.of(new double[] {0.5, -1.0, 2.0, 0.25})));
    assertMatches("jvp_f", Autograd.jvp(TransformsTest::f, X3, Tensor.of(new double[] {1.0, 0.5, -2.0})));
    assertMatches("hessian_g", Autograd.hessian(TransformsTest::g, X4));
    assertMatches("hvp_g", Autograd.hvp(TransformsTest::g, X4, Tensor.of(new double[] {-0.3, 0.9, 0.1, 1.7})));
  }

  @Test
  void severalInputsAtOnce() {
    // f(a, b) = a·b (elementwise) + sin(a): ∂/∂a = diag(b + cos a), ∂/∂b = diag(a)
    Tensor a = Tensor.of(new double[] {0.5, -1});
    Tensor b = Tensor.of(new double[] {2, 3});
    java.util.function.Function<List<Tensor>, Tensor> f = in -> in.get(0).mul(in.get(1)).add(in.get(0).sin());
    for (JacobianMode mode : JacobianMode.values()) {
      List<Tensor> j = Autograd.jacobian(f, List.of(a, b), mode);
      assertThat(j.get(0).toDoubleArray()).containsExactly(
          new double[] {2 + Math.cos(0.5), 0, 0, 3 + Math.cos(-1)}, within(1e-15));
      assertThat(j.get(1).toDoubleArray()).containsExactly(new double[] {0.5, 0, 0, -1}, within(0.0)); // -0.0 is 0
    }
    Tensor jv = Autograd.jvp(f, List.of(a, b), List.of(Tensor.of(new double[] {1, 0}), Tensor.of(new double[] {0, 1})));
    assertThat(jv.toDoubleArray()).containsExactly(new double[] {2 + Math.cos(0.5), -1}, within(1e-15));
    List<Tensor> vj = Autograd.vjp(f, List.of(a, b), Tensor.of(new double[] {1, 1}));
    assertThat(vj.get(1).toDoubleArray()).containsExactly(0.5, -1);
  }

  @Test
  void anOutputThatDoesNotDependOnXGivesZeros() {
    Tensor x = Tensor.of(new double[] {1, 2});
    assertThat(Autograd.jacobian(in -> Tensor.ones(DType.FLOAT64, 3), x).toDoubleArray()).containsOnly(0);
    assertThat(Autograd.jvp(in -> Tensor.ones(DType.FLOAT64, 3), x, x).toDoubleArray()).containsOnly(0);
    assertThat(Autograd.hvp(in -> in.sum(), x, x).toDoubleArray()).containsOnly(0);
  }

  @Test
  void misuseIsNamed() {
    assertThatThrownBy(() -> Autograd.vjp(TransformsTest::f, X3, Tensor.ones(DType.FLOAT64, 3)))
        .hasMessageContaining("vjp").hasMessageContaining("[3]").hasMessageContaining("[4]");
    assertThatThrownBy(() -> Autograd.hvp(TransformsTest::f, X3, X3)).hasMessageContaining("hvp: f must have one");
    assertThatThrownBy(() -> Autograd.jvp(TransformsTest::f, X3, Tensor.ones(DType.FLOAT64, 4)))
        .hasMessageContaining("makeDual");
  }
}
