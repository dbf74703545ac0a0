package dev.jgrad.autograd.engine;

import dev.jgrad.autograd.AnomalyException;
import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Anomaly detection, per thread: while on, each node remembers where the program recorded it, an op
 * whose inputs are finite and whose result is not throws, and so does a node whose backward makes
 * NaN or infinity from a finite gradient.
 *
 * <p>Off costs one read of a counter of open scopes on all threads; only when it is non-zero does
 * the thread's own state get looked at.
 */
public final class Anomaly {
  private Anomaly() {}

  private static final AtomicInteger OPEN = new AtomicInteger();
  /** Per thread: [open scopes, backward computations running (their ops are checked as one node)]. */
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[2]);
  /** Whether a class is jgrad's own (its frames are skipped when looking for the recording site). */
  private static final Map<Class<?>, Boolean> LIBRARY = new ConcurrentHashMap<>();
  private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  /** Whether anomaly detection is on for this thread. */
  public static boolean enabled() {
    return OPEN.get() != 0 && DEPTH.get()[0] > 0;
  }

  /**
   * Whether results of ops are checked on this thread: detection is on and no node's backward is
   * running (a backward is checked as a whole, and blamed on its node, by the engine).
   */
  public static boolean checksForward() {
    if (OPEN.get() == 0) {
      return false;
    }
    int[] state = DEPTH.get();
    return state[0] > 0 && state[1] == 0;
  }

  /** Marks the start of a node's backward on this thread; {@link #endBackward} marks its end. */
  static void startBackward() {
    DEPTH.get()[1]++;
  }

  static void endBackward() {
    DEPTH.get()[1]--;
  }

  /** Turns detection on for this thread until the matching {@link #exit}. */
  public static void enter() {
    DEPTH.get()[0]++;
    OPEN.incrementAndGet();
  }

  public static void exit() {
    DEPTH.get()[0]--;
    OPEN.decrementAndGet();
  }

  /**
   * The first frame of the calling program outside jgrad's libraries, as {@code File.java:LINE}: a
   * frame is jgrad's when its class is in a {@code dev.jgrad.} package and was loaded from the same
   * place (jar or classes directory) as the jgrad class it names — so tests and applications in
   * those packages still count as the program.
   */
  public static String callerSite() {
    return WALKER.walk(frames -> frames
        .filter(f -> !isLibrary(f.getDeclaringClass()))
        .findFirst()
        .map(f -> f.getFileName() + ":" + f.getLineNumber())
        .orElse(null));
  }

  private static boolean isLibrary(Class<?> c) {
    return LIBRARY.computeIfAbsent(c, Anomaly::library);
  }

  private static boolean library(Class<?> c) {
    String name = c.getName();
    if (name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.")) {
      return true;
    }
    if (!name.startsWith("dev.jgrad.")) {
      return false;
    }
    var source = c.getProtectionDomain().getCodeSource();
    String location = source == null || source.getLocation() == null ? "" : source.getLocation().toString();
    // Test classes and examples sit beside the library in other directories or jars.
    return !location.contains("test-classes") && !location.contains("/examples/") && !location.contains("jgrad-examples");
  }

  /** Throws when every input is finite and {@code out} is not. */
  public static Tensor checkForward(String op, Tensor out, Tensor... inputs) {
    if (allFinite(out)) {
      return out;
    }
    for (Tensor in : inputs) {
      if (in != null && !allFinite(in)) {
        return out; // NaN in, NaN out: the op that made it was reported, or was outside the scope
      }
    }
    String site = callerSite();
    List<String> shapes = new ArrayList<>();
    for (Tensor in : inputs) {
      if (in != null) {
        shapes.add(in.dtype() + " " + TensorAccess.shape(in));
      }
    }
    throw new AnomalyException(
        String.format(
            "%s: made %s from finite inputs %s (output %s)%s",
            op, what(out), String.join(", ", shapes), TensorAccess.shape(out), at(site)),
        op, site);
  }

  /** Throws when the node's backward made NaN or infinity from a finite gradient. */
  static void checkBackward(Node node, Tensor grad, Tensor[] inputGrads) {
    if (!allFinite(grad)) {
      return;
    }
    for (int i = 0; i < inputGrads.length; i++) {
      Tensor g = inputGrads[i];
      if (g != null && !allFinite(g)) {
        List<String> shapes = new ArrayList<>();
        for (int j = 0; j < node.inputShapes.length; j++) {
          shapes.add(node.inputDtypes[j] + " " + node.inputShapes[j]);
        }
        throw new AnomalyException(
            String.format(
                "%s: backward made %s in the gradient of input %d from a finite gradient %s; inputs %s%s",
                node.name(), what(g), i, TensorAccess.shape(grad), String.join(", ", shapes),
                node.site() == null ? " (recorded outside detectAnomaly)" : ", recorded at " + node.site()),
            node.name(), node.site());
      }
    }
  }

  private static String at(String site) {
    return site == null ? "" : ", at " + site;
  }

  private static String what(Tensor t) {
    Object data = TensorAccess.data(t);
    int n = TensorAccess.shape(t).size();
    boolean nan = false;
    boolean inf = false;
    for (int i = 0; i < n; i++) {
      double v = data instanceof float[] f ? f[i] : ((double[]) data)[i];
      nan |= Double.isNaN(v);
      inf |= Double.isInfinite(v);
    }
    return nan && inf ? "NaN and infinity" : nan ? "NaN" : "infinity";
  }

  private static boolean allFinite(Tensor t) {
    Object data = TensorAccess.data(t);
    Shape shape = TensorAccess.shape(t);
    int n = shape.size();
    if (data instanceof float[] f) {
      for (int i = 0; i < n; i++) {
        if (!Float.isFinite(f[i])) {
          return false;
        }
      }
    } else {
      double[] d = (double[]) data;
      for (int i = 0; i < n; i++) {
        if (!Double.isFinite(d[i])) {
          return false;
        }
      }
    }
    return true;
  }
}
