package io.strata.land;

import io.strata.model.SourceSpec;
import io.strata.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** A raw table's columns against its source's contract. */
public final class SourceContracts {
  private SourceContracts() {}

  /**
   * The raw table's columns that its source's contract does not declare, in the table's order,
   * without the landing's own {@code _loaded_at} and {@code _source_file}; empty when the source
   * has no contract or the table does not exist. Reads the table's schema from its Delta log.
   */
  public static List<String> undeclared(
      SparkSession spark, Warehouse warehouse, SourceSpec source) {
    if (!source.hasContract() || !warehouse.exists(source.table())) {
      return List.of();
    }
    List<String> columns =
        new ArrayList<>(List.of(warehouse.read(spark, source.table()).schema().fieldNames()));
    columns.remove(Lander.LOADED_AT);
    columns.remove(Lander.SOURCE_FILE);
    return source.undeclared(columns);
  }
}
