package io.strata.model;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What a model's transform may read: only the inputs its spec declares. */
public interface ModelContext {
  /** The model being computed. */
  ModelSpec model();

  SparkSession spark();

  /** A declared model, by name ({@code stg_orders}) or table name ({@code staging.stg_orders}). */
  Dataset<Row> ref(String model);

  /** A declared raw source, as {@code raw.orders}. */
  Dataset<Row> source(String table);

  /**
   * Runs Spark SQL in which declared inputs are named {@code layer.table}; any other {@code
   * layer.table} name is an error naming this model and the table.
   */
  Dataset<Row> sql(String query);

  /** True when the inputs hold only new rows (an incremental run on an existing table). */
  boolean isIncremental();
}
