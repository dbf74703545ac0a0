package dev.jgrad.autograd.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jgrad.autograd.ChildJvm;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every kernel whose result could depend on the JIT (transcendentals, reductions, softmax, the
 * products) is called 200,000 times in a fresh JVM, from its first, interpreted call until long
 * after C2 compiled it, and must return the bits of its first call every time. Before jgrad used
 * its own elementary functions and fixed reduction orders, float64 exp changed its last bit after
 * ~8,000 calls and a float32 sum after ~45,000.
 */
class KernelJitDeterminismTest {
  static final int CALLS = 200_000;

  @Test
  void everyKernelGivesItsFirstBitsForever() throws Exception {
    String output = ChildJvm.run(Probe.class, List.of("--add-modules", "jdk.incubator.vector", "-Djgrad.threads=1"), 300);
    assertThat(output).contains("kernels checked: 24").doesNotContain("changed");
  }

  /** Runs each kernel CALLS times on fixed inputs, comparing every result with the first. */
  static final class Probe {
    public static void main(String[] args) {
      int checked = 0;
      for (boolean single : new boolean[] {true, false}) {
        Random random = new Random(3);
        int n = 37; // whole vectors and a tail at every width
        double[] values = new double[4 * n * n];
        for (int i = 0; i < values.length; i++) values[i] = random.nextGaussian() * 3;
        Object x = array(single, values, n * 5);
        Object y = array(single, Arrays.copyOfRange(values, 7, 7 + n * 5), n * 5);
        Object positive = array(single, Arrays.stream(values).map(Math::abs).toArray(), n * 5);
        Object big = array(single, values, 4 * n * n);
        String type = single ? "float" : "double";
        List<Kernel> kernels = List.of(
            new Kernel("exp", out -> Kernels.unary(UnaryOp.EXP, x, out, n * 5)),
            new Kernel("log", out -> Kernels.unary(UnaryOp.LOG, positive, out, n * 5)),
            new Kernel("tanh", out -> Kernels.unary(UnaryOp.TANH, x, out, n * 5)),
            new Kernel("sigmoid", out -> Kernels.unary(UnaryOp.SIGMOID, x, out, n * 5)),
            new Kernel("pow", out -> Kernels.pow(positive, 1.7, out, n * 5)),
            new Kernel("bce", out -> Kernels.binaryFlat(BinaryOp.BCE_WITH_LOGITS, x, 1, y, 1, out, n * 5)),
            new Kernel("sum all", out -> Kernels.sum(big, 1, 4 * n * n, 1, out)),
            new Kernel("sum axis 0", out -> Kernels.sum(big, 1, 4 * n, n, out)),
            new Kernel("softmax", out -> Kernels.softmax(x, 5, n, 1, out)),
            new Kernel("logSoftmax columns", out -> Kernels.logSoftmax(x, 1, 5, n, out)),
            new Kernel("matmul", out -> Kernels.matmul(big, 0, big, 0, out, 0, n, 2 * n, n)),
            new Kernel("matvec", out -> Kernels.matmul(big, 0, big, 0, out, 0, n, 4 * n, 1)));
        for (Kernel k : kernels) {
          Object first = array(single, new double[n * n], n * n);
          k.body().accept(first);
          Object out = array(single, new double[n * n], n * n);
          for (int call = 1; call < CALLS; call++) {
            k.body().accept(out);
            if (!sameBits(first, out)) {
              System.out.println(type + " " + k.name() + " changed at call " + call);
              break;
            }
          }
          checked++;
        }
      }
      System.out.println("kernels checked: " + checked);
    }

    private static Object array(boolean single, double[] values, int n) {
      if (!single) {
        return Arrays.copyOf(values, n);
      }
      float[] f = new float[n];
      for (int i = 0; i < n; i++) f[i] = (float) values[i];
      return f;
    }

    private static boolean sameBits(Object a, Object b) {
      return a instanceof float[] f ? Arrays.equals(f, (float[]) b) : Arrays.equals((double[]) a, (double[]) b);
    }
  }

  /** A kernel call on fixed inputs, writing into the array it is given. */
  private record Kernel(String name, Consumer<Object> body) {}
}
