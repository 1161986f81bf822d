package io.strata.materialize;

import io.strata.error.Errors;
import io.strata.model.TableName;
import io.strata.warehouse.Warehouse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.SparkSession;

/**
 * The Delta version of each raw table a run reads, fixed the first time the run asks: every model
 * of the run sees the same raw data, and a landing committed meanwhile waits for the next run.
 */
public final class RunSnapshot {
  private final SparkSession spark;
  private final Warehouse warehouse;
  private final Map<TableName, Long> versions = new ConcurrentHashMap<>();

  public RunSnapshot(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  /**
   * The raw tables {@code lineage} reads at the versions a commit's watermark records, as the build
   * that made it read them; empty when the watermark lacks one of them.
   */
  static Optional<RunSnapshot> atWatermark(
      SparkSession spark, Warehouse warehouse, Lineage lineage, CommitMetadata watermark) {
    RunSnapshot snapshot = new RunSnapshot(spark, warehouse);
    for (TableName source : lineage.sources()) {
      Long version = watermark.sources().get(source.toString());
      if (version == null) {
        return Optional.empty();
      }
      snapshot.versions.put(source, version);
    }
    return Optional.of(snapshot);
  }

  public long version(TableName raw) {
    return versions.computeIfAbsent(
        raw,
        table ->
            warehouse
                .version(spark, table)
                .orElseThrow(
                    () ->
                        Errors.missingTable(
                            table.toString(),
                            " at " + warehouse.location(table),
                            "Land data into it first: strata land " + table + "=FILE.jsonl")));
  }
}
