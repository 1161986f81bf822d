package io.strata.warehouse;

import io.strata.model.TableName;
import java.sql.Timestamp;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** A column's maximum, from file statistics where the warehouse has them, else by reading it. */
public final class ColumnStats {
  private ColumnStats() {}

  /**
   * The column's largest timestamp: from the file statistics when every file has them, else by
   * reading the column; empty when the table holds no value.
   */
  public static Optional<Timestamp> max(
      SparkSession spark, Warehouse warehouse, TableName table, String column) {
    return warehouse
        .statistics(spark, table)
        .flatMap(stats -> stats.maxTimestamp(column))
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
}
