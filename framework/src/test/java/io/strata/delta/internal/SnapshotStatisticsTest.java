package io.strata.delta.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.delta.DeltaWarehouses;
import io.strata.model.TableName;
import io.strata.testing.TestingSpark;
import io.strata.warehouse.ValueRange;
import io.strata.warehouse.Warehouse;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStatisticsTest {
  private static final TableName EVENTS = TableName.parse("raw.events");
  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("at", DataTypes.TimestampType)
          .add("padding", DataTypes.StringType);

  @TempDir Path dir;

  private final SparkSession spark = TestingSpark.session();

  private Dataset<Row> rows(Object[]... rows) {
    return spark.createDataFrame(List.of(rows).stream().map(RowFactory::create).toList(), SCHEMA);
  }

  private static Timestamp at(String instant) {
    return Timestamp.from(Instant.parse(instant));
  }

  @Test
  void maximumComesFromFileStatisticsAcrossAppends() {
    Warehouse warehouse = DeltaWarehouses.atPath(dir.toString());
    warehouse.append(
        rows(new Object[] {"a", at("2026-03-01T10:00:00Z"), "x"}), EVENTS, List.of(), Map.of());
    warehouse.append(
        rows(
            new Object[] {"b", at("2026-03-03T08:30:00.123Z"), "y"}, new Object[] {"c", null, "z"}),
        EVENTS,
        List.of(),
        Map.of());
    warehouse.append(
        rows(new Object[] {"d", at("2026-03-02T00:00:00Z"), "w"}), EVENTS, List.of(), Map.of());

    assertThat(Snapshots.statistics(spark, warehouse, EVENTS).maxTimestamp("at"))
        .contains(at("2026-03-03T08:30:00.123Z"));
  }

  @Test
  void aTableWithColumnMappingIsAnsweredFromItsPhysicalColumnStatistics() {
    Warehouse warehouse = DeltaWarehouses.atPath(dir.toString());
    warehouse.append(
        rows(new Object[] {"a", at("2026-03-01T10:00:00Z"), "x"}), EVENTS, List.of(), Map.of());
    spark.sql(
        "ALTER TABLE delta.`"
            + warehouse.location(EVENTS)
            + "` SET TBLPROPERTIES ('delta.minReaderVersion' = '2',"
            + " 'delta.minWriterVersion' = '5', 'delta.columnMapping.mode' = 'name')");
    warehouse.append(
        rows(new Object[] {"b", at("2026-03-04T09:00:00Z"), "y"}), EVENTS, List.of(), Map.of());

    assertThat(Snapshots.statistics(spark, warehouse, EVENTS).maxTimestamp("at"))
        .contains(at("2026-03-04T09:00:00Z"));
  }

  @Test
  void maximaPerPartitionFromTheLogMatchSparksOverCheckpointAndCommits() {
    StructType schema = SCHEMA.add("day", DataTypes.DateType).add("shard", DataTypes.IntegerType);
    Warehouse warehouse = DeltaWarehouses.atPath(dir.toString());
    List<String> partitionBy = List.of("day", "shard");
    Object[][] batches = {
      {"a", at("2026-03-01T10:00:00Z"), "x", Date.valueOf("2026-03-01"), 1},
      {"b", at("2026-03-01T12:00:00.250Z"), "x", Date.valueOf("2026-03-01"), 1},
      {"c", at("2026-03-01T09:00:00Z"), "x", Date.valueOf("2026-03-01"), 2},
      {"d", null, "x", Date.valueOf("2026-03-02"), null},
      {"e", at("2026-03-02T08:00:00Z"), "x", Date.valueOf("2026-03-02"), null}
    };
    for (Object[] row : batches) {
      warehouse.append(
          spark.createDataFrame(List.of(RowFactory.create(row)), schema),
          EVENTS,
          partitionBy,
          Map.of("delta.checkpointInterval", "3"));
    }
    Snapshot snapshot = Snapshots.latest(spark, warehouse, EVENTS);
    assertThat(snapshot.logSegment().checkpointProvider().version()).isEqualTo(3L);

    Map<List<Object>, Optional<Timestamp>> fromLog =
        new SnapshotStatistics(snapshot).maxPerPartition(partitionBy, "at");

    assertThat(fromLog)
        .containsEntry(
            List.of(Date.valueOf("2026-03-01"), 1), Optional.of(at("2026-03-01T12:00:00.250Z")))
        .containsEntry(
            List.of(Date.valueOf("2026-03-01"), 2), Optional.of(at("2026-03-01T09:00:00Z")))
        .containsEntry(
            Arrays.asList(Date.valueOf("2026-03-02"), null),
            Optional.of(at("2026-03-02T08:00:00Z")))
        .hasSize(3)
        .isEqualTo(new SnapshotStatistics(snapshot).aggregatePerPartition(partitionBy, "at"));
  }

  @Test
  void noAnswerWhenTheTableHasNoValueOrNoStatisticsForTheColumn() {
    Warehouse warehouse = DeltaWarehouses.atPath(dir.toString());
    warehouse.append(rows(new Object[] {"a", null, "x"}), EVENTS, List.of(), Map.of());
    assertThat(Snapshots.statistics(spark, warehouse, EVENTS).maxTimestamp("at")).isEmpty();

    spark.sql(
        "ALTER TABLE delta.`"
            + warehouse.location(EVENTS)
            + "` SET TBLPROPERTIES ('delta.dataSkippingNumIndexedCols' = '1')");
    warehouse.append(
        rows(new Object[] {"b", at("2026-03-03T08:30:00Z"), "y"}), EVENTS, List.of(), Map.of());
    assertThat(Snapshots.statistics(spark, warehouse, EVENTS).maxTimestamp("at")).isEmpty();
  }

  @Test
  void aKeyRangeIsExcludedOnlyWhereEveryFileOfThePartitionsProvesIt() {
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("n", DataTypes.LongType)
            .add("grp", DataTypes.StringType);
    Warehouse warehouse = DeltaWarehouses.atPath(dir.toString());
    String longKey = "x".repeat(40);
    Object[][][] files = {
      {{"k10", 10L, "a"}, {"k20", 20L, "a"}},
      {{"k50", 50L, "b"}},
      {{null, null, "c"}},
      {{longKey, 1L, "d"}}
    };
    for (Object[][] file : files) {
      warehouse.append(
          spark
              .createDataFrame(Arrays.stream(file).map(RowFactory::create).toList(), schema)
              .coalesce(1),
          EVENTS,
          List.of("grp"),
          Map.of());
    }
    Snapshot snapshot = Snapshots.latest(spark, warehouse, EVENTS);
    Set<List<Object>> a = Set.of(List.of("a"));

    assertThat(excludes(snapshot, a, "id", "k15", "k15")).isFalse();
    assertThat(excludes(snapshot, a, "id", "k00", "k10")).isFalse();
    assertThat(excludes(snapshot, a, "id", "k21", "k30")).isTrue();
    assertThat(excludes(snapshot, a, "id", "k00", "k09")).isTrue();
    assertThat(excludes(snapshot, a, "n", 21L, 30L)).isTrue();
    assertThat(excludes(snapshot, a, "n", 5L, 10L)).isFalse();
    // Only the partitions named count.
    assertThat(excludes(snapshot, a, "id", "k50", "k50")).isTrue();
    assertThat(excludes(snapshot, Set.of(List.of("a"), List.of("b")), "id", "k50", "k50"))
        .isFalse();
    // A file whose keys are all null holds none.
    assertThat(excludes(snapshot, Set.of(List.of("c")), "id", "a", "z")).isTrue();
    // A string statistic as long as Delta's prefix may be truncated: as a greatest value it proves
    // nothing, as a least value it still bounds the file.
    Set<List<Object>> d = Set.of(List.of("d"));
    assertThat(excludes(snapshot, d, "id", longKey + "a", longKey + "b")).isFalse();
    assertThat(excludes(snapshot, d, "id", "a", "b")).isTrue();
    // Other column types are not read.
    assertThat(excludes(snapshot, a, "grp", "x", "y")).isFalse();
  }

  private static boolean excludes(
      Snapshot snapshot, Set<List<Object>> partitions, String column, Object low, Object high) {
    return new SnapshotStatistics(snapshot)
        .excludes(List.of("grp"), partitions, new ValueRange(column, low, high));
  }
}
