package io.strata.warehouse;

import static java.util.Objects.requireNonNull;

/** The values of a column from {@code low} to {@code high}, both included. */
public record ValueRange(String column, Object low, Object high) {
  public ValueRange {
    requireNonNull(column, "column is null");
    requireNonNull(low, "low is null");
    requireNonNull(high, "high is null");
  }
}
