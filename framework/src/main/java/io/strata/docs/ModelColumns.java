package io.strata.docs;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A model's columns, with where its types come from and why lineage is missing, if it is.
 *
 * @param typesFrom {@code table} (the Delta table as built), {@code plan} (the analysed transform)
 *     or {@code spec} (names only)
 * @param problem why the plan could not be analysed; empty when it was
 */
record ModelColumns(List<ColumnInfo> columns, String typesFrom, Optional<String> problem) {
  ModelColumns {
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    requireNonNull(typesFrom, "typesFrom is null");
    requireNonNull(problem, "problem is null");
  }
}
