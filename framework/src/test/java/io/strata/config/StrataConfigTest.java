package io.strata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.error.ErrorKind;
import io.strata.error.StrataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrataConfigTest {
  @TempDir Path dir;

  @BeforeEach
  void writeProfiles() throws IOException {
    Files.writeString(
        dir.resolve("application.conf"),
        "strata.spark.shuffle-partitions = 10\nstrata.run.threads = 2\nstrata.log.level = WARN\n");
    Files.writeString(dir.resolve("local.conf"), "strata.spark.shuffle-partitions = 20\n");
    Files.writeString(dir.resolve("emr.conf"), "strata.spark.executor.memory = 8g\n");
  }

  private ConfigSources sources(
      Optional<Path> file, Map<String, String> env, Map<String, String> overrides) {
    return new ConfigSources(Optional.of(dir), "local", file, env, overrides);
  }

  @Test
  void laterLayersWinAndOriginsAreReported() throws IOException {
    Path extra = dir.resolve("extra.conf");
    Files.writeString(extra, "strata.spark.shuffle-partitions = 30\nstrata.run.threads = 3\n");

    StrataConfig config =
        StrataConfig.load(
            sources(
                Optional.of(extra),
                Map.of("STRATA_RUN_THREADS", "4"),
                Map.of("strata.spark.broadcast-threshold", "10MiB")));

    assertThat(config.get(StrataKeys.SHUFFLE_PARTITIONS)).isEqualTo(ShufflePartitions.of(30));
    assertThat(config.origin(StrataKeys.SHUFFLE_PARTITIONS)).contains("extra.conf");
    assertThat(config.get(StrataKeys.THREADS)).isEqualTo(4);
    assertThat(config.origin(StrataKeys.THREADS)).contains("STRATA_RUN_THREADS");
    assertThat(config.get(StrataKeys.BROADCAST_THRESHOLD)).isEqualTo(10L << 20);
    assertThat(config.origin(StrataKeys.BROADCAST_THRESHOLD)).contains("--conf");
    assertThat(config.get(StrataKeys.EXECUTOR_CORES)).isEqualTo(2);
    assertThat(config.origin(StrataKeys.EXECUTOR_CORES)).isEqualTo("built-in default");
  }

  @Test
  void profileOverridesApplicationDefaults() {
    StrataConfig config = StrataConfig.load(sources(Optional.empty(), Map.of(), Map.of()));

    assertThat(config.get(StrataKeys.SHUFFLE_PARTITIONS)).isEqualTo(ShufflePartitions.of(20));
    assertThat(config.origin(StrataKeys.SHUFFLE_PARTITIONS)).contains("local.conf");
  }

  @Test
  void unknownKeyIsRejectedNamingKeyFileAndSuggestion() throws IOException {
    Files.writeString(dir.resolve("local.conf"), "strata.spark.shufle-partitions = 20\n");

    assertThatThrownBy(() -> StrataConfig.load(sources(Optional.empty(), Map.of(), Map.of())))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFIG))
        .hasMessageContaining("strata.spark.shufle-partitions")
        .hasMessageContaining("value '20'")
        .hasMessageContaining("local.conf")
        .hasMessageContaining("strata.spark.shuffle-partitions");
  }

  @Test
  void badValueIsRejectedNamingKeyValueAndOrigin() {
    assertThatThrownBy(
            () ->
                StrataConfig.load(
                    sources(Optional.empty(), Map.of(), Map.of("strata.run.threads", "many"))))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("'many'")
        .hasMessageContaining("strata.run.threads")
        .hasMessageContaining("--conf")
        .hasMessageContaining("an integer from 1 to 64");
  }

  @Test
  void shufflePartitionsAcceptsAutoOrAPositiveNumber() {
    StrataConfig auto =
        StrataConfig.load(
            sources(Optional.empty(), Map.of(), Map.of("strata.spark.shuffle-partitions", "auto")));
    assertThat(auto.get(StrataKeys.SHUFFLE_PARTITIONS).isAuto()).isTrue();

    assertThatThrownBy(
            () ->
                StrataConfig.load(
                    sources(
                        Optional.empty(),
                        Map.of(),
                        Map.of("strata.spark.shuffle-partitions", "0"))))
        .hasMessageContaining("a positive number or auto");
  }

  @Test
  void autoPartitionsFollowInputSizeWithinBounds() {
    assertThat(ShufflePartitions.sized(0, 128L << 20, 4, 100)).isEqualTo(4);
    assertThat(ShufflePartitions.sized(10L << 30, 128L << 20, 4, 100)).isEqualTo(80);
    assertThat(ShufflePartitions.sized(100L << 30, 128L << 20, 4, 100)).isEqualTo(100);
  }

  @Test
  void unknownProfileListsTheKnownOnes() {
    ConfigSources emrless =
        new ConfigSources(Optional.of(dir), "emrr", Optional.empty(), Map.of(), Map.of());

    assertThatThrownBy(() -> StrataConfig.load(emrless))
        .hasMessageContaining("Unknown profile 'emrr'")
        .hasMessageContaining("[emr, local]");
  }

  @Test
  void showMasksSecrets() {
    StrataConfig config =
        StrataConfig.load(
            sources(
                Optional.empty(),
                Map.of(),
                Map.of(
                    "strata.spark.conf.\"spark.hadoop.fs.s3a.secret.key\"", "hunter2",
                    "strata.spark.conf.\"spark.sql.files.maxPartitionBytes\"", "64m")));

    assertThat(String.join("\n", config.describe()))
        .doesNotContain("hunter2")
        .contains("\"spark.hadoop.fs.s3a.secret.key\" = ******")
        .contains("\"spark.sql.files.maxPartitionBytes\" = 64m");
  }

  @Test
  void sparkConfRejectsNonSparkKeys() {
    assertThatThrownBy(
            () ->
                StrataConfig.load(
                    sources(
                        Optional.empty(),
                        Map.of(),
                        Map.of("strata.spark.conf.\"executor.memory\"", "1g"))))
        .hasMessageContaining("spark.* settings");
  }
}
