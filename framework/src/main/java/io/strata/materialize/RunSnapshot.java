package io.strata.materialize;

import io.strata.error.Errors;
import io.strata.model.TableName;
import io.strata.warehouse.Warehouse;
import java.util.Map;
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

  /** A snapshot of the raw tables at the given versions, as an earlier run read them. */
  static RunSnapshot pinned(SparkSession spark, Warehouse warehouse, Map<TableName, Long> at) {
    RunSnapshot snapshot = new RunSnapshot(spark, warehouse);
    snapshot.versions.putAll(at);
    return snapshot;
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
