package io.strata.testing;

import io.strata.model.TableName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Explains Spark's failure to resolve a column in a transform run on given rows: which column, and
 * which of the given inputs lack it, with the columns they have.
 */
final class InputMismatch {
  private InputMismatch() {}

  /** An assertion error naming the column and the inputs, when {@code failure} is about one. */
  static Optional<AssertionError> explained(
      String model,
      Throwable failure,
      Map<TableName, Dataset<Row>> refs,
      Map<TableName, Dataset<Row>> sources) {
    if (!(failure instanceof AnalysisException analysis)) {
      return Optional.empty();
    }
    String errorClass = String.valueOf(analysis.getErrorClass());
    if (!errorClass.startsWith("UNRESOLVED_COLUMN") && !errorClass.startsWith("UNRESOLVED_FIELD")) {
      return Optional.empty();
    }
    String column = unquoted(analysis.getMessageParameters().getOrDefault("objectName", "?"));
    List<String> lacking = new ArrayList<>();
    List<String> described = new ArrayList<>();
    describe("ref", refs, column, lacking, described);
    describe("source", sources, column, lacking, described);
    String inputs =
        lacking.size() == 1
            ? "the rows given for " + lacking.get(0) + " do not have it"
            : "none of the rows given has it";
    return Optional.of(
        new AssertionError(
            String.format(
                "model %s reads column %s, but %s. Rows given: %s. Add the column to the rows the"
                    + " model reads it from, or fix the model. Spark: %s",
                model,
                column,
                inputs,
                described.isEmpty() ? "none" : String.join("; ", described),
                analysis.getSimpleMessage()),
            failure));
  }

  private static void describe(
      String kind,
      Map<TableName, Dataset<Row>> inputs,
      String column,
      List<String> lacking,
      List<String> described) {
    String last = column.substring(column.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    inputs.forEach(
        (table, rows) -> {
          List<String> columns = Arrays.asList(rows.columns());
          if (columns.stream().noneMatch(c -> c.toLowerCase(Locale.ROOT).equals(last))) {
            lacking.add(kind + " " + table);
          }
          described.add(kind + " " + table + " (" + String.join(", ", columns) + ")");
        });
  }

  /** {@code `a`.`b`} as {@code a.b}. */
  private static String unquoted(String name) {
    return name.replace("`", "");
  }
}
