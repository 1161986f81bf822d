package io.strata.model;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/** Keeps the latest row per key with a window function: the one way Strata deduplicates. */
public final class Dedup {
  private static final String RANK = "__strata_rank";

  private Dedup() {}

  /**
   * One row per {@code keys}: the greatest by {@code newestFirst}, compared in order, nulls last.
   *
   * <p>Give enough ordering columns to break ties (for example {@code updated_at, _loaded_at}):
   * among rows equal on all of them the survivor is arbitrary, which only matters when they differ
   * in other columns.
   */
  public static Dataset<Row> latest(
      Dataset<Row> rows, List<String> keys, List<String> newestFirst) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("deduplication needs at least one key column");
    }
    Column[] partition = keys.stream().map(functions::col).toArray(Column[]::new);
    Column[] order =
        newestFirst.stream().map(c -> functions.col(c).desc_nulls_last()).toArray(Column[]::new);
    WindowSpec window = Window.partitionBy(partition).orderBy(order);
    return rows.withColumn(RANK, functions.row_number().over(window))
        .where(functions.col(RANK).equalTo(1))
        .drop(RANK);
  }
}
