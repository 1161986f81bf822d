package io.strata.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** Prints rows as an aligned table, CSV (RFC 4180) or JSON Lines. */
final class ResultPrinter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;

  ResultPrinter(PrintStream out) {
    this.out = out;
  }

  void print(StructType schema, List<Row> rows, String format) {
    String[] columns = schema.fieldNames();
    switch (format) {
      case "csv" -> csv(columns, rows);
      case "json" -> json(columns, rows);
      default -> table(columns, rows);
    }
    out.flush();
  }

  private void csv(String[] columns, List<Row> rows) {
    out.println(String.join(",", quoteAll(List.of(columns))));
    for (Row row : rows) {
      out.println(String.join(",", quoteAll(values(row))));
    }
  }

  private void json(String[] columns, List<Row> rows) {
    for (Row row : rows) {
      ObjectNode node = JSON.createObjectNode();
      for (int i = 0; i < columns.length; i++) {
        Object value = row.get(i);
        if (value == null) {
          node.putNull(columns[i]);
        } else if (value instanceof Number || value instanceof Boolean) {
          node.set(columns[i], JSON.valueToTree(value));
        } else {
          node.put(columns[i], text(value));
        }
      }
      out.println(node);
    }
  }

  private void table(String[] columns, List<Row> rows) {
    int[] widths = new int[columns.length];
    List<List<String>> cells = new ArrayList<>();
    for (int i = 0; i < columns.length; i++) {
      widths[i] = columns[i].length();
    }
    for (Row row : rows) {
      List<String> values = values(row);
      for (int i = 0; i < values.size(); i++) {
        widths[i] = Math.max(widths[i], values.get(i).length());
      }
      cells.add(values);
    }
    out.println(format(List.of(columns), widths));
    StringBuilder rule = new StringBuilder();
    for (int width : widths) {
      rule.append(rule.length() == 0 ? "" : "-+-").append("-".repeat(width));
    }
    out.println(rule);
    cells.forEach(values -> out.println(format(values, widths)));
    out.println("(" + rows.size() + " rows)");
  }

  private static String format(List<String> values, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      line.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", values.get(i)));
    }
    return line.toString().stripTrailing();
  }

  private static List<String> values(Row row) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < row.length(); i++) {
      values.add(row.isNullAt(i) ? "" : text(row.get(i)));
    }
    return values;
  }

  private static String text(Object value) {
    if (value instanceof java.sql.Timestamp ts) {
      return ts.toInstant().toString();
    }
    return String.valueOf(value);
  }

  private static List<String> quoteAll(List<String> values) {
    return values.stream()
        .map(v -> v.matches(".*[\",\\n\\r].*") ? "\"" + v.replace("\"", "\"\"") + "\"" : v)
        .toList();
  }
}
