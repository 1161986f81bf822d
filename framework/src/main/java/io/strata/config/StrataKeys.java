package io.strata.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Every {@code strata.*} configuration key, with its default and validation. */
public final class StrataKeys {
  private StrataKeys() {}

  public static final ConfigKey<String> PROJECT_CLASS =
      string(
          "strata.project.class",
          "",
          "Project class to build; empty: the one registered with java.util.ServiceLoader.");

  public static final ConfigKey<String> PROJECT_SQL_DIR =
      string(
          "strata.project.sql-dir",
          "",
          "Directory of SQL models, <layer>/<name>.sql, built beside the project's own (those"
              + " under models/ in its jar); empty: none.");

  public static final ConfigKey<Boolean> REQUIRE_HYGIENE =
      bool(
          "strata.project.require-hygiene",
          true,
          "Check before Spark starts that every model is described, marts document their columns"
              + " and test their primary key.");

  public static final ConfigKey<String> WAREHOUSE_DIR =
      string(
          "strata.warehouse.dir",
          "warehouse",
          "Directory (or s3:// / dbfs:/ URI) holding <layer>/<table> Delta tables (catalog kind"
              + " path).");

  public static final ConfigKey<CatalogKind> CATALOG_KIND =
      enumKey(
          "strata.catalog.kind",
          CatalogKind.PATH,
          CatalogKind.class,
          "path: tables under the warehouse directory; metastore: catalog tables.");

  public static final ConfigKey<Map<String, String>> CATALOG_SCHEMAS =
      new ConfigKey<>(
          "strata.catalog.schemas",
          "Catalog schema per layer for catalog kind metastore, e.g. marts = \"main.marts\".",
          Map.of(),
          StrataKeys::layerSchemas);

  public static final ConfigKey<InternalsMode> DELTA_INTERNALS =
      enumKey(
          "strata.delta.internals",
          InternalsMode.AUTO,
          InternalsMode.class,
          "auto: Delta's internal classes where they load and their version is tested, else"
              + " Delta's public API only; on: always (refused where unavailable); off: never.");

  public static final ConfigKey<String> SPARK_MASTER =
      string(
          "strata.spark.master",
          "",
          "Spark master; empty: the one spark-submit sets. The local profile uses local[*].");

  public static final ConfigKey<String> SPARK_APP_NAME =
      string("strata.spark.app-name", "strata", "Spark application name.");

  public static final ConfigKey<String> DRIVER_MEMORY =
      memory("strata.spark.driver.memory", "2g", "Driver memory (spark.driver.memory).");

  public static final ConfigKey<String> EXECUTOR_MEMORY =
      memory("strata.spark.executor.memory", "4g", "Executor memory (spark.executor.memory).");

  public static final ConfigKey<Integer> EXECUTOR_CORES =
      integer(
          "strata.spark.executor.cores", 2, 1, 64, "Cores per executor (spark.executor.cores).");

  public static final ConfigKey<ShufflePartitions> SHUFFLE_PARTITIONS =
      new ConfigKey<>(
          "strata.spark.shuffle-partitions",
          "spark.sql.shuffle.partitions: a number, or auto (sized from the Delta input).",
          ShufflePartitions.auto(),
          StrataKeys::shufflePartitions);

  public static final ConfigKey<Integer> SHUFFLE_PARTITIONS_MIN =
      integer(
          "strata.spark.shuffle-partitions-min", 4, 1, 100_000, "Lower bound for auto partitions.");

  public static final ConfigKey<Integer> SHUFFLE_PARTITIONS_MAX =
      integer(
          "strata.spark.shuffle-partitions-max",
          2000,
          1,
          100_000,
          "Upper bound for auto partitions.");

  public static final ConfigKey<Long> BYTES_PER_PARTITION =
      bytes(
          "strata.spark.bytes-per-partition",
          128L << 20,
          "Input bytes per shuffle partition when partitions are auto.");

