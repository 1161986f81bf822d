package io.strata.testing;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Compares a model's rows with the rows a test expects, naming what differs: the columns one side
 * lacks or types differently, the rows missing and those not expected, and, for rows matched by a
 * key ({@link #byKey}), the columns whose values differ.
 *
 * <pre>{@code
 * assertRows(out).byKey("order_id").hasRows(rows("order_id STRING, amount_cents BIGINT")
 *     .row("o1", 1234L)
 *     .row("o2", 500L));
 * }</pre>
 *
 * <p>Order is ignored unless {@link #inOrder()}; rows are equal as spark-testing-base's {@code
 * approxEquals} decides (doubles within the tolerance, NaN equal to NaN, decimals by value, byte
 * arrays by content). Both sides are collected to the driver: for small test data.
 */
public final class RowsAssert {
  private final Dataset<Row> actual;
  private final List<String> keys;
  private final boolean inOrder;
  private final boolean otherColumnsIgnored;
  private final double tolerance;

  private RowsAssert(
      Dataset<Row> actual,
      List<String> keys,
      boolean inOrder,
      boolean otherColumnsIgnored,
      double tolerance) {
    this.actual = actual;
    this.keys = List.copyOf(keys);
    this.inOrder = inOrder;
    this.otherColumnsIgnored = otherColumnsIgnored;
    this.tolerance = tolerance;
  }

  /** Assertions on {@code actual}'s rows. */
  public static RowsAssert assertRows(Dataset<Row> actual) {
    return new RowsAssert(requireNonNull(actual, "actual is null"), List.of(), false, false, 0.0);
  }

  /** Pairs missing and unexpected rows by these columns, and reports which columns differ. */
  public RowsAssert byKey(String... columns) {
    return new RowsAssert(actual, List.of(columns), inOrder, otherColumnsIgnored, tolerance);
  }

  /** Compares the rows in order (the model sorts them). */
  public RowsAssert inOrder() {
    return new RowsAssert(actual, keys, true, otherColumnsIgnored, tolerance);
  }

  /** Compares only the expected rows' columns; the others are not checked. */
  public RowsAssert ignoringOtherColumns() {
    return new RowsAssert(actual, keys, inOrder, true, tolerance);
  }

  /** Floating-point values may differ by this much (0 by default). */
  public RowsAssert withTolerance(double tolerance) {
    if (tolerance < 0) {
      throw new IllegalArgumentException("tolerance must not be negative: " + tolerance);
    }
    return new RowsAssert(actual, keys, inOrder, otherColumnsIgnored, tolerance);
  }

  /** Asserts the rows equal {@code expected}'s, in its session. */
  public RowsAssert hasRows(Rows expected) {
    requireNonNull(expected, "expected is null");
    return hasRows(expected.toDataset(actual.sparkSession()));
  }

  /** Asserts the rows equal {@code expected}'s. */
  public RowsAssert hasRows(Dataset<Row> expected) {
    requireNonNull(expected, "expected is null");
    StructType wanted = expected.schema();
    List<String> problems = columnProblems(wanted, actual.schema());
    if (!problems.isEmpty()) {
      throw new AssertionError("columns differ:\n  " + String.join("\n  ", problems));
    }
    String[] names = wanted.fieldNames();
    Dataset<Row> projected =
        actual.select(
            Arrays.stream(names)
                .map(n -> functions.col(quoted(n)))
                .toArray(org.apache.spark.sql.Column[]::new));
    RowDiff diff =
        new RowDiff(
            names, keys, tolerance, expected.collectAsList(), projected.collectAsList(), inOrder);
    diff.failure()
        .ifPresent(
            message -> {
              throw new AssertionError(message);
            });
    return this;
  }

  /** Asserts there are no rows. */
  public RowsAssert isEmpty() {
    List<Row> rows = actual.limit(RowDiff.SHOWN + 1).collectAsList();
    if (!rows.isEmpty()) {
      throw new AssertionError(
          "expected no rows, but found:\n" + RowDiff.listed(actual.columns(), rows));
    }
    return this;
  }

  /** Column names and types that differ; with {@link #otherColumnsIgnored} extra ones are fine. */
  private List<String> columnProblems(StructType expected, StructType found) {
    Map<String, DataType> actualTypes = new TreeMap<>();
    for (StructField field : found.fields()) {
      actualTypes.put(field.name().toLowerCase(Locale.ROOT), field.dataType());
    }
    List<String> problems = new ArrayList<>();
    Map<String, Boolean> expectedNames = new TreeMap<>();
    for (StructField field : expected.fields()) {
      String name = field.name().toLowerCase(Locale.ROOT);
      expectedNames.put(name, true);
      DataType type = actualTypes.get(name);
      if (type == null) {
        problems.add("missing column " + field.name() + " " + field.dataType().sql());
      } else if (!type.catalogString().equals(field.dataType().catalogString())) {
        problems.add(
            "column "
                + field.name()
                + ": expected "
                + field.dataType().sql()
                + " but was "
                + type.sql());
      }
    }
    if (!otherColumnsIgnored) {
      for (StructField field : found.fields()) {
        if (!expectedNames.containsKey(field.name().toLowerCase(Locale.ROOT))) {
          problems.add(
              "unexpected column "
                  + field.name()
                  + " "
                  + field.dataType().sql()
                  + " (expect it, or use ignoringOtherColumns())");
        }
      }
    }
    return problems;
  }

  private static String quoted(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
