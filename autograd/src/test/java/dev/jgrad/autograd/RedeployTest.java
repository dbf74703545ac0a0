package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * An application server that redeploys an application loads jgrad again in a fresh class loader;
 * the old loader must then be collectable: jgrad's worker threads end when idle, and none keeps the
 * loader that started it.
 */
class RedeployTest {

  /** Runs in the child loader: a product large enough to be split over worker threads. */
  public static final class App {
    public static double run() {
      Settings.threads(2);
      Tensor a = Tensor.randn(new SplittableRandom(1), 300, 300);
      return a.matmul(a).tanh().sum().item();
    }
  }

  @Test
  void aRedeployedApplicationsLoaderIsCollected() throws Exception {
    List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
    for (int deploy = 0; deploy < 3; deploy++) {
      loaders.add(deployAndRun());
    }
    long deadline = System.nanoTime() + 20_000_000_000L; // the workers' keep-alive is 2 s
    while (System.nanoTime() < deadline && loaders.stream().anyMatch(r -> r.get() != null)) {
      System.gc();
      Thread.sleep(200);
    }
    assertThat(loaders).allSatisfy(r -> assertThat(r.get()).as("a redeployed loader").isNull());
  }

  private static WeakReference<ClassLoader> deployAndRun() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      // jgrad's classes, its tests (for App) and Guava; not JUnit or AssertJ.
      if (entry.contains("autograd") || entry.contains("guava") || entry.contains("failureaccess")) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    double[] result = new double[1];
    Throwable[] failure = new Throwable[1];
    Thread thread = new Thread(() -> {
      try {
        Class<?> app = loader.loadClass(App.class.getName());
        assertThat(app.getClassLoader()).isSameAs(loader);
        result[0] = (double) app.getMethod("run").invoke(null);
      } catch (Throwable t) {
        failure[0] = t;
      }
    });
    thread.setContextClassLoader(loader);
    thread.start();
    thread.join();
    assertThat(failure[0]).isNull();
    assertThat(result[0]).isFinite();
    loader.close();
    return new WeakReference<>(loader);
  }
}