  public static final ConfigKey<Boolean> ADAPTIVE_ENABLED =
      bool("strata.spark.adaptive.enabled", true, "Adaptive query execution.");

  public static final ConfigKey<Boolean> ADAPTIVE_COALESCE =
      bool(
          "strata.spark.adaptive.coalesce-partitions",
          true,
          "Let AQE coalesce small shuffle partitions.");

  public static final ConfigKey<Long> BROADCAST_THRESHOLD =
      bytes(
          "strata.spark.broadcast-threshold",
          50L << 20,
          "Largest table broadcast in a join (spark.sql.autoBroadcastJoinThreshold).");

  public static final ConfigKey<Boolean> UI_ENABLED =
      bool("strata.spark.ui-enabled", true, "Spark web UI.");

  public static final ConfigKey<Map<String, String>> SPARK_CONF =
      new ConfigKey<>(
          "strata.spark.conf",
          "Further spark.* settings passed to the session as they are.",
          Map.of(),
          StrataKeys::sparkConf);

  public static final ConfigKey<Integer> THREADS =
      integer("strata.run.threads", 1, 1, 64, "Models built at once (--threads).");

  public static final ConfigKey<String> TARGET_DIR =
      string("strata.run.target-dir", "target", "Directory for run artifacts.");

  public static final ConfigKey<java.time.Duration> LEASE_TIMEOUT =
      new ConfigKey<>(
          "strata.run.lease-timeout",
          "How long after its last heartbeat a build's lease on the warehouse (audit.build_lease)"
              + " expires, so that the next build takes it over: a killed build blocks the"
              + " warehouse no longer. A running build renews it every fifth of this.",
          java.time.Duration.ofMinutes(5),
          (config, path) -> {
            try {
              java.time.Duration value = config.getDuration(path);
              if (value.compareTo(java.time.Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("a duration of at least 1s, such as 5m");
              }
              return value;
            } catch (ConfigException.BadValue | ConfigException.WrongType e) {
              throw new IllegalArgumentException("a duration such as 90s, 5m or 1h");
            }
          });

  public static final ConfigKey<io.strata.model.OnCodeChange> ON_CODE_CHANGE =
      enumKey(
          "strata.incremental.on-code-change",
          io.strata.model.OnCodeChange.REBUILD,
          io.strata.model.OnCodeChange.class,
          "What a build of an incremental or snapshot model does when its code or an upstream"
              + " model's changed, unless the model declares it: rebuild (a full build), fail, or"
              + " forward_only (only new rows get the new code).");

  public static final ConfigKey<String> LOG_LEVEL =
      new ConfigKey<>(
          "strata.log.level",
          "Level of Spark's own logging, to stderr.",
          "WARN",
          (config, path) -> {
            String level = config.getString(path).toUpperCase(Locale.ROOT);
            if (!Set.of("ERROR", "WARN", "INFO", "DEBUG").contains(level)) {
              throw new IllegalArgumentException("one of ERROR, WARN, INFO, DEBUG");
            }
            return level;
          });

  /** Every declared key, in the order shown by {@code strata config --show}. */
  public static final List<ConfigKey<?>> ALL =
      List.of(
          PROJECT_CLASS,
          PROJECT_SQL_DIR,
          REQUIRE_HYGIENE,
          WAREHOUSE_DIR,
          CATALOG_KIND,
          CATALOG_SCHEMAS,
          DELTA_INTERNALS,
          SPARK_MASTER,
          SPARK_APP_NAME,
          DRIVER_MEMORY,
          EXECUTOR_MEMORY,
          EXECUTOR_CORES,
          SHUFFLE_PARTITIONS,
          SHUFFLE_PARTITIONS_MIN,
          SHUFFLE_PARTITIONS_MAX,
          BYTES_PER_PARTITION,
          ADAPTIVE_ENABLED,
          ADAPTIVE_COALESCE,
          BROADCAST_THRESHOLD,
          UI_ENABLED,
          SPARK_CONF,
          THREADS,
          TARGET_DIR,
          LEASE_TIMEOUT,
          ON_CODE_CHANGE,
          LOG_LEVEL);

  /** Keys whose value is an object of free-form entries. */
  static boolean isMapKey(ConfigKey<?> key) {
    return key == SPARK_CONF || key == CATALOG_SCHEMAS;
  }

  private static ConfigKey<String> string(String path, String def, String description) {
    return new ConfigKey<>(path, description, def, Config::getString);
  }

  private static ConfigKey<Boolean> bool(String path, boolean def, String description) {
    return new ConfigKey<>(
        path,
        description,
        def,
        (config, p) -> {
          try {
            return config.getBoolean(p);
          } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException("true or false");
          }
        });
  }

