package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * jgrad's side of benchmarks/compare: runs each workload (warm-up, then the best of several runs)
 * and prints one line per workload, {@code name seconds}. The thread count is the system property
 * {@code jgrad.threads}, as everywhere in jgrad.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Djgrad.threads=1 -cp 'benchmarks/target/*:benchmarks/target/lib/*' \
 *     dev.jgrad.benchmarks.Compare [--quick] [workload ...]
 * </pre>
 */
public final class Compare {
  private Compare() {}

  private static int runs = 7;

  public static void main(String[] args) {
    List<String> only = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--quick")) {
        runs = 3;
      } else {
        only.add(a);
      }
    }
    Map<String, Runnable> workloads = workloads();
    for (Map.Entry<String, Runnable> e : workloads.entrySet()) {
      if (only.isEmpty() || only.contains(e.getKey())) {
        e.getValue().run();
      }
    }
  }

  private static void report(String name, double seconds) {
    System.out.printf("%s %.9g%n", name, seconds);
    System.out.flush();
  }

  /**
   * The best wall time of {@code runs} calls after {@code warmup} calls. The best, not the median:
   * the machine this runs on is shared, and interference only ever adds time.
   */
  static double best(int warmup, int runs, Runnable body) {
    for (int i = 0; i < warmup; i++) body.run();
    double[] t = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      body.run();
      t[i] = (System.nanoTime() - start) * 1e-9;
    }
    Arrays.sort(t);
    return t[0];
  }

  /** Times a body that is too short to time alone: the best batch of {@code inner} calls, per call. */
  static double bestPerCall(int warmup, int runs, int inner, Runnable body) {
    return best(warmup, runs, () -> {
      for (int i = 0; i < inner; i++) body.run();
    }) / inner;
  }

  static volatile Object sink;

  /** Bytes this thread allocates in one MLP step, averaged over 100 steps after 300 to warm up. */
  private static double bytesPerStep(Workloads.Mlp mlp) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().threadId();
    for (int i = 0; i < 300; i++) mlp.step(i % mlp.steps(), 0.05);
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 100; i++) mlp.step(i % mlp.steps(), 0.05);
    return (threads.getThreadAllocatedBytes(id) - before) / 100.0;
  }

  private static Map<String, Runnable> workloads() {
    Map<String, Runnable> w = new LinkedHashMap<>();
    for (int n : new int[] {512, 1024}) {
      w.put("matmul" + n, () -> {
        Tensor a = Workloads.randn(1, 1, n, n);
        Tensor b = Workloads.randn(2, 1, n, n);
        // Warm-up long enough (about half a second) for C2 to compile the whole product, not just its loops.
        report("matmul" + n, best(n == 512 ? 200 : 30, runs * (n == 512 ? 3 : 1), () -> sink = a.matmul(b)));
      });
    }
    w.put("dgemm1024", () -> {
      Tensor a = Workloads.randn(1, 1, 1024, 1024).to(DType.FLOAT64);
      Tensor b = Workloads.randn(2, 1, 1024, 1024).to(DType.FLOAT64);
      report("dgemm1024", best(3, runs, () -> sink = a.matmul(b)));
    });
    w.put("mlp_shapes", () -> {
      float[] x = Workloads.randomFloats(3, 128 * 784);
      float[] wt = Workloads.randomFloats(4, 784 * 256);
      float[] g = Workloads.randomFloats(5, 128 * 256);
      float[] h = new float[128 * 256];
      float[] dw = new float[784 * 256];
      float[] dx = new float[128 * 784];
      Tensor tx = Tensor.of(x, 128, 784);
      Tensor tw = Tensor.of(wt, 784, 256);
      report("mlp_fwd", bestPerCall(50, runs * 3, 10, () -> sink = tx.matmul(tw)));
      report("mlp_fwd_kernel", bestPerCall(50, runs * 3, 10, () -> Workloads.gemm(false, false, 128, 256, 784, x, wt, h)));
      report("mlp_dw", bestPerCall(50, runs * 3, 10, () -> Workloads.gemm(true, false, 784, 256, 128, x, g, dw)));
      report("mlp_dx", bestPerCall(50, runs * 3, 10, () -> Workloads.gemm(false, true, 128, 784, 256, g, wt, dx)));
    });
    w.put("tiny", () -> {
      Tensor x = Workloads.tinyInput();
      double perCall = bestPerCall(2000, runs * 3, 200, () -> Workloads.tinyOps(x));
      report("tiny", perCall / Workloads.TINY_OPS);
    });
    w.put("mlp_epoch", () -> {
      Workloads.Mlp mlp = new Workloads.Mlp();
      for (int i = 0; i < 300; i++) mlp.step(i % mlp.steps(), 0.05); // warm up the JIT
      report("mlp_epoch", best(0, Math.max(3, runs / 2), () -> sink = mlp.epoch()));
      mlp.setToNone = false;
      report("mlp_epoch_in_place", best(1, Math.max(3, runs / 2), () -> sink = mlp.epoch()));
    });
    w.put("mlp_bytes", () -> {
      Workloads.Mlp mlp = new Workloads.Mlp();
      report("mlp_bytes", bytesPerStep(mlp));
      mlp.setToNone = false;
      report("mlp_bytes_in_place", bytesPerStep(mlp));
      report("mlp_needed_bytes", mlp.activationAndGradientBytes());
    });
    w.put("logreg", () -> {
      Workloads.LogReg lr = new Workloads.LogReg();
      report("logreg", best(1, Math.max(3, runs / 2), () -> sink = lr.train()));
    });
    w.put("elementwise", () -> {
      int n = 1 << 20;
      float[] xa = Workloads.randomFloats(6, n);
      float[] xb = Workloads.randomFloats(7, n);
      Tensor a = Tensor.of(xa, n);
      Tensor b = Tensor.of(xb, n);
      float[] out = new float[n];
      try (var g = Autograd.noGrad()) {
        report("copy", bestPerCall(200, runs * 3, 20, () -> {
          float[] y = new float[n];
          System.arraycopy(xa, 0, y, 0, n);
          sink = y;
        }));
        report("add", bestPerCall(200, runs * 3, 20, () -> sink = a.add(b)));
        report("mul", bestPerCall(200, runs * 3, 20, () -> sink = a.mul(b)));
        report("tanh", bestPerCall(100, runs * 3, 10, () -> sink = a.tanh()));
        report("exp", bestPerCall(100, runs * 3, 10, () -> sink = a.exp()));
        report("sigmoid", bestPerCall(100, runs * 3, 10, () -> sink = a.sigmoid()));
        report("tanh_scalar", bestPerCall(10, runs * 3, 2, () -> Workloads.scalarTanh(xa, out)));
      }
    });
    return w;
  }

}
