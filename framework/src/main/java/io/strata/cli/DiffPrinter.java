package io.strata.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.strata.materialize.DiffReport;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Prints a {@link DiffReport} as text or JSON. */
final class DiffPrinter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PrintStream out;

  DiffPrinter(PrintStream out) {
    this.out = out;
  }

  void json(DiffReport report) {
    try {
      Map<String, Object> document = new java.util.LinkedHashMap<>();
      document.put("model", report.model());
      document.put("version", report.version());
      document.put("recomputed_from", report.recomputedFrom());
      document.put("key", report.key());
      document.put("drifts", report.drifts());
      document.put("table_rows", report.tableRows());
      document.put("recomputed_rows", report.recomputedRows());
      document.put("only_in_table", report.onlyInTable());
      document.put("only_in_recomputed", report.onlyInRecomputed());
      document.put("differing", report.differing());
      document.put("columns_only_in_table", report.columnsOnlyInTable());
      document.put("columns_only_in_recomputed", report.columnsOnlyInRecomputed());
      document.put("samples", report.samples());
      document.put("notes", report.notes());
      out.println(JSON.writeValueAsString(document));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  void text(DiffReport report) {
    out.printf(
        "%s (version %d) against its recomputation from %s, rows matched on %s%n",
        report.model(),
        report.version(),
        report.recomputedFrom().isEmpty()
            ? "no raw source"
            : String.join(", ", report.recomputedFrom()),
        String.join(", ", report.key()));
    report.notes().forEach(note -> out.println("  note: " + note));
    out.printf(
        "  rows: %d in the table, %d recomputed%n", report.tableRows(), report.recomputedRows());
    finding(
        "only in the table", report.onlyInTable(), report.samples().get(DiffReport.ONLY_IN_TABLE));
    finding(
        "only in the recomputation",
        report.onlyInRecomputed(),
        report.samples().get(DiffReport.ONLY_IN_RECOMPUTED));
    report
        .differing()
        .forEach(
            (column, rows) -> {
              if (rows > 0) {
                finding("column " + column + " differs in", rows, report.samples().get(column));
              }
            });
    if (!report.columnsOnlyInTable().isEmpty()) {
      out.println("  columns only in the table: " + String.join(", ", report.columnsOnlyInTable()));
    }
    if (!report.columnsOnlyInRecomputed().isEmpty()) {
      out.println(
          "  columns only in the recomputation: "
              + String.join(", ", report.columnsOnlyInRecomputed()));
    }
    out.println(
        report.drifts()
            ? "DRIFT: the table differs from what its code computes; strata build "
                + report.model().substring(report.model().indexOf('.') + 1)
                + " --full-refresh (or --backfill a range) brings it back."
            : "No drift: the table equals its recomputation.");
  }

  private void finding(String what, long rows, List<Map<String, String>> samples) {
    if (rows == 0) {
      return;
    }
    out.printf("  %s: %d row%s%n", what, rows, rows == 1 ? "" : "s");
    if (samples != null) {
      samples.forEach(sample -> out.println("    " + sample));
    }
  }
}
