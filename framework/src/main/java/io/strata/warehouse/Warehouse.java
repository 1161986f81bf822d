package io.strata.warehouse;

import io.strata.model.TableName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where {@code layer.table} names are stored, and the Delta operations on them: the port the rest
 * of Strata uses, typed only in Strata's and Spark's own types. Implementations live in {@code
 * io.strata.delta}; {@link #capabilities} says what beyond Delta's public API they offer.
 */
public interface Warehouse {
  /** What this warehouse offers beyond Delta's public API, in the given session. */
  Capabilities capabilities(SparkSession spark);

  boolean exists(TableName table);

  /** Where the table lives, for messages: a path or a catalog name. */
  String location(TableName table);

  /** The table's latest version in the given session. */
  Dataset<Row> read(SparkSession spark, TableName table);

  /**
   * The string columns of a small table (a few files, such as an audit table), read on the driver
   * with no Spark job when its files allow, else with Spark.
   */
  List<List<String>> readStrings(SparkSession spark, TableName table, List<String> columns);

  /** The table as of a Delta version. */
  Dataset<Row> readVersion(SparkSession spark, TableName table, long version);

  /** Rows inserted by the versions after {@code fromExclusive} up to {@code toInclusive}. */
  Dataset<Row> readInserts(
      SparkSession spark, TableName table, long fromExclusive, long toInclusive);

  /** Upserts rows into the table in one commit (Delta {@code MERGE}). */
  void merge(SparkSession spark, TableName table, MergeInto merge);

  /**
   * The file statistics of the table's latest version; empty where {@link
   * Capabilities#fileStatistics} is false or the table's log cannot be read for them.
   */
  Optional<FileStatistics> statistics(SparkSession spark, TableName table);

  /**
   * Runs {@code write} on this thread, holding its commit to the table until {@code gate} answers
   * with the commit's user metadata; a gate that throws aborts the commit. Only where {@link
   * Capabilities#heldCommits} is true; elsewhere it throws {@link UnsupportedOperationException}.
   */
  void holdingCommit(SparkSession spark, TableName table, CommitGate gate, Runnable write);

  /**
   * Latest Delta version, empty when the table does not exist; a table whose files show damage (its
   * log gone while data files remain, its newest commit file gone or truncated) throws a {@link
   * io.strata.error.ErrorKind#BROKEN_TABLE} error naming it.
   */
  Optional<Long> version(SparkSession spark, TableName table);

  /**
   * What a full replacement of the table starts from: its latest version, or empty when it does not
   * exist or is too damaged to read (an {@link #overwrite} then replaces it from scratch).
   */
  Optional<Long> replaceableVersion(SparkSession spark, TableName table);

  /**
   * The user-facing error for a fault found in {@code error}'s causes: another writer's commit, a
   * damaged table (named), a full disk; empty when it is none of these.
   */
  Optional<io.strata.error.StrataException> diagnose(Throwable error);

  /** The newest commits, newest first: version, operation, user metadata and operation metrics. */
  List<Commit> history(SparkSession spark, TableName table, int limit);

  /** Every commit still in the log, newest first, read lazily as the stream is consumed. */
  Stream<Commit> commits(SparkSession spark, TableName table);

  /** Bytes of data files in the table's latest version (0 when it does not exist). */
  long sizeInBytes(SparkSession spark, TableName table);

  /**
   * Replaces the whole table in one commit, schema included; a table too damaged to read is
   * replaced from scratch where the implementation can (see its documentation).
   */
  void overwrite(Dataset<Row> rows, TableName table, List<String> partitionBy);

  /**
   * Replaces the rows {@code condition} (Spark SQL over partition columns) selects with {@code
   * rows}, in one commit (Delta's {@code replaceWhere}); every row of {@code rows} must satisfy it,
   * and rows outside it are not touched.
   */
  void replaceWhere(Dataset<Row> rows, TableName table, String condition);

  /** Appends in one commit, adding new columns; sets the given table properties on creation. */
  void append(
      Dataset<Row> rows, TableName table, List<String> partitionBy, Map<String, String> properties);

  /** The table's files, bytes and columns, from {@code DESCRIBE DETAIL}. */
  TableDetail detail(SparkSession spark, TableName table);

  /**
   * Compacts the table's small files with Delta {@code OPTIMIZE}, Z-ordering by the given columns
   * unless there are none; a table with nothing to compact gets no commit.
   */
  OptimizeResult optimize(SparkSession spark, TableName table, List<String> zOrderBy);

  /**
   * Deletes the files no version younger than {@code retain} needs, with Delta {@code VACUUM}; a
   * dry run only counts them.
   *
   * @param force turn Delta's own check of short retentions off for this call
   */
  VacuumResult vacuum(
      SparkSession spark, TableName table, Duration retain, boolean dryRun, boolean force);

  /** Sets a table property in a metadata-only commit. */
  void setProperty(SparkSession spark, TableName table, String key, String value);

  /** One Delta commit as recorded in the table's history. */
  record Commit(
      long version, String operation, Optional<String> userMetadata, Map<String, String> metrics) {}
}
