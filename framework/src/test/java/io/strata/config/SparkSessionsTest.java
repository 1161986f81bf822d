package io.strata.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.delta.DeltaRuntime;
import io.strata.session.SparkSessions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {
  private static StrataConfig profile(String name) {
    return StrataConfig.load(
        new ConfigSources(
            Optional.of(Path.of("..", "conf")), name, Optional.empty(), Map.of(), Map.of()));
  }

  @Test
  void emrProfileCarriesClusterSizingAndNoMaster() {
    StrataConfig emr = profile("emr");
    Map<String, String> settings = SparkSessions.settings(emr);

    assertThat(emr.get(StrataKeys.SPARK_MASTER)).isEmpty();
    assertThat(emr.get(StrataKeys.CATALOG_KIND)).isEqualTo(CatalogKind.METASTORE);
    assertThat(settings)
        .containsEntry("spark.executor.memory", "24g")
        .containsEntry("spark.executor.cores", "4")
        .containsEntry("spark.sql.adaptive.enabled", "true")
        .containsEntry("spark.sql.adaptive.coalescePartitions.enabled", "true")
        .containsEntry("spark.sql.autoBroadcastJoinThreshold", Long.toString(50L << 20))
        .containsEntry("spark.sql.session.timeZone", "UTC")
        .containsEntry("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .doesNotContainKey("spark.master")
        .doesNotContainKey("spark.sql.shuffle.partitions");
  }

  @Test
  void localProfileRunsOnAllCoresWithoutUiOnLoopback() {
    StrataConfig local = profile("local");
    Map<String, String> settings = SparkSessions.settings(local);

    assertThat(local.get(StrataKeys.SPARK_MASTER)).isEqualTo("local[*]");
    assertThat(settings)
        .containsEntry("spark.ui.enabled", "false")
        .containsEntry("spark.driver.host", "127.0.0.1");
  }

  @Test
  void deltaLogStoreIsStratasUnlessTheConfigurationNamesOne() {
    assertThat(SparkSessions.settings(StrataConfig.defaults()))
        .containsEntry(DeltaRuntime.LOG_STORE_CLASS_KEY, DeltaRuntime.GATED_LOG_STORE);

    String store = "io.delta.storage.S3DynamoDBLogStore";
    StrataConfig own =
        StrataConfig.defaults()
            .with(StrataKeys.SPARK_CONF, Map.of("spark.delta.logStore.s3a.impl", store));

    assertThat(SparkSessions.settings(own))
        .doesNotContainKey(DeltaRuntime.LOG_STORE_CLASS_KEY)
        .containsEntry("spark.delta.logStore.s3a.impl", store);
  }

  @Test
  void fixedShufflePartitionsAreSetOnTheSession() {
    StrataConfig fixed =
        StrataConfig.defaults().with(StrataKeys.SHUFFLE_PARTITIONS, ShufflePartitions.of(48));

    assertThat(SparkSessions.settings(fixed)).containsEntry("spark.sql.shuffle.partitions", "48");
  }

  @Test
  void staticSqlSettingsGoToTheBuilderAndNeverToARunningSession() {
    StrataConfig own =
        StrataConfig.defaults()
            .with(
                StrataKeys.SPARK_CONF,
                Map.of(
                    "spark.sql.codegen.cache.maxEntries", "500",
                    "spark.sql.files.maxPartitionBytes", "64m"));

    assertThat(SparkSessions.settings(own))
        .containsEntry("spark.sql.codegen.cache.maxEntries", "500")
        .containsEntry("spark.sql.files.maxPartitionBytes", "64m");
    // Setting a static key on a running session throws: "Cannot modify the value of a static
    // config".
    assertThat(SparkSessions.runtimeSettings(own))
        .doesNotContainKey("spark.sql.codegen.cache.maxEntries")
        .containsEntry("spark.sql.files.maxPartitionBytes", "64m");
  }
}
