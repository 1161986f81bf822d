package io.strata.warehouse;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.strata.model.TableName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** Delta operations shared by the path and catalog warehouses. */
abstract class DeltaWarehouse implements Warehouse {
  private static final String CHANGE_TYPE = "_change_type";

  /** SQL identifier of the table, usable in FROM clauses. */
  abstract String identifier(TableName table);

  abstract Dataset<Row> load(DataFrameReader reader, TableName table);

  abstract void save(DataFrameWriter<Row> writer, TableName table);

  @Override
  public Dataset<Row> read(SparkSession spark, TableName table) {
    return load(spark.read().format("delta"), table);
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
    return history(spark, table, 1).stream().findFirst().map(Commit::version);
  }

  @Override
  public List<Commit> history(SparkSession spark, TableName table, int limit) {
    List<Commit> commits = new ArrayList<>();
    Dataset<Row> history =
        deltaTable(spark, table)
            .history(limit)
            .select("version", "operation", "userMetadata", "operationMetrics");
    for (Row row : history.collectAsList()) {
      Map<String, String> metrics = new HashMap<>();
      if (!row.isNullAt(3)) {
        metrics.putAll(row.<String, String>getJavaMap(3));
      }
      commits.add(
          new Commit(
              row.getLong(0),
              row.getString(1),
              Optional.ofNullable(row.getString(2)),
              Map.copyOf(metrics)));
    }
    return commits;
  }

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

  /** Points a table builder at the table's location or name. */
  abstract DeltaTableBuilder named(DeltaTableBuilder builder, TableName table);
}
