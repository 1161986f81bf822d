package io.strata.delta.internal;

import io.strata.delta.DeltaTableRef;
import io.strata.model.TableName;
import io.strata.warehouse.Warehouse;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.Snapshot;

/** The latest Delta snapshot of a path warehouse's table, for tests of the internal adapter. */
final class Snapshots {
  private Snapshots() {}

  static Snapshot latest(SparkSession spark, Warehouse warehouse, TableName table) {
    return InternalDeltaAccess.snapshot(
        spark, new DeltaTableRef(Optional.of(warehouse.location(table)), Optional.empty()));
  }

  static SnapshotStatistics statistics(SparkSession spark, Warehouse warehouse, TableName table) {
    return new SnapshotStatistics(latest(spark, warehouse, table));
  }
}
