package io.strata.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/** A table's logical name, {@code layer.table}: where it lives is configuration. */
public record TableName(Layer layer, String table) implements Comparable<TableName> {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

  public TableName {
    requireNonNull(layer, "layer is null");
    requireNonNull(table, "table is null");
    if (!IDENTIFIER.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "table name '" + table + "' must be lower snake_case (letters, digits, underscores)");
    }
  }

  public static TableName of(Layer layer, String table) {
    return new TableName(layer, table);
  }

  /** Parses {@code layer.table}; empty when the text is not of that form. */
  public static Optional<TableName> tryParse(String text) {
    int dot = text.indexOf('.');
    if (dot <= 0 || dot != text.lastIndexOf('.')) {
      return Optional.empty();
    }
    String table = text.substring(dot + 1);
    if (!IDENTIFIER.matcher(table).matches()) {
      return Optional.empty();
    }
    return Layer.parse(text.substring(0, dot)).map(layer -> new TableName(layer, table));
  }

  /** Parses {@code layer.table}, failing with the expected form. */
  public static TableName parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "'" + text + "' is not a table name of the form layer.table (raw.orders)"));
  }

  @Override
  public int compareTo(TableName other) {
    int byLayer = layer.compareTo(other.layer);
    return byLayer != 0 ? byLayer : table.compareTo(other.table);
  }

  @Override
  public String toString() {
    return layer.id() + "." + table;
  }
}
