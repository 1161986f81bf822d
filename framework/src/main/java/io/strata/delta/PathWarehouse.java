package io.strata.delta;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.strata.model.TableName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Delta tables in directories {@code <base>/<layer>/<table>}. */
final class PathWarehouse extends DeltaWarehouse {
  private final String base;

  PathWarehouse(String base, DeltaRuntime runtime) {
    super(runtime);
    this.base = base;
  }

  String path(TableName table) {
    return base + "/" + table.layer().id() + "/" + table.table();
  }

  @Override
  public boolean exists(TableName table) {
    return DeltaTable.isDeltaTable(SparkSession.active(), path(table));
  }

  @Override
  public String location(TableName table) {
    return path(table);
  }

  @Override
  String identifier(TableName table) {
    return "delta.`" + path(table).replace("`", "``") + "`";
  }

  @Override
  Dataset<Row> load(DataFrameReader reader, TableName table) {
    return reader.load(path(table));
  }

  @Override
  void save(DataFrameWriter<Row> writer, TableName table) {
    writer.save(path(table));
  }

  @Override
  DeltaTable deltaTable(SparkSession spark, TableName table) {
    return DeltaTable.forPath(spark, path(table));
  }

  @Override
  DeltaTableRef ref(TableName table) {
    return DeltaTableRef.atPath(path(table));
  }

  @Override
  DeltaTableBuilder named(DeltaTableBuilder builder, TableName table) {
    return builder.location(path(table));
  }

  @Override
  public void overwrite(Dataset<Row> rows, TableName table, List<String> partitionBy) {
    overwriter(rows, partitionBy).save(path(table));
  }

  /**
   * Bytes of files under the table's directory: a listing, not a snapshot, so it is instant; it
   * counts files of old versions not yet vacuumed, which only matters to estimates.
   */
  @Override
  public long sizeInBytes(SparkSession spark, TableName table) {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(path(table));
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(dir) ? fs.getContentSummary(dir).getLength() : 0L;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
