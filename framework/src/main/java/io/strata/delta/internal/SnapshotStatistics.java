package io.strata.delta.internal;

import io.strata.warehouse.FileStatistics;
import io.strata.warehouse.ValueRange;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * The file statistics of one Delta snapshot: read on the driver from its log where it can be
 * ({@link FileStats}), else by a Spark aggregate over the snapshot's parsed statistics.
 */
final class SnapshotStatistics implements FileStatistics {
  private final Snapshot snapshot;
  private final int maxFiles;

  SnapshotStatistics(Snapshot snapshot) {
    this(snapshot, FileStats.MAX_FILES);
  }

  /**
   * @param maxFiles above this many files, the log is not replayed on the driver: Spark aggregates
   *     the statistics instead
   */
  SnapshotStatistics(Snapshot snapshot, int maxFiles) {
    this.snapshot = snapshot;
    this.maxFiles = maxFiles;
  }

  @Override
  public StructType schema() {
    return snapshot.metadata().schema();
  }

  @Override
  public boolean namedByColumn() {
    return namedByColumn(snapshot);
  }

  /**
   * Whether the snapshot's log names statistics and partition values by the columns' own names:
   * true without column mapping, which names them by physical column names instead.
   */
  static boolean namedByColumn(Snapshot snapshot) {
    return "none".equalsIgnoreCase(snapshot.metadata().columnMappingMode().name());
  }

  @Override
  public Optional<Timestamp> maxTimestamp(String column) {
    return FileStats.readable(snapshot, column)
        ? FileStats.of(snapshot, column, maxFiles).orElseGet(() -> aggregate(column))
        : aggregate(column);
  }

  @Override
  public Map<List<Object>, Optional<Timestamp>> maxPerPartition(
      List<String> partitionBy, String column) {
    return (FileStats.readable(snapshot, column)
            ? FileStats.maxPerPartition(snapshot, partitionBy, column, maxFiles)
            : Optional.<Map<List<Object>, Optional<Timestamp>>>empty())
        .orElseGet(() -> aggregatePerPartition(partitionBy, column));
  }

  @Override
  public boolean excludes(
      List<String> partitionBy, Set<List<Object>> partitions, ValueRange range) {
    return FileStats.excludes(snapshot, partitionBy, partitions, range, maxFiles);
  }

  /** {@link #maxTimestamp} by a Spark aggregate over the parsed statistics: for any table. */
  private Optional<Timestamp> aggregate(String column) {
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

  /** {@link #maxPerPartition} by a Spark aggregate: for any table. */
  Map<List<Object>, Optional<Timestamp>> aggregatePerPartition(
      List<String> partitionBy, String column) {
    StructType schema = schema();
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
