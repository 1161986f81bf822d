package io.strata.delta;

import io.delta.tables.DeltaOptimizeBuilder;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.strata.error.ErrorKind;
import io.strata.error.Errors;
import io.strata.error.StrataException;
import io.strata.model.TableName;
import io.strata.warehouse.Capabilities;
import io.strata.warehouse.CommitGate;
import io.strata.warehouse.FileStatistics;
import io.strata.warehouse.MergeInto;
import io.strata.warehouse.OptimizeResult;
import io.strata.warehouse.TableDetail;
import io.strata.warehouse.VacuumResult;
import io.strata.warehouse.Warehouse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Delta operations shared by the path and catalog warehouses: Delta's public API and SQL, with
 * Delta's internals in their place where the runtime offers them ({@link InternalAccess}).
 */
abstract class DeltaWarehouse implements Warehouse {
  /** Delta's session switch for optimized writes, which the writer option sets per write. */
  static final String OPTIMIZE_WRITE = "spark.databricks.delta.optimizeWrite.enabled";

  /** Whether Delta copies a MERGE's source before reading it. */
  private static final String MATERIALIZE_SOURCE = "spark.databricks.delta.merge.materializeSource";

  private static final String CHANGE_TYPE = "_change_type";
  private static final String RETENTION_CHECK =
      "spark.databricks.delta.retentionDurationCheck.enabled";
  private static final String OPTIMIZE = "OPTIMIZE";
  private static final String VACUUM_START = "VACUUM START";
  private static final String VACUUM_END = "VACUUM END";
  private static final int RECENT_COMMITS = 20;

  /** Up to this many files, {@link #readStrings} reads them on the driver. */
  private static final int SMALL_TABLE_FILES = 200;

  private final Optional<InternalAccess> internals;

  DeltaWarehouse(DeltaRuntime runtime) {
    this.internals = runtime.internals();
  }

  /** SQL identifier of the table, usable in FROM clauses. */
  abstract String identifier(TableName table);

  /** Where the table is, for Delta's internals. */
  abstract DeltaTableRef ref(TableName table);

  /** The table through Delta's public API. */
  abstract DeltaTable deltaTable(SparkSession spark, TableName table);

  /** The damage the table's files show before Delta reads them; empty where none is seen. */
  abstract Optional<StrataException> damage(SparkSession spark, TableName table);

  /** The warehouse's table at a path found in an error message, if the path is one of its own. */
  abstract Optional<TableName> tableAt(String path);

  @Override
  public Optional<StrataException> diagnose(Throwable error) {
    return TableFaults.diagnose(error, Optional.empty(), "build", this::tableAt);
  }

  /** Throws the damage the table's files show, if any. */
  void requireIntact(SparkSession spark, TableName table) {
    Optional<StrataException> damage = damage(spark, table);
    if (damage.isPresent()) {
      throw damage.get();
    }
  }

