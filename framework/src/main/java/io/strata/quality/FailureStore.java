package io.strata.quality;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Keeps the offending rows of a failing test. */
@FunctionalInterface
public interface FailureStore {
  FailureStore NONE = (model, test, rows) -> {};

  void store(String model, String test, Dataset<Row> rows);
}
