package io.strata.testing;

import com.holdenkarau.spark.testing.DataFrameSuiteBase$;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The difference between expected and actual rows of the same columns, as a failure message: rows
 * missing, rows not expected, and for pairs of them with the same key, the columns that differ. Two
 * rows are equal when spark-testing-base's {@code approxEquals} says so.
 */
final class RowDiff {
  /** At most this many rows are listed per kind of difference. */
  static final int SHOWN = 20;

  private final String[] columns;
  private final List<String> keys;
  private final double tolerance;
  private final List<Row> expected;
  private final List<Row> actual;
  private final boolean inOrder;

  RowDiff(
      String[] columns,
      List<String> keys,
      double tolerance,
      List<Row> expected,
      List<Row> actual,
      boolean inOrder) {
    this.columns = columns.clone();
    this.keys = List.copyOf(keys);
    this.tolerance = tolerance;
    this.expected = List.copyOf(expected);
    this.actual = List.copyOf(actual);
    this.inOrder = inOrder;
    for (String key : keys) {
      if (index(key) < 0) {
        throw new IllegalArgumentException(
            "key column " + key + " is not among the expected columns " + Arrays.toString(columns));
      }
    }
  }

  /** The failure message; empty when the rows are equal. */
  Optional<String> failure() {
    return inOrder ? ordered() : unordered();
  }

  private Optional<String> unordered() {
    List<Row> missing = new ArrayList<>();
    List<Row> unexpected = new ArrayList<>(sorted(actual));
    for (Row wanted : sorted(expected)) {
      int found = -1;
      for (int i = 0; i < unexpected.size() && found < 0; i++) {
        if (equal(wanted, unexpected.get(i))) {
          found = i;
        }
      }
      if (found >= 0) {
        unexpected.remove(found);
      } else {
        missing.add(wanted);
      }
    }
    if (missing.isEmpty() && unexpected.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder message = new StringBuilder();
    message.append(
        String.format(
            "rows differ (order ignored): %d expected, %d actual%n",
            expected.size(), actual.size()));
    if (!keys.isEmpty()) {
      List<String> differing = new ArrayList<>();
      for (Row wanted : new ArrayList<>(missing)) {
        Optional<Row> sameKey = unexpected.stream().filter(r -> sameKey(wanted, r)).findFirst();
        if (sameKey.isPresent()) {
          differing.add(keyText(wanted) + ": " + columnDifferences(wanted, sameKey.get()));
          missing.remove(wanted);
          unexpected.remove(sameKey.get());
        }
      }
      section(message, "differing, by key " + String.join(", ", keys), differing);
    }
    section(message, "missing (expected, not found)", lines(missing));
    section(message, "unexpected (found, not expected)", lines(unexpected));
    return Optional.of(message.toString().stripTrailing());
  }

  private Optional<String> ordered() {
    List<String> differing = new ArrayList<>();
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      if (i >= actual.size()) {
        differing.add("row " + (i + 1) + ": missing " + text(expected.get(i)));
      } else if (i >= expected.size()) {
        differing.add("row " + (i + 1) + ": unexpected " + text(actual.get(i)));
      } else if (!equal(expected.get(i), actual.get(i))) {
        differing.add("row " + (i + 1) + ": " + columnDifferences(expected.get(i), actual.get(i)));
      }
    }
    if (differing.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder message =
        new StringBuilder(
            String.format(
                "rows differ (in order): %d expected, %d actual%n",
                expected.size(), actual.size()));
    section(message, "differing", differing);
    return Optional.of(message.toString().stripTrailing());
  }

  /** Rows listed with their column names, at most {@link #SHOWN}. */
  static String listed(String[] columns, List<Row> rows) {
    List<String> lines = new ArrayList<>();
    for (Row row : rows.subList(0, Math.min(rows.size(), SHOWN))) {
      lines.add("  " + text(columns, row));
    }
    if (rows.size() > SHOWN) {
      lines.add("  ...");
    }
    return String.join("\n", lines);
  }

  private boolean equal(Row a, Row b) {
    return DataFrameSuiteBase$.MODULE$.approxEquals(a, b, tolerance);
  }

  private boolean equalAt(Row a, Row b, int i) {
    return equal(RowFactory.create(a.get(i)), RowFactory.create(b.get(i)));
  }

  private boolean sameKey(Row a, Row b) {
    return keys.stream().allMatch(k -> equalAt(a, b, index(k)));
  }

  private String columnDifferences(Row wanted, Row found) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < columns.length; i++) {
      if (!equalAt(wanted, found, i)) {
        parts.add(
            String.format(
                "%s expected %s but was %s",
                columns[i], value(wanted.get(i)), value(found.get(i))));
      }
    }
    return String.join("; ", parts);
  }

  private String keyText(Row row) {
    List<String> parts = new ArrayList<>();
    keys.forEach(k -> parts.add(k + "=" + value(row.get(index(k)))));
    return String.join(", ", parts);
  }

  private int index(String column) {
    for (int i = 0; i < columns.length; i++) {
      if (columns[i].equalsIgnoreCase(column)) {
        return i;
      }
    }
    return -1;
  }

  private List<String> lines(List<Row> rows) {
    return rows.stream().map(this::text).toList();
  }

  private String text(Row row) {
    return text(columns, row);
  }

  private static String text(String[] columns, Row row) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < columns.length; i++) {
      parts.add(columns[i] + "=" + value(row.get(i)));
    }
    return "{" + String.join(", ", parts) + "}";
  }

  private static String value(Object value) {
    if (value instanceof byte[] bytes) {
      return Arrays.toString(bytes);
    }
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }

  private List<Row> sorted(List<Row> rows) {
    return rows.stream().sorted(Comparator.comparing(this::text)).toList();
  }

  private static void section(StringBuilder message, String title, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    message.append("  ").append(title).append(":\n");
    lines.stream().limit(SHOWN).forEach(l -> message.append("    ").append(l).append('\n'));
    if (lines.size() > SHOWN) {
      message.append("    ... and ").append(lines.size() - SHOWN).append(" more\n");
    }
  }
}
