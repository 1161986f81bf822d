package io.strata.materialize;

import static io.strata.materialize.SqlNames.quoted;
import static java.util.Objects.requireNonNull;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * A predicate on the target's ({@code t}) partition columns that a batch's MERGE can touch, and how
 * it reads in progress output.
 */
record Pruning(Column condition, String description) {
  Pruning {
    requireNonNull(condition, "condition is null");
    requireNonNull(description, "description is null");
  }

  /** The same predicate, described with {@code detail} after it. */
  Pruning describedAlso(String detail) {
    return new Pruning(condition, description + detail);
  }

  /** Restricts each partition column to the values it takes in {@code partitions}. */
  static Pruning values(
      List<String> partitionBy, List<NewerByStatistics.BatchPartition> partitions) {
    Column condition = functions.lit(true);
    List<String> described = new ArrayList<>();
    for (int i = 0; i < partitionBy.size(); i++) {
      String column = partitionBy.get(i);
      Set<Object> distinct = new LinkedHashSet<>();
      for (NewerByStatistics.BatchPartition partition : partitions) {
        distinct.add(partition.values().get(i));
      }
      if (distinct.contains(null)) {
        continue;
      }
      condition =
          condition.and(
              functions
                  .col("t." + quoted(column))
                  .isin(distinct.stream().map(Pruning::literal).toArray()));
      described.add(column + " IN " + distinct.size() + " values");
    }
    return of(condition, described);
  }

  /**
   * Restricts each partition column to the range of values {@code rows} hold; a column where some
   * row holds null is not restricted.
   */
  static Pruning range(List<String> partitionBy, Dataset<Row> rows) {
    List<Column> bounds = new ArrayList<>();
    for (String column : partitionBy) {
      Column value = functions.col(quoted(column));
      bounds.add(functions.min(value));
      bounds.add(functions.max(value));
      bounds.add(functions.max(value.isNull()));
    }
    Row range =
        rows.agg(bounds.get(0), bounds.subList(1, bounds.size()).toArray(Column[]::new)).first();
    Column condition = functions.lit(true);
    List<String> described = new ArrayList<>();
    for (int i = 0; i < partitionBy.size(); i++) {
      Object low = range.get(3 * i);
      Object high = range.get(3 * i + 1);
      if (low == null || range.getBoolean(3 * i + 2)) {
        continue;
      }
      String column = partitionBy.get(i);
      condition =
          condition.and(functions.col("t." + quoted(column)).between(literal(low), literal(high)));
      described.add(column + " BETWEEN " + low + " AND " + high);
    }
    return of(condition, described);
  }

  private static Pruning of(Column condition, List<String> described) {
    return new Pruning(
        condition,
        described.isEmpty() ? "" : ", target pruned to " + String.join(" AND ", described));
  }

  private static Object literal(Object value) {
    if (value instanceof Date || value instanceof Timestamp) {
      return functions.lit(value);
    }
    return value;
  }
}
