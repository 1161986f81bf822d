package io.strata.testing;

import io.strata.delta.DeltaRuntime;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The one local SparkSession of a test JVM: local[2], no UI, no AQE, loopback, Delta, UTC. */
public final class TestingSpark {
  private static SparkSession session;

  private TestingSpark() {}

  /** Where managed catalog tables go: a fresh directory per test JVM. */
  private static String catalogDirectory() {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("strata-catalog");
      dir.toFile().deleteOnExit();
      return dir.toUri().toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static synchronized SparkSession session() {
    if (session == null) {
      SparkSession.Builder builder = SparkSession.builder();
      DeltaRuntime.ofEnvironment().sessionSettings(Map.of()).forEach(builder::config);
      session =
          builder
              .master("local[2]")
              .appName("strata-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.default.parallelism", "2")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.databricks.delta.snapshotPartitions", "1")
              .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2")
              .config("spark.databricks.delta.stalenessLimit", "0")
              .config("spark.sql.warehouse.dir", catalogDirectory())
              // Tests run thousands of queries over a few rows: re-planning each stage adaptively
              // and formatting every plan for the (disabled) UI cost more than they save there
              // (13% of two of the slowest classes). The JVMs the deployment tests launch keep
              // Spark's defaults, AQE included.
              .config("spark.sql.adaptive.enabled", "false")
              .config("spark.sql.ui.explainMode", "simple")
              .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }
}
