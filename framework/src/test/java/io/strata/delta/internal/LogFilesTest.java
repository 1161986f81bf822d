package io.strata.delta.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.delta.DeltaWarehouses;
import io.strata.model.TableName;
import io.strata.testing.TestingSpark;
import io.strata.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live files replayed from the log on the driver are exactly those Delta's own replay finds.
 */
class LogFilesTest {
  private static final TableName EVENTS = TableName.parse("marts.events");

  @TempDir Path dir;

  private final SparkSession spark = TestingSpark.session();

  @Test
  void aCheckpointThenCommitsWithRemovesAndDeletionVectorsReplayAsDeltaDoes() {
    Warehouse warehouse = DeltaWarehouses.atPath(dir.toString());
    for (int day = 1; day <= 2; day++) {
      warehouse.append(
          spark.range(day * 10, day * 10 + 5).selectExpr("id", "id % 2 AS grp"),
          EVENTS,
          List.of(),
          Map.of("delta.enableDeletionVectors", "true"));
    }
    String table = "delta.`" + warehouse.location(EVENTS) + "`";
    Snapshots.latest(spark, warehouse, EVENTS).deltaLog().checkpoint();
    spark.sql("DELETE FROM " + table + " WHERE id = 21");
    warehouse.append(
        spark.range(40, 50).selectExpr("id", "id % 2 AS grp").coalesce(1),
        EVENTS,
        List.of(),
        Map.of());
    spark.sql("DELETE FROM " + table + " WHERE id = 40");

    Snapshot snapshot = Snapshots.latest(spark, warehouse, EVENTS);
    assertThat(snapshot.logSegment().checkpointProvider().version()).isEqualTo(2);
    Optional<List<LogFiles.LiveFile>> replayed =
        LogFiles.of(snapshot, snapshot.deltaLog().newDeltaHadoopConf());

    Map<String, String> expected = new TreeMap<>();
    for (Row row : snapshot.allFiles().select("path", "stats").collectAsList()) {
      expected.put(row.getString(0), row.getString(1));
    }
    Map<String, String> actual = new TreeMap<>();
    replayed.orElseThrow().forEach(f -> actual.put(f.path(), f.stats().orElse(null)));
    assertThat(actual).isEqualTo(expected).isNotEmpty();
    assertThat(replayed.get())
        .as("the file the last DELETE marked")
        .anyMatch(LogFiles.LiveFile::hasDeletionVector);
  }

  @Test
  void aSmallTableIsReadOnTheDriverAsSparkReadsIt() {
    Warehouse warehouse = DeltaWarehouses.atPath(dir.toString());
    warehouse.append(
        spark.sql("SELECT 'a' AS model, 'x' AS inputs UNION ALL SELECT 'b', NULL").coalesce(1),
        EVENTS,
        List.of(),
        Map.of("delta.enableDeletionVectors", "true"));
    warehouse.append(
        spark.sql("SELECT 'c' AS model, 'z' AS inputs, 'new' AS note"),
        EVENTS,
        List.of(),
        Map.of());
    Snapshot snapshot = Snapshots.latest(spark, warehouse, EVENTS);

    assertThat(LogFiles.strings(snapshot, List.of("model", "inputs", "note"), 10))
        .as("read on the driver; a column the first files lack is null")
        .hasValueSatisfying(
            rows ->
                assertThat(rows)
                    .containsExactlyInAnyOrder(
                        java.util.Arrays.asList("a", "x", null),
                        java.util.Arrays.asList("b", null, null),
                        List.of("c", "z", "new")));
    assertThat(LogFiles.strings(snapshot, List.of("model"), 1)).as("too many files").isEmpty();

    spark.sql("DELETE FROM delta.`" + warehouse.location(EVENTS) + "` WHERE model = 'b'");
    Snapshot deleted = Snapshots.latest(spark, warehouse, EVENTS);
    assertThat(LogFiles.strings(deleted, List.of("model"), 10))
        .as("a deletion vector is left to Spark")
        .isEmpty();
    assertThat(warehouse.readStrings(spark, EVENTS, List.of("model", "inputs")))
        .containsExactlyInAnyOrder(List.of("a", "x"), List.of("c", "z"));
  }

  @Test
  void aTableWithoutCheckpointReplaysItsCommits() {
    Warehouse warehouse = DeltaWarehouses.atPath(dir.toString());
    warehouse.append(spark.range(3).toDF("id"), EVENTS, List.of(), Map.of());
    warehouse.overwrite(spark.range(5).toDF("id"), EVENTS, List.of());

    Snapshot snapshot = Snapshots.latest(spark, warehouse, EVENTS);
    List<LogFiles.LiveFile> replayed =
        LogFiles.of(snapshot, snapshot.deltaLog().newDeltaHadoopConf()).orElseThrow();

    assertThat(replayed)
        .extracting(LogFiles.LiveFile::path)
        .containsExactlyInAnyOrderElementsOf(
            snapshot
                .allFiles()
                .select("path")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList());
  }
}
