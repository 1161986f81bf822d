package io.strata.land;

import io.strata.model.TableName;
import io.strata.warehouse.Capabilities;
import io.strata.warehouse.CommitGate;
import io.strata.warehouse.FileStatistics;
import io.strata.warehouse.MergeInto;
import io.strata.warehouse.OptimizeResult;
import io.strata.warehouse.TableDetail;
import io.strata.warehouse.VacuumResult;
import io.strata.warehouse.Warehouse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A warehouse whose disk fills up at one append: that append fails as Spark reports a full disk (a
 * job aborted by an {@code IOException}), writing nothing; every other call goes through.
 */
final class FullDiskWarehouse implements Warehouse {
  private final Warehouse delegate;
  private final int failingAppend;
  private int appends;

  /**
   * @param failingAppend the append that fails, from 1
   */
  FullDiskWarehouse(Warehouse delegate, int failingAppend) {
    this.delegate = delegate;
    this.failingAppend = failingAppend;
  }

  @Override
  public void append(
      Dataset<Row> rows, TableName table, List<String> partitionBy, Map<String, String> props) {
    if (++appends == failingAppend) {
      throw new RuntimeException(
          new SparkException(
              "Job aborted due to stage failure: Task 0 in stage 3.0 failed",
              new IOException("No space left on device")));
    }
    delegate.append(rows, table, partitionBy, props);
  }

  @Override
  public Capabilities capabilities(SparkSession spark) {
    return delegate.capabilities(spark);
  }

  @Override
  public boolean exists(TableName table) {
    return delegate.exists(table);
  }

  @Override
  public String location(TableName table) {
    return delegate.location(table);
  }

  @Override
  public Dataset<Row> read(SparkSession spark, TableName table) {
    return delegate.read(spark, table);
  }

  @Override
  public List<List<String>> readStrings(SparkSession spark, TableName table, List<String> cols) {
    return delegate.readStrings(spark, table, cols);
  }

  @Override
  public Dataset<Row> readVersion(SparkSession spark, TableName table, long version) {
    return delegate.readVersion(spark, table, version);
  }

  @Override
  public Dataset<Row> readInserts(SparkSession spark, TableName table, long from, long to) {
    return delegate.readInserts(spark, table, from, to);
  }

  @Override
  public void merge(SparkSession spark, TableName table, MergeInto merge) {
    delegate.merge(spark, table, merge);
  }

  @Override
  public Optional<FileStatistics> statistics(SparkSession spark, TableName table) {
    return delegate.statistics(spark, table);
  }

  @Override
  public void holdingCommit(SparkSession spark, TableName table, CommitGate gate, Runnable write) {
    delegate.holdingCommit(spark, table, gate, write);
  }

  @Override
  public Optional<Long> version(SparkSession spark, TableName table) {
    return delegate.version(spark, table);
  }

  @Override
  public Optional<Long> replaceableVersion(SparkSession spark, TableName table) {
    return delegate.replaceableVersion(spark, table);
  }

  @Override
  public Optional<io.strata.error.StrataException> diagnose(Throwable error) {
    return delegate.diagnose(error);
  }

  @Override
  public List<Commit> history(SparkSession spark, TableName table, int limit) {
    return delegate.history(spark, table, limit);
  }

  @Override
  public Stream<Commit> commits(SparkSession spark, TableName table) {
    return delegate.commits(spark, table);
  }

  @Override
  public long sizeInBytes(SparkSession spark, TableName table) {
    return delegate.sizeInBytes(spark, table);
  }

  @Override
  public void replaceWhere(Dataset<Row> rows, TableName table, String condition) {
    delegate.replaceWhere(rows, table, condition);
  }

  @Override
  public void overwrite(Dataset<Row> rows, TableName table, List<String> partitionBy) {
    delegate.overwrite(rows, table, partitionBy);
  }

  @Override
  public TableDetail detail(SparkSession spark, TableName table) {
    return delegate.detail(spark, table);
  }

  @Override
  public OptimizeResult optimize(SparkSession spark, TableName table, List<String> zOrderBy) {
    return delegate.optimize(spark, table, zOrderBy);
  }

  @Override
  public VacuumResult vacuum(
      SparkSession spark, TableName table, Duration retain, boolean dryRun, boolean force) {
    return delegate.vacuum(spark, table, retain, dryRun, force);
  }

  @Override
  public void setProperty(SparkSession spark, TableName table, String key, String value) {
    delegate.setProperty(spark, table, key, value);
  }
}
