package io.strata.land;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.model.SourceColumn;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A source's declared columns, checked record by record. A value breaks the contract when it does
 * not cast to its column's type (see {@link ContractValues}); a null, a missing JSON field, an
 * empty CSV field, or a blank text where a string is not declared is no value, which breaks it only
 * for a required column.
 */
record Contract(List<SourceColumn> columns) implements Serializable {
  private static final int SHOWN = 80;

  Contract {
    columns = List.copyOf(columns);
  }

  /** The first declared column of a JSON record that breaks the contract. */
  Optional<Breach> json(JsonNode record, String file, long line) {
    for (SourceColumn column : columns) {
      JsonNode value = record.get(column.name());
      if (value == null || value.isNull() || ContractValues.absent(column.type(), value.asText())) {
        if (column.required()) {
          return breach(file, line, column, value == null ? "no field" : value.toString());
        }
      } else if (value.isContainerNode()) {
        return breach(file, line, column, value.isObject() ? "an object" : "an array");
      } else if (!ContractValues.fits(column.type(), value.asText())) {
        return breach(file, line, column, shown(value.toString()));
      }
    }
    return Optional.empty();
  }

  /**
   * The first declared column of a CSV record that breaks the contract.
   *
   * @param header each header field's index
   */
  Optional<Breach> csv(List<String> fields, Map<String, Integer> header, String file, long line) {
    for (SourceColumn column : columns) {
      Integer index = header.get(column.name());
      String value = index == null || index >= fields.size() ? "" : fields.get(index);
      if (value.isEmpty() || ContractValues.absent(column.type(), value)) {
        if (column.required()) {
          return breach(
              file, line, column, value.isEmpty() ? "an empty field" : shown("\"" + value + "\""));
        }
      } else if (!ContractValues.fits(column.type(), value)) {
        return breach(file, line, column, shown("\"" + value + "\""));
      }
    }
    return Optional.empty();
  }

  /**
   * The first column of a Parquet row, holding this contract's columns in order, that breaks it;
   * values that are not strings are of a type checked as a whole.
   */
  Optional<Breach> row(org.apache.spark.sql.Row row, String file, long index) {
    for (int i = 0; i < columns.size(); i++) {
      SourceColumn column = columns.get(i);
      Object value = row.get(i);
      boolean absent =
          value == null || value instanceof String t && ContractValues.absent(column.type(), t);
      if (absent && column.required()) {
        return breach(
            file, index, "row " + index, column, value == null ? "null" : "\"" + value + "\"");
      }
      if (absent) {
        continue;
      }
      if (value instanceof String text && !ContractValues.fits(column.type(), text)) {
        return breach(file, index, "row " + index, column, shown("\"" + text + "\""));
      }
    }
    return Optional.empty();
  }

  /** The first declared column a file's fields lack. */
  Optional<SourceColumn> missing(List<String> fields) {
    return columns.stream().filter(c -> !fields.contains(c.name())).findFirst();
  }

  private static Optional<Breach> breach(
      String file, long line, SourceColumn column, String found) {
    return breach(file, line, "line " + line, column, found);
  }

  private static Optional<Breach> breach(
      String file, long position, String where, SourceColumn column, String found) {
    return Optional.of(
        new Breach(file, position, where, column.name(), ContractValues.expected(column), found));
  }

  private static String shown(String value) {
    return value.length() <= SHOWN ? value : value.substring(0, SHOWN) + "...";
  }
}
