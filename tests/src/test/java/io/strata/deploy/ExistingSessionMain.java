package io.strata.deploy;

import io.strata.jobs.JobsMain;
import org.apache.spark.sql.SparkSession;

/**
 * A job started in a session the platform made, as on Databricks: Delta is configured, Strata's log
 * store is not, and the static settings cannot change any more. Then {@code strata build} of the
 * given warehouse on the portable path, then the same build again (nothing new) on the internal
 * path. Loading {@link InternalPath} between the two marks where the second begins in a {@code
 * -Xlog:class+load} log.
 */
public final class ExistingSessionMain {

  private ExistingSessionMain() {}

  public static void main(String[] args) {
    SparkSession.builder()
        .master("local[2]")
        .appName("platform-session")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .getOrCreate();
    int portable = build(args[0], "off");
    if (portable != 0) {
      System.exit(portable);
    }
    InternalPath.begin();
    System.exit(build(args[0], "on"));
  }

  private static int build(String warehouse, String internals) {
    return JobsMain.execute(
        "build", "--warehouse", warehouse, "--conf", "strata.delta.internals=" + internals);
  }

  /** Loaded between the two builds, and only then. */
  static final class InternalPath {
    private InternalPath() {}

    static void begin() {}
  }
}
