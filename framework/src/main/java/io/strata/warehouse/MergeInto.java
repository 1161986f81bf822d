package io.strata.warehouse;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * An upsert of {@code source} (aliased {@code s}) into a table (aliased {@code t}): a target row
 * matching {@code on} is replaced by its source row when {@code replaceWhen} holds, and a source
 * row matching none is inserted.
 *
 * @param replaceWhen a SQL condition over {@code s} and {@code t}
 */
public record MergeInto(Dataset<Row> source, Column on, String replaceWhen) {
  public MergeInto {
    requireNonNull(source, "source is null");
    requireNonNull(on, "on is null");
    requireNonNull(replaceWhen, "replaceWhen is null");
  }
}
