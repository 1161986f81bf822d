package io.strata.model;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A SQL model as loaded: its spec, its text and its file. */
record SqlModelFile(ModelSpec spec, String sql, String file) implements SqlModel {
  SqlModelFile {
    requireNonNull(spec, "spec is null");
    requireNonNull(sql, "sql is null");
    requireNonNull(file, "file is null");
  }

  @Override
  public Dataset<Row> transform(ModelContext context) {
    return context.sql(sql);
  }

  @Override
  public String toString() {
    return spec.table() + " (" + file + ")";
  }
}
