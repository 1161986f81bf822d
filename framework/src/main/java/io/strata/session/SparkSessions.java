package io.strata.session;

import io.strata.config.StrataConfig;
import io.strata.config.StrataKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the {@link SparkSession} a profile asks for.
 *
 * <p>The master is never hard-coded: under {@code spark-submit} it comes from there, otherwise from
 * {@code strata.spark.master}. Session time zone is UTC; Delta's extension and catalog are set.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /** Returns the running session with the profile's settings, creating it when there is none. */
  public static SparkSession getOrCreate(StrataConfig config) {
    SparkSession.Builder builder = SparkSession.builder();
    String master = config.get(StrataKeys.SPARK_MASTER);
    if (!master.isEmpty() && System.getProperty("spark.master") == null) {
      builder.master(master);
    }
    settings(config).forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    runtimeSettings(config).forEach((k, v) -> spark.conf().set(k, v));
    return spark;
  }

  /** Every Spark setting the configuration implies, static and runtime. */
  public static Map<String, String> settings(StrataConfig config) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spark.app.name", config.get(StrataKeys.SPARK_APP_NAME));
    settings.put("spark.driver.memory", config.get(StrataKeys.DRIVER_MEMORY));
    settings.put("spark.executor.memory", config.get(StrataKeys.EXECUTOR_MEMORY));
    settings.put("spark.executor.cores", config.get(StrataKeys.EXECUTOR_CORES).toString());
    settings.put("spark.ui.enabled", config.get(StrataKeys.UI_ENABLED).toString());
    settings.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    settings.put(
        "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    settings.putAll(runtimeSettings(config));
    settings.putAll(config.get(StrataKeys.SPARK_CONF));
    return settings;
  }

  /** Settings that may change on a running session (SQL configuration). */
  public static Map<String, String> runtimeSettings(StrataConfig config) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spark.sql.session.timeZone", "UTC");
    settings.put("spark.sql.adaptive.enabled", config.get(StrataKeys.ADAPTIVE_ENABLED).toString());
    settings.put(
        "spark.sql.adaptive.coalescePartitions.enabled",
        config.get(StrataKeys.ADAPTIVE_COALESCE).toString());
    settings.put(
        "spark.sql.autoBroadcastJoinThreshold",
        config.get(StrataKeys.BROADCAST_THRESHOLD).toString());
    config
        .get(StrataKeys.SHUFFLE_PARTITIONS)
        .fixed()
        .ifPresent(n -> settings.put("spark.sql.shuffle.partitions", Integer.toString(n)));
    for (Map.Entry<String, String> entry : config.get(StrataKeys.SPARK_CONF).entrySet()) {
      if (entry.getKey().startsWith("spark.sql.")
          || entry.getKey().startsWith("spark.databricks.")) {
        settings.put(entry.getKey(), entry.getValue());
      }
    }
    return settings;
  }
}