  /**
   * Runs an operation on the table, turning another writer's commit, a damaged table and a full
   * disk into Strata's errors; anything else is rethrown as it is.
   */
  <T> T guarded(TableName table, String operation, Supplier<T> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      throw TableFaults.diagnose(e, Optional.of(table), operation, this::tableAt)
          .<RuntimeException>map(mapped -> mapped)
          .orElse(e);
    } catch (Exception e) {
      // Spark and Delta throw checked exceptions from Scala, undeclared.
      Optional<StrataException> fault =
          TableFaults.diagnose(e, Optional.of(table), operation, this::tableAt);
      if (fault.isPresent()) {
        throw fault.get();
      }
      throw DeltaWarehouse.<RuntimeException>rethrow(e);
    }
  }

  /** Rethrows a checked exception Scala threw undeclared, as it is. */
  @SuppressWarnings("unchecked")
  private static <E extends Exception> E rethrow(Exception error) throws E {
    throw (E) error;
  }

  /** {@link #guarded} for an action with no result. */
  void guardedRun(TableName table, String operation, Runnable action) {
    guarded(
        table,
        operation,
        () -> {
          action.run();
          return null;
        });
  }

  /** Whether {@code error} reports damage to {@code table} itself. */
  static boolean damages(StrataException error, TableName table) {
    return error.kind() == ErrorKind.BROKEN_TABLE
        && error.getMessage().startsWith("Table '" + table + "' is damaged");
  }

  @Override
  public Capabilities capabilities(SparkSession spark) {
    return internals
        .map(i -> new Capabilities(i.holdsCommits(spark), true, true))
        .orElse(Capabilities.publicApi());
  }

  abstract Dataset<Row> load(DataFrameReader reader, TableName table);

  abstract void save(DataFrameWriter<Row> writer, TableName table);

  @Override
  public Dataset<Row> read(SparkSession spark, TableName table) {
    requireIntact(spark, table);
    return guarded(table, "read", () -> load(spark.read().format("delta"), table));
  }

  @Override
  public List<List<String>> readStrings(SparkSession spark, TableName table, List<String> columns) {
    return internals
        .flatMap(i -> i.readStrings(spark, ref(table), columns, SMALL_TABLE_FILES))
        .orElseGet(() -> readStringsWithSpark(spark, table, columns));
  }

  private List<List<String>> readStringsWithSpark(
      SparkSession spark, TableName table, List<String> columns) {
    List<List<String>> rows = new ArrayList<>();
    Column[] selected =
        columns.stream().map(c -> functions.col(c).cast("string")).toArray(Column[]::new);
    for (Row row : read(spark, table).select(selected).collectAsList()) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        values.add(row.isNullAt(i) ? null : row.getString(i));
      }
      rows.add(values);
    }
    return rows;
  }

  @Override
  public Dataset<Row> readVersion(SparkSession spark, TableName table, long version) {
    return load(spark.read().format("delta").option("versionAsOf", version), table);
  }

  @Override
  public Dataset<Row> readInserts(
      SparkSession spark, TableName table, long fromExclusive, long toInclusive) {
    Dataset<Row> changes =
        load(
            spark
                .read()
                .format("delta")
                .option("readChangeFeed", "true")
                .option("startingVersion", fromExclusive + 1)
                .option("endingVersion", toInclusive),
            table);
    return changes
        .where(functions.col(CHANGE_TYPE).equalTo("insert"))
        .drop(CHANGE_TYPE, "_commit_version", "_commit_timestamp");
  }

  @Override
  public Optional<Long> version(SparkSession spark, TableName table) {
    requireIntact(spark, table);
    if (!exists(table)) {
      return Optional.empty();
    }
    return guarded(
        table,
        "read",
        () ->
            Optional.of(
                internals.isPresent()
                    ? internals.get().version(spark, ref(table))
                    : HistoryPages.latest(deltaTable(spark, table)).version()));
  }

  @Override
  public Optional<Long> replaceableVersion(SparkSession spark, TableName table) {
    try {
      return version(spark, table);
    } catch (StrataException e) {
      if (damages(e, table)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public List<Commit> history(SparkSession spark, TableName table, int limit) {
    return guarded(table, "read", () -> commits(spark, table).limit(limit).toList());
  }

  /**
   * Every commit still in the log, newest first: read on the driver from the log files where the
   * internals allow (a short-lived JVM pays for every Spark job it plans), else through {@code
   * DESCRIBE HISTORY} a page at a time.
   */
  @Override
  public Stream<Commit> commits(SparkSession spark, TableName table) {
    if (internals.isPresent()) {
      return internals.get().commits(spark, ref(table));
    }
    return HistoryPages.commits(deltaTable(spark, table));
  }

  @Override
  public Optional<FileStatistics> statistics(SparkSession spark, TableName table) {
    return internals.map(i -> i.statistics(spark, ref(table)));
  }

  @Override
  public void holdingCommit(SparkSession spark, TableName table, CommitGate gate, Runnable write) {
    if (!capabilities(spark).heldCommits()) {
      throw new UnsupportedOperationException(
          "the Delta log store of " + location(table) + " cannot hold a commit");
    }
    internals.orElseThrow().holdingCommit(spark, ref(table), gate, write);
  }

  /**
   * MERGEs through {@code DeltaTable}. The source is a local checkpoint or a Delta scan, so Delta
   * is told not to copy it first ({@code materializeSource = none}): a checkpoint cannot change
   * between the MERGE's passes. If an executor holding part of it is lost, the MERGE fails without
   * committing.
   */
  @Override
  public void merge(SparkSession spark, TableName table, MergeInto merge) {
    requireIntact(spark, table);
    spark.conf().set(MATERIALIZE_SOURCE, "none");
    try {
      guardedRun(
          table,
          "merge",
          () ->
              deltaTable(spark, table)
                  .as("t")
                  .merge(merge.source().as("s"), merge.on())
                  .whenMatched(merge.replaceWhen())
                  .updateAll()
                  .whenNotMatched()
                  .insertAll()
                  .execute());
    } finally {
      spark.conf().unset(MATERIALIZE_SOURCE);
    }
  }

  /** Drops the table's log from Delta's cache where the internals allow; nothing otherwise. */
  void forget(SparkSession spark, String path) {
    internals.ifPresent(i -> i.forget(spark, path));
  }

  @Override
  public long sizeInBytes(SparkSession spark, TableName table) {
    if (!exists(table)) {
      return 0L;
    }
    Row detail = spark.sql("DESCRIBE DETAIL " + identifier(table)).select("sizeInBytes").first();
    return detail.isNullAt(0) ? 0L : detail.getLong(0);
  }

  @Override
  public void setProperty(SparkSession spark, TableName table, String key, String value) {
    requireIntact(spark, table);
    guardedRun(
        table,
        "property change",
        () ->
            spark.sql(
                String.format(
                    "ALTER TABLE %s SET TBLPROPERTIES ('%s' = '%s')",
                    identifier(table), literal(key), literal(value))));
  }

  /** The text of a Spark SQL string literal, quotes and backslashes escaped. */
  private static String literal(String text) {
    return text.replace("\\", "\\\\").replace("'", "\\'");
  }

  @Override
  public void replaceWhere(Dataset<Row> rows, TableName table, String condition) {
    requireIntact(rows.sparkSession(), table);
    guardedRun(
        table,
        "replace",
        () ->
            save(
                rows.write().format("delta").mode("overwrite").option("replaceWhere", condition),
                table));
  }

  @Override
  public void append(
      Dataset<Row> rows,
      TableName table,
      List<String> partitionBy,
      Map<String, String> properties) {
    requireIntact(rows.sparkSession(), table);
    guardedRun(table, "append", () -> appendUnguarded(rows, table, partitionBy, properties));
  }

  private void appendUnguarded(
      Dataset<Row> rows,
      TableName table,
      List<String> partitionBy,
      Map<String, String> properties) {
    if (!exists(table)) {
      DeltaTableBuilder builder =
          named(DeltaTable.createIfNotExists(rows.sparkSession()), table).addColumns(rows.schema());
      for (Map.Entry<String, String> property : properties.entrySet()) {
        builder = builder.property(property.getKey(), property.getValue());
      }
      if (!partitionBy.isEmpty()) {
        builder = builder.partitionedBy(partitionBy.toArray(String[]::new));
      }
      builder.execute();
    }
    save(rows.write().format("delta").mode("append").option("mergeSchema", "true"), table);
  }

  @Override
  public TableDetail detail(SparkSession spark, TableName table) {
    Row detail =
        spark
            .sql("DESCRIBE DETAIL " + identifier(table))
            .select("numFiles", "sizeInBytes", "partitionColumns")
            .first();
    return new TableDetail(
        table,
        detail.isNullAt(0) ? 0L : detail.getLong(0),
        detail.isNullAt(1) ? 0L : detail.getLong(1),
        List.of(read(spark, table).schema().fieldNames()),
        detail.isNullAt(2) ? List.of() : detail.<String>getList(2));
  }

  @Override
  public OptimizeResult optimize(SparkSession spark, TableName table, List<String> zOrderBy) {
    long start = System.nanoTime();
    TableDetail before = detail(spark, table);
    List<String> columns = before.requireZOrderable(zOrderBy);
    long last = version(spark, table).orElseThrow();
    DeltaOptimizeBuilder optimize = deltaTable(spark, table).optimize();
    if (columns.isEmpty()) {
      optimize.executeCompaction();
    } else {
      optimize.executeZOrderBy(columns.toArray(String[]::new));
    }
    Optional<Commit> commit = committedSince(spark, table, last, OPTIMIZE);
    Map<String, String> metrics = commit.map(Commit::metrics).orElse(Map.of());
    return new OptimizeResult(
        table,
        commit.map(Commit::version),
        before.files(),
        before.bytes(),
        metric(metrics, "numRemovedFiles"),
        metric(metrics, "numAddedFiles"),
        metric(metrics, "numRemovedBytes"),
        metric(metrics, "numAddedBytes"),
        seconds(start));
  }

  /**
   * Runs {@code VACUUM} in SQL (the only form with {@code DRY RUN}); the files deleted come from
   * the {@code VACUUM START} and {@code VACUUM END} commits Delta logs on file systems with safe
   * concurrent writes.
   */
  @Override
  public VacuumResult vacuum(
      SparkSession spark, TableName table, Duration retain, boolean dryRun, boolean force) {
    long start = System.nanoTime();
    String hours =
        BigDecimal.valueOf(retain.toSeconds())
            .divide(BigDecimal.valueOf(3600), 6, RoundingMode.UP)
            .stripTrailingZeros()
            .toPlainString();
    String sql = "VACUUM " + identifier(table) + " RETAIN " + hours + " HOURS";
    if (dryRun) {
      long files = retentionChecked(spark, force, table, hours, () -> spark.sql(sql + " DRY RUN"));
      return new VacuumResult(table, true, Optional.of(files), Optional.empty(), seconds(start));
    }
    long last = version(spark, table).orElseThrow();
    retentionChecked(spark, force, table, hours, () -> spark.sql(sql));
    Optional<Commit> begun = committedSince(spark, table, last, VACUUM_START);
    Optional<Commit> ended = committedSince(spark, table, last, VACUUM_END);
    return new VacuumResult(
        table,
        false,
        ended
            .map(c -> metric(c.metrics(), "numDeletedFiles"))
            .or(() -> begun.map(c -> metric(c.metrics(), "numFilesToDelete"))),
        begun.map(c -> metric(c.metrics(), "sizeOfDataToDelete")),
        seconds(start));
  }

  /**
   * Runs a VACUUM statement, with Delta's retention check off when forced (restored afterwards);
   * returns the rows it listed.
   */
  private static long retentionChecked(
      SparkSession spark,
      boolean force,
      TableName table,
      String hours,
      Supplier<Dataset<Row>> sql) {
    Optional<String> check =
        spark.conf().contains(RETENTION_CHECK)
            ? Optional.of(spark.conf().get(RETENTION_CHECK))
            : Optional.empty();
    if (force) {
      spark.conf().set(RETENTION_CHECK, "false");
    }
    try {
      return sql.get().count();
    } catch (IllegalArgumentException e) {
      if (String.valueOf(e.getMessage()).contains(RETENTION_CHECK)) {
        throw Errors.retentionRefusedByDelta(table.toString(), hours + "h", e.getMessage());
      }
      throw e;
    } finally {
      check.ifPresentOrElse(
          value -> spark.conf().set(RETENTION_CHECK, value),
          () -> spark.conf().unset(RETENTION_CHECK));
    }
  }

  /** The newest commit of an operation after a version, among the last few commits. */
  private Optional<Commit> committedSince(
      SparkSession spark, TableName table, long after, String operation) {
    return history(spark, table, RECENT_COMMITS).stream()
        .filter(c -> c.version() > after && c.operation().equals(operation))
        .findFirst();
  }

  private static long metric(Map<String, String> metrics, String name) {
    String value = metrics.get(name);
    return value == null ? 0L : Long.parseLong(value);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Points a table builder at the table's location or name. */
  abstract DeltaTableBuilder named(DeltaTableBuilder builder, TableName table);

  /**
   * An overwrite of the table with its schema, partitioned by {@code partitionBy}. A partitioned
   * write is an optimized write: rows are shuffled by partition into files of up to 512 MiB instead
   * of one file per task and partition, and a skewed partition is split.
   */
  static DataFrameWriter<Row> overwriter(Dataset<Row> rows, List<String> partitionBy) {
    DataFrameWriter<Row> writer =
        rows.write().format("delta").mode("overwrite").option("overwriteSchema", "true");
    if (partitionBy.isEmpty()) {
      return writer;
    }
    return writer.partitionBy(partitionBy.toArray(String[]::new)).option("optimizeWrite", "true");
  }
}
