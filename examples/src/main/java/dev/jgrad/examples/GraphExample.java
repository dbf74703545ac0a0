package dev.jgrad.examples;

import dev.jgrad.autograd.GraphDot;
import dev.jgrad.autograd.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The course's computation graph: J = 3(a + bc), computed forward (u = bc, v = a + u, J = 3v) and
 * differentiated by one backward pass, then drawn.
 */
@Command(name = "graph", mixinStandardHelpOptions = true, description = "J = 3(a + bc): forward values, dJ/d· by one backward pass, and a drawing of the graph.")
public final class GraphExample implements Callable<Integer> {

  @Option(names = "-a", defaultValue = "5", description = "a (default: ${DEFAULT-VALUE})")
  double a;

  @Option(names = "-b", defaultValue = "3", description = "b (default: ${DEFAULT-VALUE})")
  double b;

  @Option(names = "-c", defaultValue = "2", description = "c (default: ${DEFAULT-VALUE})")
  double c;

  @Option(names = "--out", defaultValue = "runs/graph", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Tensor ta = Tensor.scalar(a).requiresGrad(true);
    Tensor tb = Tensor.scalar(b).requiresGrad(true);
    Tensor tc = Tensor.scalar(c).requiresGrad(true);

    Tensor u = tb.mul(tc).retainGrad();
    Tensor v = ta.add(u).retainGrad();
    Tensor j = v.mul(3);
    j.backward();

    System.out.printf("forward:  u = bc = %s   v = a + u = %s   J = 3v = %s%n", num(u), num(v), num(j));
    System.out.printf("backward: dJ/dv = %s   dJ/du = %s%n", num(v.grad()), num(u.grad()));
    System.out.printf("          dJ/da = %s   dJ/db = %s   dJ/dc = %s%n", num(ta.grad()), num(tb.grad()), num(tc.grad()));

    Map<String, Tensor> names = new LinkedHashMap<>();
    names.put("a", ta);
    names.put("b", tb);
    names.put("c", tc);
    names.put("u", u);
    names.put("v", v);
    names.put("J", j);
    Files.createDirectories(out);
    Path dot = out.resolve("graph.dot");
    Files.writeString(dot, GraphDot.toDot(j, names));
    System.out.println("graph:    " + dot + render(dot));
    return 0;
  }

  /** Renders the DOT file with Graphviz when it is installed; says where the pictures went. */
  private static String render(Path dot) throws IOException, InterruptedException {
    StringBuilder written = new StringBuilder();
    for (String format : new String[] {"svg", "png"}) {
      Path target = dot.resolveSibling("graph." + format);
      try {
        Process p = new ProcessBuilder("dot", "-T" + format, dot.toString(), "-o", target.toString())
            .redirectErrorStream(true)
            .start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
          written.append(", ").append(target);
        }
      } catch (IOException notInstalled) {
        return " (install Graphviz's `dot` to render it as SVG/PNG)";
      }
    }
    return written.toString();
  }

  private static String num(Tensor t) {
    double v = t.item();
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
