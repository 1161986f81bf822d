package io.strata.model;

import static java.util.Objects.requireNonNull;

/** A raw table as landed, read by staging models. */
public record SourceSpec(TableName table, String description, String loadedAt) {
  public SourceSpec {
    requireNonNull(table, "table is null");
    requireNonNull(description, "description is null");
    requireNonNull(loadedAt, "loadedAt is null");
    if (table.layer() != Layer.RAW) {
      throw new IllegalArgumentException("source " + table + " must be in the raw layer");
    }
  }

  /** A raw source whose load timestamp is {@code _loaded_at}. */
  public static SourceSpec of(String table, String description) {
    return new SourceSpec(TableName.parse(table), description, "_loaded_at");
  }
}
