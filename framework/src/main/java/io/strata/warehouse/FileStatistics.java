package io.strata.warehouse;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.types.StructType;

/**
 * What the per-file statistics of one version of a table say, without reading its data. Every
 * answer may be "cannot tell" (empty, or false), never a guess.
 *
 * <p>Delta truncates timestamp statistics to milliseconds, so a maximum may be up to a millisecond
 * below the true one: good for freshness, lookback windows and "newer than" proofs with a
 * millisecond's margin, not for equality.
 */
public interface FileStatistics {
  /** The version's schema. */
  StructType schema();

  /**
   * Whether statistics and partition values are named by the columns' own names: false under column
   * mapping, where no proof is attempted.
   */
  boolean namedByColumn();

  /**
   * The column's largest timestamp; empty when the table has no value or some file lacks the
   * statistic.
   */
  Optional<Timestamp> maxTimestamp(String column);

  /**
   * The column's largest timestamp in each partition that holds files, keyed by partition values in
   * {@code partitionBy}'s order as Spark returns them: empty where a file lacks the statistic or
   * every value is null.
   */
  Map<List<Object>, Optional<Timestamp>> maxPerPartition(List<String> partitionBy, String column);

  /**
   * Whether the statistics prove that no file in {@code partitions} (values of {@code partitionBy})
   * holds a value in {@code range}; false when they cannot tell.
   */
  boolean excludes(List<String> partitionBy, Set<List<Object>> partitions, ValueRange range);
}
