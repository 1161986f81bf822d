package io.strata.delta.internal;

import io.delta.tables.DeltaTable;
import io.strata.delta.DeltaRuntime;
import io.strata.delta.DeltaTableRef;
import io.strata.delta.InternalAccess;
import io.strata.warehouse.CommitGate;
import io.strata.warehouse.FileStatistics;
import io.strata.warehouse.Warehouse.Commit;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaHistoryManager;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.CommitInfo;
import org.apache.spark.sql.delta.util.DeltaCommitFileProvider;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Strata's use of Delta's internal classes: a table's {@link DeltaLog} and snapshot, its commit
 * files read on the driver, its file statistics, and {@link GatedLogStore}. Loaded by name by
 * {@link DeltaRuntime} on the internal path only.
 */
public final class InternalDeltaAccess implements InternalAccess {
  /** The constructor {@link DeltaRuntime} calls, by name. */
  public InternalDeltaAccess() {}

  @Override
  public boolean holdsCommits(SparkSession spark) {
    Map<String, String> stores = new HashMap<>();
    for (scala.Tuple2<String, String> entry :
        spark.sparkContext().getConf().getAllWithPrefix(DeltaRuntime.LOG_STORE_KEY_PREFIX)) {
      stores.put(entry._1(), entry._2());
    }
    return holdsCommits(stores, spark.conf().getOption(GatedLogStore.COMMIT_LOCK_KEY).isDefined());
  }

  /**
   * Whether Strata's log store is Delta's one store, from the session's {@code
   * spark.delta.logStore.*} settings (keyed without that prefix): not where a platform or the user
   * names another, for any scheme. With the commit lock set either way, Delta does not ask the
   * store before taking it, so a commit cannot wait there.
   */
  static boolean holdsCommits(Map<String, String> logStoreSettings, boolean commitLockSet) {
    return !commitLockSet && logStoreSettings.equals(Map.of("class", DeltaRuntime.GATED_LOG_STORE));
  }

  @Override
  public void holdingCommit(
      SparkSession spark, DeltaTableRef table, CommitGate gate, Runnable write) {
    DeltaLog log = log(spark, table);
    if (!(log.store() instanceof GatedLogStore)) {
      throw new IllegalStateException(
          "the Delta log store of " + log.dataPath() + " is " + log.store().getClass().getName());
    }
    GatedLogStore.holding(log.logPath(), gate, write);
  }

  @Override
  public long version(SparkSession spark, DeltaTableRef table) {
    return snapshot(spark, table).version();
  }

  /**
   * Reads the commits' files on the driver, newest first and only as far as the caller goes, with
   * no Spark job. Ends early at a commit file that log cleanup removed.
   */
  @Override
  public Stream<Commit> commits(SparkSession spark, DeltaTableRef table) {
    Snapshot snapshot = snapshot(spark, table);
    DeltaLog log = snapshot.deltaLog();
    DeltaCommitFileProvider files = DeltaCommitFileProvider.apply(snapshot);
    Configuration hadoop = log.newDeltaHadoopConf();
    return LongStream.iterate(snapshot.version(), v -> v >= 0, v -> v - 1)
        .mapToObj(v -> commitInfo(log, files.deltaFile(v), hadoop).map(i -> commit(v, i)))
        .takeWhile(Optional::isPresent)
        .map(Optional::get);
  }

  @Override
  public Optional<List<List<String>>> readStrings(
      SparkSession spark, DeltaTableRef table, List<String> columns, int maxFiles) {
    return LogFiles.strings(snapshot(spark, table), columns, maxFiles);
  }

  @Override
  public FileStatistics statistics(SparkSession spark, DeltaTableRef table) {
    return new SnapshotStatistics(snapshot(spark, table));
  }

  @Override
  public void forget(SparkSession spark, String path) {
    DeltaLog.invalidateCache(spark, new Path(path));
  }

  /** The table's latest snapshot, from its log (cached per table, so cheap once loaded). */
  static Snapshot snapshot(SparkSession spark, DeltaTableRef table) {
    return log(spark, table).update(false, Option.empty(), Option.empty());
  }

  private static DeltaLog log(SparkSession spark, DeltaTableRef table) {
    return table
        .path()
        .map(path -> DeltaLog.forTable(spark, path))
        .orElseGet(() -> DeltaTable.forName(spark, table.catalogName().orElseThrow()).deltaLog());
  }

  /** The commit's info; empty when its file is gone, a commit with none as an empty info. */
  private static Optional<Optional<CommitInfo>> commitInfo(
      DeltaLog log, Path file, Configuration hadoop) {
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
          : new UncheckedIOException("cannot read " + file, (IOException) e);
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
}
