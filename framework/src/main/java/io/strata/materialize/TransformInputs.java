package io.strata.materialize;

import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What a {@link BuildContext} hands a transform: in a build, {@link Inputs} over the warehouse; in
 * a model's unit test, rows the test gives.
 */
interface TransformInputs {
  SparkSession spark();

  /** True when the inputs hold only new rows (an incremental run on an existing table). */
  boolean isIncremental();

  /** The table a model is stored as, which a reader may name it by. */
  TableName tableOf(String model);

  /** The rows of a model {@code reader} declared. */
  Dataset<Row> model(ModelSpec reader, String name);

  /** The rows of a raw source. */
  Dataset<Row> source(TableName table);
}
