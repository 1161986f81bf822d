package io.strata.model;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A transformation from declared inputs to one table.
 *
 * <p>Implementations are stateless: the engine decides what the inputs hold (everything, or only
 * the rows landed since the last run for an incremental model) and how the result is stored.
 */
public interface Model {
  ModelSpec spec();

  /** Computes the model's rows from the inputs the context hands out. Must not write anything. */
  Dataset<Row> transform(ModelContext context);
}
