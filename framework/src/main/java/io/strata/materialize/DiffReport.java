package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * How a model's published table differs from what its code computes from its sources today.
 *
 * @param model the table, {@code layer.table}
 * @param version the table's Delta version compared
 * @param recomputedFrom the raw versions the recomputation read, as {@code raw.x v5}
 * @param key the columns rows are matched on (every column for a table with no unique key)
 * @param tableRows rows of the table compared
 * @param recomputedRows rows of the recomputation compared
 * @param onlyInTable rows of the table whose key the recomputation lacks
 * @param onlyInRecomputed rows of the recomputation whose key the table lacks
 * @param differing per column, the matched rows whose values differ (every column compared is
 *     listed, 0 included)
 * @param columnsOnlyInTable columns the code no longer computes
 * @param columnsOnlyInRecomputed columns the code computes that the table lacks
 * @param samples up to the asked number of rows per finding: under {@code only_in_table}, {@code
 *     only_in_recomputed} and each differing column's name
 * @param notes what else the reader should know (a table's rows not all computed by today's code)
 */
public record DiffReport(
    String model,
    long version,
    List<String> recomputedFrom,
    List<String> key,
    long tableRows,
    long recomputedRows,
    long onlyInTable,
    long onlyInRecomputed,
    Map<String, Long> differing,
    List<String> columnsOnlyInTable,
    List<String> columnsOnlyInRecomputed,
    Map<String, List<Map<String, String>>> samples,
    List<String> notes) {
  public static final String ONLY_IN_TABLE = "only_in_table";
  public static final String ONLY_IN_RECOMPUTED = "only_in_recomputed";

  public DiffReport {
    requireNonNull(model, "model is null");
    recomputedFrom = List.copyOf(requireNonNull(recomputedFrom, "recomputedFrom is null"));
    key = List.copyOf(requireNonNull(key, "key is null"));
    differing = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(differing));
    columnsOnlyInTable = List.copyOf(columnsOnlyInTable);
    columnsOnlyInRecomputed = List.copyOf(columnsOnlyInRecomputed);
    samples = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(samples));
    notes = List.copyOf(requireNonNull(notes, "notes is null"));
  }

  /** Whether the table drifts from its recomputation. */
  public boolean drifts() {
    return onlyInTable > 0
        || onlyInRecomputed > 0
        || tableRows != recomputedRows
        || differing.values().stream().anyMatch(n -> n > 0)
        || !columnsOnlyInTable.isEmpty()
        || !columnsOnlyInRecomputed.isEmpty();
  }
}
