package io.strata.quality;

import io.strata.model.DataTest;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/** The data tests each row meets or fails on its own, as Spark conditions. */
public final class RowRules {
  private RowRules() {}

  /**
   * True for a row that breaks {@code test}, never null: a null value fails {@code not_null} only,
   * and an expression that yields null fails.
   *
   * @throws IllegalArgumentException when the test is not a row rule ({@link
   *     DataTest.Kind#isRowRule})
   */
  public static Column failing(DataTest test) {
    Column column = test.columns().isEmpty() ? null : functions.col(test.columns().get(0));
    Column fails =
        switch (test.kind()) {
          case NOT_NULL -> column.isNull();
          case ACCEPTED_VALUES ->
              column.isNotNull().and(functions.not(column.isin(test.values().toArray())));
          case RANGE -> column.lt(test.min().orElseThrow()).or(column.gt(test.max().orElseThrow()));
          case EXPRESSION ->
              functions.not(
                  functions.coalesce(
                      functions.expr(test.predicate().orElseThrow()), functions.lit(false)));
          default -> throw new IllegalArgumentException(test.name() + " is not a row rule");
        };
    return functions.coalesce(fails, functions.lit(false));
  }
}
