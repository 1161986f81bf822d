package io.strata.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A data test declared with a model: a rule every row (or the table) must meet, run by Deequ after
 * the model is computed and before it is published.
 *
 * <p>Default severity is error with no failing row allowed; {@link #warn()} makes a failure a
 * warning, and {@link #errorIfMoreThan(long)} / {@link #warnIfMoreThan(long)} allow some failing
 * rows.
 *
 * @param columns the columns tested (empty for row counts and expressions)
 * @param values accepted values, for {@link Kind#ACCEPTED_VALUES}
 * @param reference {@code model.column} a relationship points into
 * @param min lower bound (range, row count), inclusive
 * @param max upper bound (range, row count), inclusive
 * @param predicate Spark SQL that must hold for every row, for {@link Kind#EXPRESSION}
 * @param errorAbove failing rows above which the test fails the model; empty: never
 * @param warnAbove failing rows above which the test warns
 * @param quarantines failing rows are kept out of the model and set aside (see {@link
 *     #quarantine()})
 */
public record DataTest(
    String name,
    Kind kind,
    List<String> columns,
    List<String> values,
    Optional<String> reference,
    Optional<Double> min,
    Optional<Double> max,
    Optional<String> predicate,
    Optional<Threshold> errorAbove,
    Threshold warnAbove,
    boolean quarantines) {

  /** What a test checks. */
  public enum Kind {
    NOT_NULL,
    UNIQUE,
    ACCEPTED_VALUES,
    RELATIONSHIP,
    RANGE,
    ROW_COUNT,
    EXPRESSION;

    /** Whether each row meets or fails the rule on its own, with no other row or table. */
    public boolean isRowRule() {
      return this == NOT_NULL || this == ACCEPTED_VALUES || this == RANGE || this == EXPRESSION;
    }
  }

  public DataTest {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    values = List.copyOf(requireNonNull(values, "values is null"));
    requireNonNull(reference, "reference is null");
    requireNonNull(min, "min is null");
    requireNonNull(max, "max is null");
    requireNonNull(predicate, "predicate is null");
    requireNonNull(errorAbove, "errorAbove is null");
    requireNonNull(warnAbove, "warnAbove is null");
    if (quarantines && !kind.isRowRule()) {
      throw new IllegalArgumentException(
          name
              + " cannot quarantine: only a rule each row meets or fails on its own (not_null,"
              + " accepted_values, range, expression) can keep failing rows out");
    }
  }

  private static DataTest of(
      String name,
      Kind kind,
      List<String> columns,
      List<String> values,
      Optional<String> reference,
      Optional<Double> min,
      Optional<Double> max,
      Optional<String> predicate) {
    return new DataTest(
        name,
        kind,
        columns,
        values,
        reference,
        min,
        max,
        predicate,
        Optional.of(Threshold.ANY),
        Threshold.ANY,
        false);
  }

  public static DataTest notNull(String column) {
    return of(
        "not_null(" + column + ")",
        Kind.NOT_NULL,
        List.of(column),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** No two rows share the values of these columns. */
  public static DataTest unique(String... columns) {
    return of(
        "unique(" + String.join(", ", columns) + ")",
        Kind.UNIQUE,
        List.of(columns),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** Every non-null value is one of these. */
  public static DataTest acceptedValues(String column, String... values) {
    return of(
        "accepted_values(" + column + ")",
        Kind.ACCEPTED_VALUES,
        List.of(column),
        List.of(values),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** Every non-null value appears in {@code model}'s {@code column} (a foreign key). */
  public static DataTest relationship(String column, String model, String referenced) {
    return of(
        "relationships(" + column + " -> " + model + "." + referenced + ")",
        Kind.RELATIONSHIP,
        List.of(column),
        List.of(),
        Optional.of(model + "." + referenced),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** Every non-null value lies in [min, max]. */
  public static DataTest range(String column, double min, double max) {
    return of(
        "range(" + column + ")",
        Kind.RANGE,
        List.of(column),
        List.of(),
        Optional.empty(),
        Optional.of(min),
        Optional.of(max),
        Optional.empty());
  }

  /** The table holds between min and max rows. */
  public static DataTest rowCount(long min, long max) {
    return of(
        "row_count",
        Kind.ROW_COUNT,
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.of((double) min),
        Optional.of((double) max),
        Optional.empty());
  }

  /** A Spark SQL predicate true for every row. */
  public static DataTest expression(String name, String predicate) {
    return of(
        name,
        Kind.EXPRESSION,
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(predicate));
  }

  /**
   * Failing rows are kept out of the model instead of failing it: they go to {@code
   * audit.<model>__quarantine} with the test's name and the time, and the build reports them.
   *
   * <p>Defaults: a warning when any row is quarantined, never an error; {@link #errorIfMoreThan}
   * and the other thresholds count quarantined rows. For bad rows that raw, being append-only, can
   * never correct (a null key, say), which would otherwise fail every later build.
   */
  public DataTest quarantine() {
    return new DataTest(
        name,
        kind,
        columns,
        values,
        reference,
        min,
        max,
        predicate,
        Optional.empty(),
        warnAbove,
        true);
  }

  /** A failure only warns. */
  public DataTest warn() {
    return withThresholds(Optional.empty(), warnAbove);
  }

  public DataTest errorIfMoreThan(long rows) {
    return withThresholds(Optional.of(Threshold.rows(rows)), warnAbove);
  }

  /** Fails only when more than this fraction (0 to 1) of the tested rows fail. */
  public DataTest errorIfFractionAbove(double fraction) {
    return withThresholds(Optional.of(Threshold.fraction(fraction)), warnAbove);
  }

  public DataTest warnIfMoreThan(long rows) {
    return withThresholds(errorAbove, Threshold.rows(rows));
  }

  /** Warns only when more than this fraction (0 to 1) of the tested rows fail. */
  public DataTest warnIfFractionAbove(double fraction) {
    return withThresholds(errorAbove, Threshold.fraction(fraction));
  }

  private DataTest withThresholds(Optional<Threshold> error, Threshold warning) {
    return new DataTest(
        name, kind, columns, values, reference, min, max, predicate, error, warning, quarantines);
  }
}
