package io.strata.materialize;

import static io.strata.materialize.SqlNames.quoted;
import static java.util.Objects.requireNonNull;

import io.strata.model.ModelSpec;
import io.strata.quality.MergePreview;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * How many rows will hold a batch's keys, and the partitions of the target it can touch: listed
 * when few, else only bounded by the pruning.
 *
 * @param partitions the batch's partitions with their least order value; empty when too many to
 *     list
 */
record BatchSummary(
    MergePreview.KeyCopies copies,
    Pruning pruning,
    List<NewerByStatistics.BatchPartition> partitions) {
  /** Above this many partitions in a batch, the target is pruned to their range, not listed. */
  private static final int MAX_PRUNING_VALUES = 1000;

  BatchSummary {
    requireNonNull(copies, "copies is null");
    requireNonNull(pruning, "pruning is null");
    partitions = List.copyOf(requireNonNull(partitions, "partitions is null"));
  }

  /**
   * Counts the rows and the rows their keys will have once merged, and finds the partitions they
   * fall in, in one job: the MERGE condition then restricts the target to those partitions (their
   * values when few, else their range).
   *
   * @param copies on each row, how many rows will hold its key once merged
   */
  /** The summary of an incremental model's batch, rows newer-filtered or not. */
  static BatchSummary of(ModelSpec spec, Dataset<Row> rows) {
    return of(
        rows,
        spec.partitionBy(),
        spec.incremental().orElseThrow().orderBy(),
        NewerRowFilter.copies(rows));
  }

  static BatchSummary of(
      Dataset<Row> rows, List<String> partitionBy, String orderBy, Column copies) {
    Column[] partitions = SqlNames.columns(partitionBy);
    Column order = functions.col(quoted(orderBy));
    List<Column> aggregates = new ArrayList<>(List.of(MergePreview.KeyCopies.aggregates(copies)));
    aggregates.add(
        functions
            .when(functions.max(order.isNull()), functions.lit(null))
            .otherwise(functions.min(order)));
    Column first = aggregates.get(0);
    Column[] rest = aggregates.subList(1, aggregates.size()).toArray(Column[]::new);
    List<Row> groups =
        rows.groupBy(partitions).agg(first, rest).limit(MAX_PRUNING_VALUES + 1).collectAsList();
    if (groups.size() > MAX_PRUNING_VALUES) {
      Row total = rows.agg(first, rest).first();
      return new BatchSummary(
          MergePreview.KeyCopies.of(total, 0), Pruning.range(partitionBy, rows), List.of());
    }
    MergePreview.KeyCopies counted = MergePreview.KeyCopies.NONE;
    List<NewerByStatistics.BatchPartition> listed = new ArrayList<>();
    for (Row group : groups) {
      counted = counted.plus(MergePreview.KeyCopies.of(group, partitions.length));
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < partitions.length; i++) {
        values.add(group.get(i));
      }
      listed.add(new NewerByStatistics.BatchPartition(values, group.get(partitions.length + 3)));
    }
    return new BatchSummary(counted, Pruning.values(partitionBy, listed), listed);
  }

  long rows() {
    return copies.keys();
  }

  /** The same summary, its pruning described with {@code detail} after it. */
  BatchSummary describedAlso(String detail) {
    return new BatchSummary(copies, pruning.describedAlso(detail), partitions);
  }

  /** The summary with the target pruned to some of its partitions; the counts stay the batch's. */
  BatchSummary restrictedTo(
      List<String> partitionBy, List<NewerByStatistics.BatchPartition> partitions) {
    return new BatchSummary(copies, Pruning.values(partitionBy, partitions), partitions);
  }
}
