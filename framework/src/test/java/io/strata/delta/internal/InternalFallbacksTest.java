package io.strata.delta.internal;

import static io.strata.testing.EventsFixture.FCT;
import static io.strata.testing.EventsFixture.event;
import static io.strata.testing.RunAssertions.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.config.InternalsMode;
import io.strata.config.StrataKeys;
import io.strata.delta.DeltaRuntime;
import io.strata.delta.DeltaWarehouses;
import io.strata.materialize.CommitHook;
import io.strata.model.TableName;
import io.strata.run.BuildRequest;
import io.strata.run.RunResult;
import io.strata.testing.EventsFixture;
import io.strata.testing.Tables;
import io.strata.testing.TestingSpark;
import io.strata.warehouse.Warehouse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the internal path's shortcuts do not apply, it falls back to the slower way with the same
 * answer: another log store or the commit lock (no held commit), a v2 checkpoint and more files
 * than the driver replays (statistics aggregated by Spark).
 */
class InternalFallbacksTest {
  private static final TableName EVENTS = TableName.parse("marts.events");
  private static final String GATED = GatedLogStore.class.getName();

  @TempDir Path dir;

  private final SparkSession spark = TestingSpark.session();

  @Test
  void theRuntimeNamesTheInternalClassesAsTheyAre() {
    assertThat(DeltaRuntime.GATED_LOG_STORE).isEqualTo(GatedLogStore.class.getName());
    assertThat(DeltaRuntime.of(InternalsMode.ON).internals())
        .containsInstanceOf(InternalDeltaAccess.class);
  }

  @Test
  void commitsAreHeldOnlyWhereStrataLogStoreIsDeltasOneStore() {
    assertThat(InternalDeltaAccess.holdsCommits(Map.of("class", GATED), false)).isTrue();
    assertThat(InternalDeltaAccess.holdsCommits(Map.of(), false)).as("Delta's default").isFalse();
    assertThat(
            InternalDeltaAccess.holdsCommits(
                Map.of("class", "org.apache.spark.sql.delta.storage.S3SingleDriverLogStore"),
                false))
        .as("a platform's own store")
        .isFalse();
    assertThat(
            InternalDeltaAccess.holdsCommits(
                Map.of("class", GATED, "s3a.impl", "io.delta.storage.S3DynamoDBLogStore"), false))
        .as("another store for one scheme")
        .isFalse();
    assertThat(InternalDeltaAccess.holdsCommits(Map.of("class", GATED), true))
        .as("the commit lock set")
        .isFalse();
  }

  @Test
  void withoutHeldCommitsAnIncrementalBuildAuditsBeforeItsMergeWithTheSameRows() {
    EventsFixture events = new EventsFixture(dir, Duration.ZERO);
    events.land(
        Instant.parse("2026-03-10T06:00:00Z"),
        event("a1", 10, "2026-03-09T10:00:00Z"),
        event("b1", 30, "2026-03-09T12:00:00Z"));
    assertSucceeded(events.build());
    events.land(
        Instant.parse("2026-03-11T06:00:00Z"),
        event("a1", 11, "2026-03-10T10:00:00Z"),
        event("b1", 29, "2026-03-01T00:00:00Z"),
        event("c1", 40, "2026-03-10T00:00:00Z"));

    SparkSession locked = spark.newSession();
    locked.conf().set(GatedLogStore.COMMIT_LOCK_KEY, "true");
    assertThat(events.warehouse().capabilities(spark).heldCommits()).isTrue();
    assertThat(events.warehouse().capabilities(locked).heldCommits()).isFalse();
    RunResult merged =
        events.build(
            BuildRequest.all(),
            CommitHook.NONE,
            EventsFixture.config()
                .with(StrataKeys.SPARK_CONF, Map.of(GatedLogStore.COMMIT_LOCK_KEY, "true")));

    assertSucceeded(merged);
    assertThat(merged.result("fct_events").orElseThrow().outcome().orElseThrow().detail())
        .startsWith("merged")
        .doesNotContain("tested while the MERGE wrote");
    assertThat(Tables.lines(events.read(FCT), "event_id", "amount"))
        .containsExactly("a1|11", "b1|30", "c1|40");
  }

  @Test
  void aV2CheckpointIsLeftToSparkWhichGivesTheSameAnswers() {
    Warehouse warehouse = DeltaWarehouses.atPath(dir.toString());
    appendThreeFiles(warehouse, Map.of("delta.checkpointPolicy", "v2"));
    Snapshots.latest(spark, warehouse, EVENTS).deltaLog().checkpoint();
    Snapshot snapshot = Snapshots.latest(spark, warehouse, EVENTS);

    assertThat(LogFiles.of(snapshot, snapshot.deltaLog().newDeltaHadoopConf()))
        .as("a v2 checkpoint is not replayed on the driver")
        .isEmpty();
    assertSameAnswersAsSpark(new SnapshotStatistics(snapshot), snapshot);
    assertThat(warehouse.readStrings(spark, EVENTS, List.of("id")))
        .containsExactlyInAnyOrder(List.of("a"), List.of("b"), List.of("c"));
  }

  @Test
  void moreFilesThanTheDriverReplaysAreAggregatedBySparkWithTheSameAnswers() {
    Warehouse warehouse = DeltaWarehouses.atPath(dir.toString());
    appendThreeFiles(warehouse, Map.of());
    Snapshot snapshot = Snapshots.latest(spark, warehouse, EVENTS);

    SnapshotStatistics replayed = new SnapshotStatistics(snapshot);
    SnapshotStatistics aggregated = new SnapshotStatistics(snapshot, 2);

    assertThat(FileStats.maxPerPartition(snapshot, List.of("grp"), "at", 2))
        .as("3 files, 2 replayed at most")
        .isEmpty();
    assertThat(aggregated.maxTimestamp("at")).isEqualTo(replayed.maxTimestamp("at"));
    assertThat(aggregated.maxPerPartition(List.of("grp"), "at"))
        .isEqualTo(replayed.maxPerPartition(List.of("grp"), "at"));
    assertSameAnswersAsSpark(aggregated, snapshot);
  }

  /** The table of {@link #appendThreeFiles}, as its statistics and Spark's aggregates see it. */
  private static void assertSameAnswersAsSpark(SnapshotStatistics stats, Snapshot snapshot) {
    assertThat(stats.maxTimestamp("at"))
        .contains(Timestamp.from(Instant.parse("2026-03-03T00:00:00Z")));
    assertThat(stats.maxPerPartition(List.of("grp"), "at"))
        .isEqualTo(new SnapshotStatistics(snapshot).aggregatePerPartition(List.of("grp"), "at"))
        .hasSize(2);
  }

  /** Three appends of one row each, partitioned by {@code grp}, into {@link #EVENTS}. */
  private void appendThreeFiles(Warehouse warehouse, Map<String, String> properties) {
    String[][] rows = {
      {"a", "x", "2026-03-01T00:00:00Z"},
      {"b", "x", "2026-03-03T00:00:00Z"},
      {"c", "y", "2026-03-02T00:00:00Z"}
    };
    for (String[] row : rows) {
      warehouse.append(
          spark.sql(
              String.format(
                  "SELECT '%s' AS id, '%s' AS grp, CAST(TIMESTAMP '%s' AS TIMESTAMP) AS at",
                  row[0], row[1], row[2].replace("T", " ").replace("Z", ""))),
          EVENTS,
          List.of("grp"),
          properties);
    }
  }
}
