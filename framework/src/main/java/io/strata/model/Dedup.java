package io.strata.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Keeps the latest row per key with a window function: the one way Strata deduplicates.
 *
 * <p>The order is total, so the survivor never depends on how rows were grouped into batches: after
 * the ordering columns, rows that tie on all of them are ranked by a stable hash of the row ({@link
 * #rowHash}). An incremental model's MERGE ranks a new row against the table's by the same order,
 * which is why its table equals its full refresh even when two versions tie.
 */
public final class Dedup {
  private static final String RANK = "__strata_rank";

  /** Columns named so are Strata's own bookkeeping and never part of a row's hash. */
  private static final String INTERNAL_PREFIX = "__strata_";

  private Dedup() {}

  /**
   * One row per {@code keys}: the greatest by {@code newestFirst}, compared in order, nulls last;
   * among rows equal on all of them, the one with the greatest {@link #rowHash}.
   */
  public static Dataset<Row> latest(
      Dataset<Row> rows, List<String> keys, List<String> newestFirst) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("deduplication needs at least one key column");
    }
    Column[] partition = keys.stream().map(functions::col).toArray(Column[]::new);
    List<Column> order = new ArrayList<>();
    newestFirst.forEach(c -> order.add(functions.col(c).desc_nulls_last()));
    order.add(functions.expr(rowHash(rows.schema(), "")).desc());
    WindowSpec window = Window.partitionBy(partition).orderBy(order.toArray(Column[]::new));
    return rows.withColumn(RANK, functions.row_number().over(window))
        .where(functions.col(RANK).equalTo(1))
        .drop(RANK);
  }

  /**
   * A stable 64-bit hash of a row, as Spark SQL: {@code xxhash64} of every column of {@code schema}
   * but Strata's internal ones and those holding a map (which Spark does not hash), each prefixed
   * with {@code qualifier} ({@code "t."} for a MERGE's target, {@code ""} for none).
   */
  public static String rowHash(StructType schema, String qualifier) {
    List<String> columns =
        Arrays.stream(schema.fields())
            .filter(f -> !f.name().startsWith(INTERNAL_PREFIX) && !holdsMap(f.dataType()))
            .map(StructField::name)
            .map(name -> qualifier + "`" + name.replace("`", "``") + "`")
            .collect(Collectors.toList());
    return columns.isEmpty() ? "0L" : "xxhash64(" + String.join(", ", columns) + ")";
  }

  private static boolean holdsMap(DataType type) {
    if (type instanceof MapType) {
      return true;
    }
    if (type instanceof ArrayType array) {
      return holdsMap(array.elementType());
    }
    if (type instanceof StructType struct) {
      return Arrays.stream(struct.fields()).anyMatch(f -> holdsMap(f.dataType()));
    }
    return false;
  }
}
