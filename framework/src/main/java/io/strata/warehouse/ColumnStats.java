package io.strata.warehouse;

import static java.util.Objects.requireNonNull;

import io.strata.model.TableName;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * A column's maximum read from the statistics Delta keeps per data file, without reading data.
 *
 * <p>Delta truncates timestamp statistics to milliseconds, so the answer may be up to a millisecond
 * below the true maximum: good for freshness and lookback windows, not for equality.
 */
public final class ColumnStats {
  private ColumnStats() {}

  /**
   * The column's largest timestamp: from the file statistics when every file has them, else by
   * reading the column; empty when the table holds no value.
   */
  public static Optional<Timestamp> max(
      SparkSession spark, Warehouse warehouse, TableName table, String column) {
    return maxTimestamp(spark, warehouse, table, column)
        .or(() -> scanMax(spark, warehouse, table, column));
  }

  private static Optional<Timestamp> scanMax(
      SparkSession spark, Warehouse warehouse, TableName table, String column) {
    Row max =
        warehouse
            .read(spark, table)
            .agg(functions.max(functions.col(column).cast("timestamp")))
            .first();
    return max.isNullAt(0) ? Optional.empty() : Optional.of(max.getTimestamp(0));
  }

  /**
   * The column's largest timestamp per the file statistics alone; empty when the table has no value
   * or some file lacks statistics for the column.
   */
  public static Optional<Timestamp> maxTimestamp(
      SparkSession spark, Warehouse warehouse, TableName table, String column) {
    Snapshot snapshot = warehouse.snapshot(spark, table);
    return FileStats.readable(snapshot, column)
        ? FileStats.of(snapshot, column).orElseGet(() -> aggregate(snapshot, column))
        : aggregate(snapshot, column);
  }

  /** The same answer from a Spark aggregate over the parsed statistics: for any table. */
  private static Optional<Timestamp> aggregate(Snapshot snapshot, String column) {
    Row row;
    try {
      row =
          snapshot
              .withStats()
              .agg(
                  functions.max(fileMax(column)),
                  functions.sum(functions.when(unknownIn(column), 1).otherwise(0)))
              .first();
    } catch (Exception e) {
      // Spark's AnalysisException (no statistics for the column) is checked in Java's eyes.
      return Optional.empty();
    }
    boolean complete = row.isNullAt(1) || row.getLong(1) == 0;
    return complete && !row.isNullAt(0) ? Optional.of(row.getTimestamp(0)) : Optional.empty();
  }

  /**
   * The column's largest timestamp in each partition that holds files, by partition values in
   * {@code partitionBy}'s order: empty where a file lacks the statistic or every value is null.
   * Read on the driver from the log where it can be, else by a Spark aggregate over the parsed
   * statistics.
   */
  public static Map<List<Object>, Optional<Timestamp>> maxPerPartition(
      Snapshot snapshot, List<String> partitionBy, String column) {
    return (FileStats.readable(snapshot, column)
            ? FileStats.maxPerPartition(snapshot, partitionBy, column)
            : Optional.<Map<List<Object>, Optional<Timestamp>>>empty())
        .orElseGet(() -> aggregatePerPartition(snapshot, partitionBy, column));
  }

  /**
   * Whether the table's log names statistics and partition values by the columns' own names: true
   * without column mapping, which names them by physical column names instead.
   */
  public static boolean namedByColumn(Snapshot snapshot) {
    return "none".equalsIgnoreCase(snapshot.metadata().columnMappingMode().name());
  }

  /** The values of a column from {@code low} to {@code high}, both included. */
  public record ValueRange(String column, Object low, Object high) {
    public ValueRange {
      requireNonNull(column, "column is null");
      requireNonNull(low, "low is null");
      requireNonNull(high, "high is null");
    }
  }

  /**
   * Whether the file statistics prove that the table holds no value in {@code range} in the given
   * partitions (values of {@code partitionBy}, as Spark returns them); false when they cannot tell.
   * Reads integer and string columns, on the driver.
   */
  public static boolean excludes(
      Snapshot snapshot, List<String> partitionBy, Set<List<Object>> partitions, ValueRange range) {
    return FileStats.excludes(snapshot, partitionBy, partitions, range);
  }

  /** {@link #maxPerPartition} by a Spark aggregate: for any table. */
  static Map<List<Object>, Optional<Timestamp>> aggregatePerPartition(
      Snapshot snapshot, List<String> partitionBy, String column) {
    StructType schema = snapshot.metadata().schema();
    Column[] keys =
        partitionBy.stream()
            .map(c -> functions.col("partitionValues").getItem(c).cast(schema.apply(c).dataType()))
            .toArray(Column[]::new);
    List<Row> groups =
        snapshot
            .withStats()
            .groupBy(keys)
            .agg(functions.max(fileMax(column)), functions.max(unknownIn(column)))
            .collectAsList();
    Map<List<Object>, Optional<Timestamp>> max = new HashMap<>();
    int width = partitionBy.size();
    for (Row group : groups) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < width; i++) {
        values.add(group.get(i));
      }
      boolean known = !group.isNullAt(width + 1) && !group.getBoolean(width + 1);
      max.put(
          values,
          known && !group.isNullAt(width)
              ? Optional.of(group.getTimestamp(width))
              : Optional.empty());
    }
    return max;
  }

  /** A file's largest value of the column, from its statistics. */
  private static Column fileMax(String column) {
    return functions.col("stats.maxValues." + quoted(column)).cast("timestamp");
  }

  /** Whether a file's statistics leave its largest value unknown: absent, while non-nulls exist. */
  private static Column unknownIn(String column) {
    Column max = functions.col("stats.maxValues." + quoted(column));
    Column nulls = functions.col("stats.nullCount." + quoted(column));
    Column rows = functions.col("stats.numRecords");
    return functions.col("stats").isNull().or(max.isNull().and(nulls.isNull().or(nulls.lt(rows))));
  }

  private static String quoted(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
