package dev.jgrad.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** A Spark context in this JVM for the tests: no web UI, the driver on the loopback address. */
final class LocalSpark {
  private LocalSpark() {}

  static JavaSparkContext start(String master, String name) {
    JavaSparkContext spark = new JavaSparkContext(new SparkConf().setMaster(master).setAppName(name)
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
    spark.setLogLevel("WARN");
    return spark;
  }
}
