package dev.jgrad.spark;

import dev.jgrad.autograd.Reduction;
import dev.jgrad.autograd.Settings;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.loss.Losses;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.Optimizer;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * What one data-parallel step costs, part by part, for spark/README.md's cost model: the model's
 * own step alone (per-worker batch sizes, this model and one 10× larger), the all-reduce alone
 * between two threads, Spark's per-step alternatives (a job with treeAggregate, a barrier
 * allGather), and {@link SparkTrainer} on local[1] and local[2] against the plain loop.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp 'benchmarks/target/*:benchmarks/target/lib/*' dev.jgrad.spark.SparkScaling
 * </pre>
 *
 * <p>Kernels run on one thread (Settings.threads(1)) so that local[2] on two cores is not
 * oversubscribed; the data are random (timing only: the arithmetic is that of Fashion-MNIST).
 */
public final class SparkScaling {
  private static final int[] SMALL = {784, 256, 128, 10};
  private static final int[] LARGE = {784, 1536, 768, 10};

  private SparkScaling() {}

  public static void main(String[] args) throws Exception {
    Settings.threads(1);
    System.out.printf(Locale.ROOT, "cores: %d; kernels on 1 thread%n", Runtime.getRuntime().availableProcessors());
    for (int[] sizes : List.of(SMALL, LARGE)) {
      long parameters = model(sizes).parameterCount();
      for (int batch : new int[] {128, 64, 32, 16, 8}) {
        System.out.printf(Locale.ROOT, "plain step %s, batch %3d: %.3f ms  (%,d parameters)%n",
            name(sizes), batch, plainStepMillis(sizes, batch), parameters);
      }
      System.out.printf(Locale.ROOT, "gradients into one array and back (FlatVector): %.3f ms%n",
          gatherScatterMillis(sizes));
      System.out.printf(Locale.ROOT, "all-reduce of %,d floats between 2 threads over loopback: %.3f ms%n",
          parameters + 1, allReduceMillis((int) parameters + 1, 2));
    }
    try (JavaSparkContext spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("scaling")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"))) {
      spark.setLogLevel("WARN");
      int g = (int) model(SMALL).parameterCount() + 1;
      System.out.printf(Locale.ROOT, "Spark treeAggregate of %,d floats from 2 partitions: %.1f ms a round%n",
          g, treeAggregateMillis(spark, g));
      System.out.printf(Locale.ROOT, "Spark barrier allGather of a short string: %.1f ms a call%n",
          allGatherMillis(spark, 1));
      System.out.printf(Locale.ROOT, "Spark barrier allGather of %,d floats in Base64: %.1f ms a call%n",
          g, allGatherMillis(spark, g));
    }
    for (int workers : new int[] {1, 2}) {
      try (JavaSparkContext spark = new JavaSparkContext(new SparkConf().setMaster("local[" + workers + "]")
          .setAppName("scaling").set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"))) {
        spark.setLogLevel("WARN");
        JavaRDD<Example> data = randomData(spark, 60_000, workers).cache();
        for (int[] sizes : List.of(SMALL, LARGE)) {
          SparkTrainer trainer = SparkTrainer.builder(() -> model(sizes), SparkScaling::loss, SparkScaling::adam)
              .batchSize(128 / workers).epochs(1).build();
          trainer.fit(data); // warms the JIT up
          SparkTrainer.Result r = trainer.fit(data);
          System.out.printf(Locale.ROOT,
              "SparkTrainer local[%d] %s, global batch 128: %.3f ms a step, %.3f ms of it exchanging; %,.0f examples/s%n",
              workers, name(sizes), 1e3 * r.seconds() / r.steps(), 1e3 * r.exchangeSeconds() / r.steps(),
              128 * r.steps() / r.seconds());
        }
      }
    }
  }

  static String name(int[] sizes) {
    return String.join("-", IntStream.of(sizes).mapToObj(Integer::toString).toList());
  }

  static Module model(int[] sizes) {
    var random = new SplittableRandom(1);
    List<Module> layers = new ArrayList<>();
    for (int i = 0; i + 1 < sizes.length; i++) {
      layers.add(new Linear(sizes[i], sizes[i + 1], random));
      if (i + 2 < sizes.length) {
        layers.add(new ReLU());
      }
    }
    return new Sequential(layers);
  }

  static Tensor loss(Tensor logits, int[] labels) {
    return Losses.crossEntropy(logits, labels, Reduction.MEAN);
  }

  static Optimizer adam(List<Tensor> parameters) {
    return Adam.builder(parameters).learningRate(1e-3).build();
  }

  /** Median over 5 rounds of 100 steps, after 200 steps of warm-up. */
  static double plainStepMillis(int[] sizes, int batch) {
    Module model = model(sizes);
    Optimizer opt = adam(model.parameters());
    var random = new SplittableRandom(2);
    Tensor x = Tensor.rand(random, 0, 1, dev.jgrad.autograd.DType.FLOAT32, batch, sizes[0]);
    int[] labels = random.ints(batch, 0, sizes[sizes.length - 1]).toArray();
    double[] rounds = new double[5];
    for (int r = -2; r < rounds.length; r++) {
      long start = System.nanoTime();
      for (int s = 0; s < 100; s++) {
        opt.zeroGrad();
        loss(model.forward(x), labels).backward();
        opt.step();
      }
      if (r >= 0) {
        rounds[r] = (System.nanoTime() - start) / 1e6 / 100;
      }
    }
    java.util.Arrays.sort(rounds);
    return rounds[rounds.length / 2];
  }

  /** The median time of gathering a model's gradients into one array and writing them back. */
  static double gatherScatterMillis(int[] sizes) {
    Module model = model(sizes);
    loss(model.forward(Tensor.zeros(4, sizes[0])), new int[4]).backward();
    List<Tensor> parameters = model.parameters();
    FlatVector flat = FlatVector.forParameters(parameters);
    double[] times = new double[300];
    for (int r = 0; r < times.length; r++) {
      long start = System.nanoTime();
      flat.gather(parameters, true, 0);
      flat.copyToGradients(parameters);
      times[r] = (System.nanoTime() - start) / 1e6;
    }
    java.util.Arrays.sort(times);
    return times[times.length / 2];
  }

  /** The median time of one all-reduce of {@code length} floats among {@code workers} threads. */
  static double allReduceMillis(int length, int workers) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<ServerSocketChannel> servers = new ArrayList<>();
      List<String> addresses = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        servers.add(ChainAllReduce.listen("127.0.0.1"));
        addresses.add("127.0.0.1:" + servers.get(i).socket().getLocalPort());
      }
      List<Future<Double>> runs = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        int rank = i;
        runs.add(pool.submit(() -> {
          try (ChainAllReduce chain = ChainAllReduce.connect(rank, addresses, servers.get(rank))) {
            float[] values = new float[length];
            double[] times = new double[300];
            for (int r = 0; r < times.length; r++) {
              long start = System.nanoTime();
              chain.sum(values);
              times[r] = (System.nanoTime() - start) / 1e6;
            }
            java.util.Arrays.sort(times);
            return times[times.length / 2];
          }
        }));
      }
      return runs.getFirst().get();
    } finally {
      pool.shutdownNow();
    }
  }

  static double treeAggregateMillis(JavaSparkContext spark, int length) {
    JavaRDD<Integer> parts = spark.parallelize(List.of(0, 1), 2).cache();
    parts.count();
    double[] times = new double[20];
    for (int r = -3; r < times.length; r++) {
      long start = System.nanoTime();
      float[] sum = parts.treeAggregate(new float[length], (acc, p) -> {
        float[] g = new float[length];
        java.util.Arrays.fill(g, p);
        for (int i = 0; i < length; i++) {
          acc[i] += g[i];
        }
        return acc;
      }, (a, b) -> {
        for (int i = 0; i < length; i++) {
          a[i] += b[i];
        }
        return a;
      });
      if (sum[0] != 1) {
        throw new AssertionError("treeAggregate gave " + sum[0]);
      }
      if (r >= 0) {
        times[r] = (System.nanoTime() - start) / 1e6;
      }
    }
    java.util.Arrays.sort(times);
    return times[times.length / 2];
  }

  /** One barrier stage on 2 tasks making 6 allGathers (the first not timed); the mean of the other 5. */
  static double allGatherMillis(JavaSparkContext spark, int floats) {
    String message = floats <= 1 ? "x" : Base64.getEncoder().encodeToString(new byte[4 * floats]);
    var rdd = spark.parallelize(List.of(0, 1), 2).rdd().barrier()
        .mapPartitions(new AllGathers(message), false, scala.reflect.ClassTag$.MODULE$.apply(Double.class));
    List<Double> times = JavaRDD.fromRDD(rdd, scala.reflect.ClassTag$.MODULE$.apply(Double.class)).collect();
    return times.getFirst();
  }

  /** A barrier task timing five allGathers of its message. */
  private static final class AllGathers
      extends scala.runtime.AbstractFunction1<scala.collection.Iterator<Integer>, scala.collection.Iterator<Double>>
      implements java.io.Serializable {
    private final String message;

    AllGathers(String message) {
      this.message = message;
    }

    @Override
    public scala.collection.Iterator<Double> apply(scala.collection.Iterator<Integer> rows) {
      var context = org.apache.spark.BarrierTaskContext.get();
      context.allGather(message);
      long start = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        context.allGather(message);
      }
      return scala.jdk.javaapi.CollectionConverters.asScala(List.of((System.nanoTime() - start) / 1e6 / 5).iterator());
    }
  }

  static JavaRDD<Example> randomData(JavaSparkContext spark, int n, int partitions) {
    var random = new SplittableRandom(3);
    float[] x = new float[n * SMALL[0]];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    return SparkData.fromArrays(spark, x, SMALL[0], random.ints(n, 0, 10).toArray(), partitions);
  }
}
