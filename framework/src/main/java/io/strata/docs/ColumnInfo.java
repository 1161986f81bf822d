package io.strata.docs;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;

/**
 * One column of a model as the site shows it.
 *
 * @param type Spark's type name; empty when neither the table nor the plan gives it
 * @param lineage the input columns ({@code layer.table.column}) it is computed from; empty when
 *     they are not known
 * @param origin how {@code lineage} was found, or why it is empty
 */
record ColumnInfo(
    String name, Optional<String> type, Optional<Set<String>> lineage, String origin) {
  ColumnInfo {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(lineage, "lineage is null");
    requireNonNull(origin, "origin is null");
  }
}
