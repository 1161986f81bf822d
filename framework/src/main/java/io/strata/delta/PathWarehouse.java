package io.strata.delta;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.strata.error.StrataException;
import io.strata.model.Layer;
import io.strata.model.TableName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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

  /**
   * Whether the table's directory holds a Delta table; a directory whose {@code _delta_log} is gone
   * while data files remain is a damaged table, and throws.
   */
  @Override
  public boolean exists(TableName table) {
    SparkSession spark = SparkSession.active();
    if (DeltaTable.isDeltaTable(spark, path(table))) {
      return true;
    }
    requireIntact(spark, table);
    return false;
  }

  @Override
  Optional<StrataException> damage(SparkSession spark, TableName table) {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(path(table));
    return LogCheck.damage(fileSystem(spark, dir), dir, table);
  }

  @Override
  Optional<TableName> tableAt(String path) {
    String plain = path.replaceFirst("^file:(//)?", "");
    int at = plain.indexOf(base.replaceFirst("^file:(//)?", "") + "/");
    if (at < 0) {
      return Optional.empty();
    }
    String[] parts =
        plain.substring(at + base.replaceFirst("^file:(//)?", "").length() + 1).split("/");
    if (parts.length < 2) {
      return Optional.empty();
    }
    return Layer.parse(parts[0]).map(layer -> TableName.of(layer, parts[1]));
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

  /**
   * Replaces the table in one Delta commit. A table too damaged for Delta to read (its log gone,
   * its newest commit file gone or truncated) is replaced from scratch instead: the rows are first
   * written in full as a new Delta table beside it, and only then is the damaged directory deleted
   * and the new one renamed into its place. A failure before that leaves the damaged table as it
   * was; the rename is atomic on a local disk and HDFS, a copy on object stores; readers of the
   * table in between find it missing, never half-written.
   */
  @Override
  public void overwrite(Dataset<Row> rows, TableName table, List<String> partitionBy) {
    SparkSession spark = rows.sparkSession();
    Optional<StrataException> damage = damage(spark, table);
    if (damage.isEmpty()) {
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(path(table));
      boolean creating = !hasLog(spark, dir);
      boolean written = false;
      try {
        guardedRun(table, "write", () -> overwriter(rows, partitionBy).save(path(table)));
        written = true;
        return;
      } catch (StrataException e) {
        if (!damages(e, table)) {
          throw e;
        }
      } finally {
        if (creating && !written) {
          removeUncommitted(spark, dir);
        }
      }
    }
    replaceDamaged(spark, rows, table, partitionBy);
  }

  /** Whether the directory holds a Delta commit (Delta makes {@code _delta_log} before one). */
  private static boolean hasLog(SparkSession spark, org.apache.hadoop.fs.Path dir) {
    org.apache.hadoop.fs.Path log = new org.apache.hadoop.fs.Path(dir, "_delta_log");
    FileSystem fs = fileSystem(spark, dir);
    try {
      if (!fs.exists(log)) {
        return false;
      }
      for (org.apache.hadoop.fs.FileStatus file : fs.listStatus(log)) {
        String name = file.getPath().getName();
        if (name.matches("\\d{20}\\.(json|checkpoint.*\\.parquet)")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + log, e);
    }
  }

  /**
   * After a failed first write of a table: removes the data files it left, which no commit names,
   * so that the next build finds no table rather than a damaged one. A directory that has a log by
   * now (another writer's) is left alone.
   */
  private static void removeUncommitted(SparkSession spark, org.apache.hadoop.fs.Path dir) {
    FileSystem fs = fileSystem(spark, dir);
    try {
      if (fs.exists(dir) && !hasLog(spark, dir)) {
        fs.delete(dir, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the uncommitted files of " + dir, e);
    }
  }

  private void replaceDamaged(
      SparkSession spark, Dataset<Row> rows, TableName table, List<String> partitionBy) {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(path(table));
    org.apache.hadoop.fs.Path fresh =
        new org.apache.hadoop.fs.Path(
            dir.getParent(), "." + table.table() + ".strata-replace-" + UUID.randomUUID());
    guardedRun(table, "write", () -> overwriter(rows, partitionBy).save(fresh.toString()));
    FileSystem fs = fileSystem(spark, dir);
    try {
      if (fs.exists(dir) && !fs.delete(dir, true)) {
        throw new IOException("cannot delete " + dir);
      }
      if (!fs.rename(fresh, dir)) {
        throw new IOException("cannot rename " + fresh + " to " + dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replace the damaged table " + table, e);
    }
    forget(spark, dir.toUri().toString());
    forget(spark, fresh.toUri().toString());
  }

  private static FileSystem fileSystem(SparkSession spark, org.apache.hadoop.fs.Path path) {
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + path, e);
    }
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
