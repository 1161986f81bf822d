package io.strata.materialize;

import static io.strata.materialize.SqlNames.quoted;
import static java.util.Objects.requireNonNull;

import io.strata.warehouse.FileStatistics;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The rows of a batch newer than every row the table holds in their partition, read from the
 * table's file statistics: a MERGE of such rows updates every row it matches, so no pass over the
 * table is needed to drop stale ones.
 *
 * <p>A key never moves between partitions, so the rows a new row can replace are in its partition.
 * Delta truncates timestamp statistics to milliseconds: a row is newer when its order value is at
 * least a millisecond past the table's greatest in its partition. Only timestamp order columns,
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

  /**
   * What the table's statistics prove of a batch: in each partition they say something of, the
   * least order value a row needs to be newer than every row the table holds there; empty for a
   * partition where the table has no file, whose every row is newer.
   */
  record Proof(Map<List<Object>, Optional<Timestamp>> newerFrom) {
    static final Proof NONE = new Proof(Map.of());

    Proof {
      newerFrom = Map.copyOf(requireNonNull(newerFrom, "newerFrom is null"));
    }

    boolean isEmpty() {
      return newerFrom.isEmpty();
    }

    /** Whether every row of the batch partition is proved newer. */
    boolean provesAll(BatchPartition partition) {
      Optional<Timestamp> from = newerFrom.get(partition.values());
      if (from == null) {
        return false;
      }
      return from.isEmpty()
          || partition.oldest() instanceof Timestamp oldest && !oldest.before(from.get());
    }

    /** A predicate, never null, true on the rows proved newer. */
    Column rows(List<String> partitionBy, String orderBy) {
      Column order = functions.col(quoted(orderBy));
      Column proved = functions.lit(false);
      for (Map.Entry<List<Object>, Optional<Timestamp>> entry : newerFrom.entrySet()) {
        Column partition = functions.lit(true);
        for (int i = 0; i < partitionBy.size(); i++) {
          partition =
              partition.and(
                  functions.col(quoted(partitionBy.get(i))).eqNullSafe(entry.getKey().get(i)));
        }
        Column newer =
            entry
                .getValue()
                .map(from -> order.isNotNull().and(order.geq(functions.lit(from))))
                .orElse(functions.lit(true));
        proved = proved.or(partition.and(newer));
      }
      return proved;
    }
  }

  /** What the table's file statistics prove of the batch; nothing when it cannot tell. */
  static Proof proof(
      FileStatistics stats, List<String> partitionBy, String orderBy, List<BatchPartition> batch) {
    if (batch.isEmpty()
        || batch.size() > MAX_PARTITIONS
        || !readable(stats, partitionBy, orderBy)) {
      return Proof.NONE;
    }
    Map<List<Object>, Optional<Timestamp>> newest = stats.maxPerPartition(partitionBy, orderBy);
    Map<List<Object>, Optional<Timestamp>> from = new LinkedHashMap<>();
    for (BatchPartition partition : batch) {
      List<Object> values = partition.values();
      if (values.contains(null)) {
        continue;
      }
      if (!newest.containsKey(values)) {
        from.put(values, Optional.empty());
      } else {
        newest
            .get(values)
            .ifPresent(
                greatest ->
                    from.put(
                        values, Optional.of(Timestamp.from(greatest.toInstant().plusMillis(1)))));
      }
    }
    return new Proof(from);
  }

  private static boolean readable(FileStatistics stats, List<String> partitionBy, String orderBy) {
    return stats.namedByColumn()
        && DataTypes.TimestampType.equals(typeOf(stats, orderBy))
        && partitionBy.stream().allMatch(c -> EXACT_PARTITION_TYPES.contains(typeOf(stats, c)));
  }

  private static DataType typeOf(FileStatistics stats, String column) {
    for (StructField field : stats.schema().fields()) {
      if (field.name().equals(column)) {
        return field.dataType();
      }
    }
    return DataTypes.NullType;
  }
}
