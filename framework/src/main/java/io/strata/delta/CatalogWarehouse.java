package io.strata.delta;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.strata.model.TableName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Delta tables in the session catalog (Glue or Hive metastore, Unity Catalog), one schema per
 * layer: {@code marts.fct_orders} becomes {@code <schema of marts>.fct_orders}; a layer without a
 * mapping uses its own name as schema.
 */
final class CatalogWarehouse extends DeltaWarehouse {
  private final Map<String, String> schemas;

  CatalogWarehouse(Map<String, String> schemas, DeltaRuntime runtime) {
    super(runtime);
    this.schemas = Map.copyOf(schemas);
  }

  String name(TableName table) {
    return schemas.getOrDefault(table.layer().id(), table.layer().id()) + "." + table.table();
  }

  /** Catalog tables are read through Delta only: damage shows when Delta reads them. */
  @Override
  Optional<io.strata.error.StrataException> damage(SparkSession spark, TableName table) {
    return Optional.empty();
  }

  @Override
  Optional<TableName> tableAt(String path) {
    return Optional.empty();
  }

  @Override
  public boolean exists(TableName table) {
    return SparkSession.active().catalog().tableExists(name(table));
  }

  @Override
  public String location(TableName table) {
    return name(table);
  }

  @Override
  String identifier(TableName table) {
    return name(table);
  }

  @Override
  Dataset<Row> load(DataFrameReader reader, TableName table) {
    return reader.table(name(table));
  }

  @Override
  void save(DataFrameWriter<Row> writer, TableName table) {
    String name = name(table);
    String schema = name.substring(0, name.lastIndexOf('.'));
    SparkSession.active().sql("CREATE SCHEMA IF NOT EXISTS " + schema);
    writer.saveAsTable(name);
  }

  @Override
  DeltaTable deltaTable(SparkSession spark, TableName table) {
    return DeltaTable.forName(spark, name(table));
  }

  @Override
  DeltaTableRef ref(TableName table) {
    return DeltaTableRef.named(name(table));
  }

  @Override
  DeltaTableBuilder named(DeltaTableBuilder builder, TableName table) {
    String name = name(table);
    SparkSession.active()
        .sql("CREATE SCHEMA IF NOT EXISTS " + name.substring(0, name.lastIndexOf('.')));
    return builder.tableName(name);
  }

  /**
   * Creates the table with CREATE TABLE AS SELECT, or replaces an existing one by overwriting its
   * location: one Delta commit either way, keeping the table's history.
   */
  @Override
  public void overwrite(Dataset<Row> rows, TableName table, List<String> partitionBy) {
    SparkSession spark = rows.sparkSession();
    if (exists(table)) {
      String location =
          spark.sql("DESCRIBE DETAIL " + name(table)).select("location").first().getString(0);
      overwriter(rows, partitionBy).save(location);
      return;
    }
    String name = name(table);
    spark.sql("CREATE SCHEMA IF NOT EXISTS " + name.substring(0, name.lastIndexOf('.')));
    String view = "__strata_create_" + table.layer().id() + "__" + table.table();
    rows.createOrReplaceTempView(view);
    String partitioned =
        partitionBy.isEmpty()
            ? ""
            : " PARTITIONED BY ("
                + String.join(
                    ", ", partitionBy.stream().map(c -> "`" + c.replace("`", "``") + "`").toList())
                + ")";
    boolean optimize = !partitionBy.isEmpty() && spark.conf().getOption(OPTIMIZE_WRITE).isEmpty();
    if (optimize) {
      spark.conf().set(OPTIMIZE_WRITE, "true");
    }
    try {
      spark.sql(
          "CREATE TABLE " + name + " USING delta" + partitioned + " AS SELECT * FROM " + view);
    } finally {
      spark.catalog().dropTempView(view);
      if (optimize) {
        spark.conf().unset(OPTIMIZE_WRITE);
      }
    }
  }
}
