package io.strata.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.TableName;
import io.strata.testing.TestingSpark;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColumnStatsTest {
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
    Warehouse warehouse = Warehouses.atPath(dir.toString());
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

    assertThat(ColumnStats.maxTimestamp(spark, warehouse, EVENTS, "at"))
        .contains(at("2026-03-03T08:30:00.123Z"));
  }

  @Test
  void aTableWithColumnMappingIsAnsweredFromItsPhysicalColumnStatistics() {
    Warehouse warehouse = Warehouses.atPath(dir.toString());
    warehouse.append(
        rows(new Object[] {"a", at("2026-03-01T10:00:00Z"), "x"}), EVENTS, List.of(), Map.of());
    spark.sql(
        "ALTER TABLE delta.`"
            + warehouse.location(EVENTS)
            + "` SET TBLPROPERTIES ('delta.minReaderVersion' = '2',"
            + " 'delta.minWriterVersion' = '5', 'delta.columnMapping.mode' = 'name')");
    warehouse.append(
        rows(new Object[] {"b", at("2026-03-04T09:00:00Z"), "y"}), EVENTS, List.of(), Map.of());

    assertThat(ColumnStats.maxTimestamp(spark, warehouse, EVENTS, "at"))
        .contains(at("2026-03-04T09:00:00Z"));
  }

  @Test
  void maximaPerPartitionFromTheLogMatchSparksOverCheckpointAndCommits() {
    StructType schema = SCHEMA.add("day", DataTypes.DateType).add("shard", DataTypes.IntegerType);
    Warehouse warehouse = Warehouses.atPath(dir.toString());
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
    Snapshot snapshot = warehouse.snapshot(spark, EVENTS);
    assertThat(snapshot.logSegment().checkpointProvider().version()).isEqualTo(3L);

    Map<List<Object>, Optional<Timestamp>> fromLog =
        ColumnStats.maxPerPartition(snapshot, partitionBy, "at");

    assertThat(fromLog)
        .containsEntry(
            List.of(Date.valueOf("2026-03-01"), 1), Optional.of(at("2026-03-01T12:00:00.250Z")))
        .containsEntry(
            List.of(Date.valueOf("2026-03-01"), 2), Optional.of(at("2026-03-01T09:00:00Z")))
        .containsEntry(
            Arrays.asList(Date.valueOf("2026-03-02"), null),
            Optional.of(at("2026-03-02T08:00:00Z")))
        .hasSize(3)
        .isEqualTo(ColumnStats.aggregatePerPartition(snapshot, partitionBy, "at"));
  }

  @Test
  void noAnswerWhenTheTableHasNoValueOrNoStatisticsForTheColumn() {
    Warehouse warehouse = Warehouses.atPath(dir.toString());
    warehouse.append(rows(new Object[] {"a", null, "x"}), EVENTS, List.of(), Map.of());
    assertThat(ColumnStats.maxTimestamp(spark, warehouse, EVENTS, "at")).isEmpty();

    spark.sql(
        "ALTER TABLE delta.`"
            + warehouse.location(EVENTS)
            + "` SET TBLPROPERTIES ('delta.dataSkippingNumIndexedCols' = '1')");
    warehouse.append(
        rows(new Object[] {"b", at("2026-03-03T08:30:00Z"), "y"}), EVENTS, List.of(), Map.of());
    assertThat(ColumnStats.maxTimestamp(spark, warehouse, EVENTS, "at")).isEmpty();
  }
}