  private static ConfigKey<Integer> integer(
      String path, int def, int min, int max, String description) {
    return new ConfigKey<>(
        path,
        description,
        def,
        (config, p) -> {
          String expected = "an integer from " + min + " to " + max;
          int value;
          try {
            value = config.getInt(p);
          } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException(expected);
          }
          if (value < min || value > max) {
            throw new IllegalArgumentException(expected);
          }
          return value;
        });
  }

  private static ConfigKey<Long> bytes(String path, long def, String description) {
    return new ConfigKey<>(
        path,
        description,
        def,
        (config, p) -> {
          try {
            long value = config.getBytes(p);
            if (value < 0) {
              throw new IllegalArgumentException("a non-negative size");
            }
            return value;
          } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw new IllegalArgumentException("a size such as 50MiB or 1g");
          }
        });
  }

  private static ConfigKey<String> memory(String path, String def, String description) {
    return new ConfigKey<>(
        path,
        description,
        def,
        (config, p) -> {
          String value = config.getString(p).trim().toLowerCase(Locale.ROOT);
          if (!value.matches("[0-9]+[kmgt]?")) {
            throw new IllegalArgumentException("a JVM memory size such as 512m or 4g");
          }
          return value;
        });
  }

  private static <E extends Enum<E>> ConfigKey<E> enumKey(
      String path, E def, Class<E> type, String description) {
    return new ConfigKey<>(
        path,
        description,
        def,
        (config, p) -> {
          String value = config.getString(p).trim().toUpperCase(Locale.ROOT).replace('-', '_');
          try {
            return Enum.valueOf(type, value);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "one of "
                    + java.util.Arrays.stream(type.getEnumConstants())
                        .map(c -> c.name().toLowerCase(Locale.ROOT))
                        .toList());
          }
        });
  }

  private static ShufflePartitions shufflePartitions(Config config, String path) {
    String value = config.getString(path).trim();
    if (value.equalsIgnoreCase("auto")) {
      return ShufflePartitions.auto();
    }
    try {
      return ShufflePartitions.of(Integer.parseInt(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a positive number or auto");
    }
  }

  private static Map<String, String> sparkConf(Config config, String path) {
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> entry : config.getConfig(path).entrySet()) {
      String key = unquote(entry.getKey());
      if (!key.startsWith("spark.")) {
        throw new IllegalArgumentException(
            "an object of spark.* settings, but it holds '" + key + "'");
      }
      result.put(key, String.valueOf(entry.getValue().unwrapped()));
    }
    return Map.copyOf(result);
  }

  private static Map<String, String> layerSchemas(Config config, String path) {
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> entry : config.getConfig(path).entrySet()) {
      String layer = unquote(entry.getKey());
      if (io.strata.model.Layer.parse(layer).isEmpty()) {
        throw new IllegalArgumentException(
            "an object keyed by layer (raw, staging, intermediate, marts), but it holds '"
                + layer
                + "'");
      }
      result.put(layer, String.valueOf(entry.getValue().unwrapped()));
    }
    return Map.copyOf(result);
  }

  static String unquote(String key) {
    return key.replace("\"", "");
  }
}
