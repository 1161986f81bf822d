package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.warehouse.ColumnStats;
import java.sql.Timestamp;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The partitions of a batch whose every row is newer than every row the table holds there, read
 * from the table's file statistics: a MERGE of such rows updates every row it matches, so no pass
 * over the table is needed to drop stale ones.
 *
 * <p>A key never moves between partitions, so the rows a new row can replace are in its partition.
 * Delta truncates timestamp statistics to milliseconds: a partition is newer when its oldest new
 * value is at least a millisecond past the table's greatest there. Only timestamp order columns,
 * partition columns whose values Delta writes as Spark reads them back (strings, dates, integers,
 * booleans) and tables without column mapping are read; anything else proves nothing.
 */
final class NewerByStatistics {
  /** Above this many partitions in a batch, nothing is proved. */
  static final int MAX_PARTITIONS = 100;

  /** Partition column types whose values Delta's log holds in the form a cast reads back. */
  private static final Set<DataType> EXACT_PARTITION_TYPES =
      Set.of(
          DataTypes.StringType,
          DataTypes.DateType,
          DataTypes.ByteType,
          DataTypes.ShortType,
          DataTypes.IntegerType,
          DataTypes.LongType,
          DataTypes.BooleanType);

  /**
   * One partition of a batch.
   *
   * @param values the partition columns' values, in the table's order
   * @param oldest the smallest order value of its rows; null when a row has none
   */
  record BatchPartition(List<Object> values, Object oldest) {
    BatchPartition {
      values = requireNonNull(values, "values is null").stream().toList();
    }
  }

  private NewerByStatistics() {}

  /** The batch partitions proved newer than the table's rows there; none when it cannot tell. */
  static Set<List<Object>> partitions(
      Snapshot snapshot, List<String> partitionBy, String orderBy, List<BatchPartition> batch) {
    if (batch.isEmpty()
        || batch.size() > MAX_PARTITIONS
        || !readable(snapshot, partitionBy, orderBy)) {
      return Set.of();
    }
    Map<List<Object>, Optional<Timestamp>> newest =
        ColumnStats.maxPerPartition(snapshot, partitionBy, orderBy);
    Set<List<Object>> proved = new LinkedHashSet<>();
    for (BatchPartition partition : batch) {
      if (partition.values().contains(null) || !(partition.oldest() instanceof Timestamp oldest)) {
        continue;
      }
      Optional<Timestamp> greatest = newest.getOrDefault(partition.values(), Optional.empty());
      if (!newest.containsKey(partition.values())
          || greatest
              .map(g -> !oldest.toInstant().isBefore(g.toInstant().plusMillis(1)))
              .orElse(false)) {
        proved.add(partition.values());
      }
    }
    return proved;
  }

  private static boolean readable(Snapshot snapshot, List<String> partitionBy, String orderBy) {
    return "none".equalsIgnoreCase(snapshot.metadata().columnMappingMode().name())
        && DataTypes.TimestampType.equals(typeOf(snapshot, orderBy))
        && partitionBy.stream().allMatch(c -> EXACT_PARTITION_TYPES.contains(typeOf(snapshot, c)));
  }

  private static DataType typeOf(Snapshot snapshot, String column) {
    for (StructField field : snapshot.metadata().schema().fields()) {
      if (field.name().equals(column)) {
        return field.dataType();
      }
    }
    return DataTypes.NullType;
  }
}
