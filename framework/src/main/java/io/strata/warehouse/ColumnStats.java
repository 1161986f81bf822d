package io.strata.warehouse;

import io.strata.model.TableName;
import java.sql.Timestamp;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.functions;

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
    String quoted = "`" + column.replace("`", "``") + "`";
    Column max = functions.col("stats.maxValues." + quoted);
    Column nulls = functions.col("stats.nullCount." + quoted);
    Column rows = functions.col("stats.numRecords");
    Column unknown =
        functions.col("stats").isNull().or(max.isNull().and(nulls.isNull().or(nulls.lt(rows))));
    Row row;
    try {
      row =
          snapshot
              .withStats()
              .agg(
                  functions.max(max.cast("timestamp")),
                  functions.sum(functions.when(unknown, 1).otherwise(0)))
              .first();
    } catch (Exception e) {
      // Spark's AnalysisException (no statistics for the column) is checked in Java's eyes.
      return Optional.empty();
    }
    boolean complete = row.isNullAt(1) || row.getLong(1) == 0;
    return complete && !row.isNullAt(0) ? Optional.of(row.getTimestamp(0)) : Optional.empty();
  }
}
