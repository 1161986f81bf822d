package io.strata.warehouse;

import io.delta.tables.DeltaOptimizeBuilder;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.strata.error.Errors;
import io.strata.model.TableName;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaHistoryManager;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.CommitInfo;
import org.apache.spark.sql.delta.util.DeltaCommitFileProvider;
import org.apache.spark.sql.functions;
import scala.Option;
import scala.collection.JavaConverters;

/** Delta operations shared by the path and catalog warehouses. */
abstract class DeltaWarehouse implements Warehouse {
  /** Delta's session switch for optimized writes, which the writer option sets per write. */
  static final String OPTIMIZE_WRITE = "spark.databricks.delta.optimizeWrite.enabled";

  private static final String CHANGE_TYPE = "_change_type";
  private static final String RETENTION_CHECK =
      "spark.databricks.delta.retentionDurationCheck.enabled";
  private static final String OPTIMIZE = "OPTIMIZE";
  private static final String VACUUM_START = "VACUUM START";
  private static final String VACUUM_END = "VACUUM END";
  private static final int RECENT_COMMITS = 20;

  /** Up to this many files, {@link #readStrings} reads them on the driver. */
  private static final int SMALL_TABLE_FILES = 200;

  /** SQL identifier of the table, usable in FROM clauses. */
  abstract String identifier(TableName table);

  abstract Dataset<Row> load(DataFrameReader reader, TableName table);

  abstract void save(DataFrameWriter<Row> writer, TableName table);

  @Override
  public Dataset<Row> read(SparkSession spark, TableName table) {
    return load(spark.read().format("delta"), table);
  }

  @Override
  public List<List<String>> readStrings(SparkSession spark, TableName table, List<String> columns) {
    return LogFiles.strings(snapshot(spark, table), columns, SMALL_TABLE_FILES)
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
    if (!exists(table)) {
      return Optional.empty();
    }
    return Optional.of(snapshot(spark, table).version());
  }

  @Override
  public List<Commit> history(SparkSession spark, TableName table, int limit) {
    return commits(spark, table).limit(limit).toList();
  }

  /**
   * Reads the commits' files on the driver, newest first and only as far as the caller goes, with
   * no Spark job: a build asks for versions and watermarks several times, and a short-lived JVM
   * pays for every job it plans. Ends early at a commit file that log cleanup removed.
   */
  @Override
  public Stream<Commit> commits(SparkSession spark, TableName table) {
    Snapshot snapshot = snapshot(spark, table);
    DeltaLog log = snapshot.deltaLog();
    DeltaCommitFileProvider files = DeltaCommitFileProvider.apply(snapshot);
    Configuration hadoop = log.newDeltaHadoopConf();
    return LongStream.iterate(snapshot.version(), v -> v >= 0, v -> v - 1)
        .mapToObj(v -> commitInfo(log, files.deltaFile(v), hadoop).map(i -> commit(v, i)))
        .takeWhile(Optional::isPresent)
        .map(Optional::get);
  }

  /** The commit's info; empty when its file is gone, a commit with none as an empty info. */
  private static Optional<Optional<CommitInfo>> commitInfo(
      DeltaLog log, org.apache.hadoop.fs.Path file, Configuration hadoop) {
    try {
      Option<CommitInfo> info = DeltaHistoryManager.getCommitInfoOpt(log.store(), file, hadoop);
      return Optional.of(info.isDefined() ? Optional.of(info.get()) : Optional.empty());
    } catch (Exception e) {
      // Scala throws IOExceptions undeclared.
      if (e instanceof FileNotFoundException) {
        return Optional.empty();
      }
      throw e instanceof RuntimeException runtime
          ? runtime
          : new UncheckedIOException("cannot read " + file, (java.io.IOException) e);
    }
  }

  private static Commit commit(long version, Optional<CommitInfo> info) {
    Map<String, String> metrics = new HashMap<>();
    if (info.isPresent() && info.get().operationMetrics().isDefined()) {
      scala.collection.Map<String, String> recorded = info.get().operationMetrics().get();
      metrics.putAll(JavaConverters.mapAsJavaMap(recorded));
    }
    Optional<String> userMetadata =
        info.filter(i -> i.userMetadata().isDefined()).map(i -> i.userMetadata().get());
    return new Commit(
        version, info.map(CommitInfo::operation).orElse(""), userMetadata, Map.copyOf(metrics));
  }

  @Override
  public Snapshot snapshot(SparkSession spark, TableName table) {
    return deltaLog(spark, table).update(false, Option.empty(), Option.empty());
  }

  @Override
  public boolean holdsCommits(SparkSession spark, TableName table) {
    // With the commit lock set either way, Delta does not ask the store before taking it.
    return spark.conf().getOption(GatedLogStore.COMMIT_LOCK_KEY).isEmpty()
        && deltaLog(spark, table).store() instanceof GatedLogStore;
  }

  @Override
  public void holdingCommit(
      SparkSession spark, TableName table, GatedLogStore.Gate gate, Runnable write) {
    DeltaLog log = deltaLog(spark, table);
    if (!(log.store() instanceof GatedLogStore)) {
      throw new IllegalStateException(
          "the Delta log store of " + table + " is " + log.store().getClass().getName());
    }
    GatedLogStore.holding(log.logPath(), gate, write);
  }

  /** The table's Delta log, without resolving the table as a DataFrame. */
  abstract DeltaLog deltaLog(SparkSession spark, TableName table);

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
    spark.sql(
        String.format(
            "ALTER TABLE %s SET TBLPROPERTIES ('%s' = '%s')",
            identifier(table), key.replace("'", "\\'"), value.replace("'", "\\'")));
  }

  @Override
  public void append(
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
