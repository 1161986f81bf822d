package io.strata.deploy;

import io.strata.jobs.JobsMain;
import org.apache.spark.sql.SparkSession;

/**
 * A job started in a session the platform made, as on Databricks: Delta is configured, Strata's log
 * store is not, and the static settings cannot change any more. Then {@code strata build} of the
 * given warehouse, on the internal path.
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
    int exit =
        JobsMain.execute("build", "--warehouse", args[0], "--conf", "strata.delta.internals=on");
    System.exit(exit);
  }
}
