package io.strata.session;

import io.strata.config.StrataConfig;
import io.strata.config.StrataKeys;
import io.strata.delta.DeltaRuntime;
import io.strata.error.Errors;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.internal.StaticSQLConf;

/**
 * Builds the {@link SparkSession} a profile asks for.
 *
 * <p>The master is never hard-coded: under {@code spark-submit} it comes from there, otherwise from
 * {@code strata.spark.master}. Session time zone is UTC; Delta's extension and catalog are set, and
 * on Delta's internal path ({@link DeltaRuntime}) Delta's log store is Strata's, which can hold a
 * commit, unless the configuration or {@code spark-submit} names one.
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
    Map<String, String> settings = settings(config);
    settings.forEach(SparkSessions::validate);
    if (System.getProperties().stringPropertyNames().stream()
        .anyMatch(key -> key.startsWith(DeltaRuntime.LOG_STORE_KEY_PREFIX))) {
      // spark-submit --conf named a log store: it stays.
      settings.remove(DeltaRuntime.LOG_STORE_CLASS_KEY);
    }
    settings.forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    runtimeSettings(config).forEach((key, value) -> spark.conf().set(key, value));
    return spark;
  }

  /**
   * Checks a SQL setting's value the way Spark will when the session takes it, on a configuration
   * of its own: a value Spark refuses is a configuration error naming it, before any session
   * changes.
   */
  private static void validate(String key, String value) {
    if (!key.startsWith("spark.sql.") && !key.startsWith("spark.databricks.")) {
      return;
    }
    try {
      new SQLConf().setConfString(key, value);
    } catch (IllegalArgumentException e) {
      throw Errors.badSparkSetting(key, value, e.getMessage());
    }
  }

  /** Every Spark setting the configuration implies, static and runtime. */
  public static Map<String, String> settings(StrataConfig config) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spark.app.name", config.get(StrataKeys.SPARK_APP_NAME));
    settings.put("spark.driver.memory", config.get(StrataKeys.DRIVER_MEMORY));
    settings.put("spark.executor.memory", config.get(StrataKeys.EXECUTOR_MEMORY));
    settings.put("spark.executor.cores", config.get(StrataKeys.EXECUTOR_CORES).toString());
    settings.put("spark.ui.enabled", config.get(StrataKeys.UI_ENABLED).toString());
    Map<String, String> own = config.get(StrataKeys.SPARK_CONF);
    settings.putAll(DeltaRuntime.of(config).sessionSettings(own));
    settings.putAll(runtimeSettings(config));
    settings.putAll(own);
    return settings;
  }

  /**
   * Settings that may change on a running session: SQL configuration, less the static keys Spark
   * fixes when the session starts ({@code spark.sql.warehouse.dir}, {@code
   * spark.sql.codegen.cache.maxEntries}, ...), which {@link #settings} passes to the builder.
   */
  /**
   * A new session of {@code base} with the configuration's runtime settings; where shuffle
   * partitions are {@code auto}, one per configured bytes of {@code bytesRead}, clamped.
   */
  public static SparkSession newSession(SparkSession base, StrataConfig config, long bytesRead) {
    SparkSession session = base.newSession();
    runtimeSettings(config).forEach(session.conf()::set);
    if (config.get(StrataKeys.SHUFFLE_PARTITIONS).isAuto()) {
      int partitions =
          io.strata.config.ShufflePartitions.sized(
              bytesRead,
              config.get(StrataKeys.BYTES_PER_PARTITION),
              config.get(StrataKeys.SHUFFLE_PARTITIONS_MIN),
              config.get(StrataKeys.SHUFFLE_PARTITIONS_MAX));
      session.conf().set("spark.sql.shuffle.partitions", Integer.toString(partitions));
    }
    return session;
  }

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
      String key = entry.getKey();
      if ((key.startsWith("spark.sql.") || key.startsWith("spark.databricks.")) && !isStatic(key)) {
        settings.put(key, entry.getValue());
      }
    }
    return settings;
  }

  private static boolean isStatic(String key) {
    // Spark registers its static keys when their holder class loads: before any session, not yet.
    StaticSQLConf.WAREHOUSE_PATH();
    return SQLConf.isStaticConfigKey(key);
  }
}
