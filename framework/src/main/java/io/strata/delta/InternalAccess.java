package io.strata.delta;

import io.strata.warehouse.CommitGate;
import io.strata.warehouse.FileStatistics;
import io.strata.warehouse.Warehouse;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * What Strata does through Delta's internal classes, typed in Strata's and Spark's own types. Its
 * one implementation, in {@code io.strata.delta.internal}, is loaded by name only where {@link
 * DeltaRuntime} chooses the internal path, so that no class naming Delta's internals loads on the
 * portable one.
 */
public interface InternalAccess {
  /** Whether the session's Delta log store is Strata's, which can hold a commit. */
  boolean holdsCommits(SparkSession spark);

  /** Runs {@code write}, holding its commit to the table until {@code gate} answers. */
  void holdingCommit(SparkSession spark, DeltaTableRef table, CommitGate gate, Runnable write);

  /** The table's latest version, from its log. */
  long version(SparkSession spark, DeltaTableRef table);

  /** Every commit still in the log, newest first, read on the driver as the stream is consumed. */
  Stream<Warehouse.Commit> commits(SparkSession spark, DeltaTableRef table);

  /**
   * The string columns of a small table, read from its files on the driver; empty when it has more
   * than {@code maxFiles} files or files only Spark reads right.
   */
  Optional<List<List<String>>> readStrings(
      SparkSession spark, DeltaTableRef table, List<String> columns, int maxFiles);

  /** The file statistics of the table's latest version. */
  FileStatistics statistics(SparkSession spark, DeltaTableRef table);

  /** Drops the Delta log cached for the table at {@code path}, releasing its cached state. */
  void forget(SparkSession spark, String path);
}
