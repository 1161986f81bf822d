package io.strata.quality;

import static java.util.Objects.requireNonNull;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.constraints.Constraint;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.metrics.Metric;
import io.strata.error.StrataException;
import io.strata.model.DataTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Runs a model's data tests: Deequ computes every column metric in one pass, failing-row counts
 * follow from those metrics, and only failing tests pay for a query of sample rows.
 *
 * <p>An empty input passes every row-level test (Deequ cannot analyze an empty frame); row counts
 * are still checked.
 */
public final class DataTestRunner {
  private static final int SAMPLES = 5;

  /** Up to this many rows under test, the values a relationship looks up are broadcast. */
  private static final long BROADCAST_ROWS = 1_000_000;

  private final Function<String, Dataset<Row>> models;
  private final boolean warningsAreErrors;
  private final FailureStore failures;

  /**
   * @param models reads a model by name, for relationship tests
   * @param warningsAreErrors {@code --warn-error}: a warning fails the model
   * @param failures where the offending rows of failing tests go
   */
  public DataTestRunner(
      Function<String, Dataset<Row>> models, boolean warningsAreErrors, FailureStore failures) {
    this.models = requireNonNull(models, "models is null");
    this.warningsAreErrors = warningsAreErrors;
    this.failures = requireNonNull(failures, "failures is null");
  }

  /**
   * Tests the rows about to be published.
   *
   * @param merged for an incremental merge, the table as it will read after the merge: row counts
   *     are checked on it, and uniqueness over its rows that share a value with {@code rows}
   *     (exact, without scanning every key; on the merge's own key, from the count of rows per key
   *     alone)
   */
  public List<TestResult> run(
      String model, List<DataTest> tests, Dataset<Row> rows, Optional<MergePreview> merged) {
    return run(model, tests, rows, merged, Screening.none());
  }

  /**
   * Starts the relationship tests over {@code superset}, rows that include every row later tested,
   * with the same values for the same {@code key}: see {@link Screening}.
   *
   * @param count the superset's rows
   */
  public Screening screen(
      List<DataTest> tests, Dataset<Row> superset, long count, List<String> key) {
    Map<DataTest, Dataset<Row>> orphans = new LinkedHashMap<>();
    for (DataTest test : tests) {
      if (test.kind() == DataTest.Kind.RELATIONSHIP && count > 0) {
        orphans.put(test, orphans(superset, test, count).localCheckpoint());
      }
    }
    return new Screening(key, orphans);
  }

  /** {@link #run(String, List, Dataset, Optional)}, finishing the tests {@code screening} began. */
  public List<TestResult> run(
      String model,
      List<DataTest> tests,
      Dataset<Row> rows,
      Optional<MergePreview> merged,
      Screening screening) {
    if (tests.isEmpty()) {
      return List.of();
    }
    long count = merged.map(m -> m.keyCopies().keys()).orElseGet(rows::count);
    Map<DataTest, Dataset<Row>> orphans = new LinkedHashMap<>();
    try {
      return run(model, tests, rows, merged, count, orphans, screening);
    } finally {
      orphans.values().forEach(Checkpoints::release);
    }
  }

  private List<TestResult> run(
      String model,
      List<DataTest> tests,
      Dataset<Row> rows,
      Optional<MergePreview> merged,
      long count,
      Map<DataTest, Dataset<Row>> orphans,
      Screening screening) {
    Optional<Dataset<Row>> wholeTable = merged.map(MergePreview::table);
    Map<DataTest, Long> failing = new LinkedHashMap<>();
    Map<DataTest, Long> checked = new LinkedHashMap<>();
    List<DataTest> deequTests = new ArrayList<>();
    for (DataTest test : tests) {
      switch (test.kind()) {
        case ROW_COUNT -> {
          long total = wholeTable.map(Dataset::count).orElse(count);
          boolean inside = total >= test.min().orElseThrow() && total <= test.max().orElseThrow();
          failing.put(test, inside ? 0L : 1L);
          checked.put(test, total);
        }
        case RELATIONSHIP -> {
          if (count > 0) {
            // Kept: a test that warns or fails needs the same rows for samples.
            orphans.put(
                test,
                screening
                    .orphans(test, rows)
                    .orElseGet(() -> orphans(rows, test, count).localCheckpoint()));
          }
          failing.put(test, orphans.containsKey(test) ? orphans.get(test).count() : 0L);
          checked.put(test, count);
        }
        case UNIQUE -> {
          if (merged.isPresent()) {
            MergePreview.KeyCopies copies =
                merged.get().isKey(test.columns())
                    ? merged.get().keyCopies()
                    : duplicateCounts(merged.get(), rows, test);
            failing.put(test, copies.repeated());
            checked.put(test, copies.rows());
          } else {
            deequTests.add(test);
          }
        }
        default -> deequTests.add(test);
      }
    }
    if (count > 0 && !deequTests.isEmpty()) {
      failing.putAll(deequFailing(rows, deequTests, count));
    }
    deequTests.forEach(
        t -> {
          failing.putIfAbsent(t, 0L);
          checked.put(t, count);
        });
    List<TestResult> results = new ArrayList<>();
    for (DataTest test : tests) {
      long bad = failing.get(test);
      TestStatus status = status(test, bad, checked.get(test));
      List<String> samples;
      if (status == TestStatus.PASS) {
        samples = List.of();
      } else if (test.kind() == DataTest.Kind.ROW_COUNT) {
        samples =
            List.of(
                String.format(
                    "the table would hold %d rows, outside [%.0f, %.0f]",
                    checked.get(test), test.min().orElseThrow(), test.max().orElseThrow()));
      } else {
        Dataset<Row> offending =
            orphans.containsKey(test)
                ? orphans.get(test)
                : offending(scopeOf(test, rows, wholeTable), test);
        failures.store(model, test.name(), offending);
        samples = samples(offending);
      }
      results.add(new TestResult(model, test.name(), status, bad, checked.get(test), samples));
    }
    return results;
  }

  private static Dataset<Row> scopeOf(
      DataTest test, Dataset<Row> rows, Optional<Dataset<Row>> wholeTable) {
    return test.kind() == DataTest.Kind.UNIQUE && wholeTable.isPresent()
        ? touched(wholeTable.get(), rows, test)
        : rows;
  }

  /** The table's rows whose tested columns hold values the new rows hold. */
  private static Dataset<Row> touched(Dataset<Row> table, Dataset<Row> rows, DataTest test) {
    Column[] keys = test.columns().stream().map(functions::col).toArray(Column[]::new);
    return table.join(
        rows.select(keys).distinct(),
        JavaConverters.asScalaBuffer(test.columns()).toSeq(),
        "left_semi");
  }

  private TestStatus status(DataTest test, long failing, long checked) {
    return status(test, failing, checked, warningsAreErrors);
  }

  /** What {@code failing} of {@code checked} rows make of a test, by its thresholds. */
  static TestStatus status(DataTest test, long failing, long checked, boolean warningsAreErrors) {
    if (test.errorAbove().filter(t -> t.exceededBy(failing, checked)).isPresent()) {
      return TestStatus.ERROR;
    }
    if (test.warnAbove().exceededBy(failing, checked)) {
      return warningsAreErrors ? TestStatus.ERROR : TestStatus.WARN;
    }
    return TestStatus.PASS;
  }

  /** One VerificationSuite over all the tests; failing rows from each constraint's metric. */
  private static Map<DataTest, Long> deequFailing(
      Dataset<Row> rows, List<DataTest> tests, long count) {
    Map<Check, DataTest> checks = new LinkedHashMap<>();
    for (DataTest test : tests) {
      checks.put(check(test), test);
    }
    VerificationSuite suite = new VerificationSuite();
    var run = suite.onData(rows);
    for (Check check : checks.keySet()) {
      run = run.addCheck(check);
    }
    VerificationResult result = run.run();
    Map<DataTest, Long> failing = new LinkedHashMap<>();
    Map<Check, CheckResult> byCheck = JavaConverters.mapAsJavaMap(result.checkResults());
    for (Map.Entry<Check, DataTest> entry : checks.entrySet()) {
      ConstraintResult constraint = byCheck.get(entry.getKey()).constraintResults().head();
      double fraction = metricValue(constraint, entry.getValue());
      failing.put(entry.getValue(), Math.round((1.0 - fraction) * count));
    }
    return failing;
  }

  private static double metricValue(ConstraintResult constraint, DataTest test) {
    Option<Metric<?>> metric = constraint.metric();
    if (metric.isEmpty() || metric.get().value().isFailure()) {
      String reason =
          metric.isEmpty()
              ? constraint.message().getOrElse(() -> "no metric")
              : metric.get().value().failed().get().getMessage();
      throw new IllegalStateException("Deequ could not evaluate " + test.name() + ": " + reason);
    }
    return ((Number) metric.get().value().get()).doubleValue();
  }

  private static Check check(DataTest test) {
    Check check =
        new Check(
            CheckLevel.Error(),
            test.name(),
            scala.collection.immutable.List$.MODULE$.<Constraint>empty());
    String column = test.columns().isEmpty() ? null : test.columns().get(0);
    return switch (test.kind()) {
      case NOT_NULL -> check.isComplete(column, Option.empty(), Option.empty());
      case UNIQUE ->
          check.hasUniqueness(
              JavaConverters.asScalaBuffer(test.columns()).toSeq(), ratio -> (Double) ratio >= 1.0);
      case ACCEPTED_VALUES -> check.isContainedIn(column, test.values().toArray(String[]::new));
      case RANGE ->
          check.isContainedIn(
              column,
              test.min().orElseThrow(),
              test.max().orElseThrow(),
              true,
              true,
              Option.empty(),
              Option.empty());
      case EXPRESSION ->
          check.satisfies(
              test.predicate().orElseThrow(),
              test.name(),
              ratio -> (Double) ratio >= 1.0,
              Option.empty(),
              scala.collection.immutable.List$.MODULE$.<String>empty(),
              Option.empty());
      default -> throw new IllegalArgumentException("not a Deequ test: " + test.kind());
    };
  }

  /** Rows that break the rule. */
  private Dataset<Row> offending(Dataset<Row> rows, DataTest test) {
    return switch (test.kind()) {
      case NOT_NULL, ACCEPTED_VALUES, RANGE, EXPRESSION -> rows.where(RowRules.failing(test));
      case UNIQUE -> duplicates(rows, test);
      case RELATIONSHIP -> orphans(rows, test, Long.MAX_VALUE);
      case ROW_COUNT -> rows.limit(0);
    };
  }

  /**
   * Rows of the merged table that share a tested value with the new rows: how many values, those
   * whose value repeats (as {@link #duplicates} counts them), and all of them.
   */
  private static MergePreview.KeyCopies duplicateCounts(
      MergePreview merged, Dataset<Row> rows, DataTest test) {
    Column[] keys = test.columns().stream().map(functions::col).toArray(Column[]::new);
    Column[] sums = MergePreview.KeyCopies.aggregates(functions.col("count"));
    Row row =
        touched(merged.table(), rows, test)
            .groupBy(keys)
            .count()
            .agg(sums[0], Arrays.copyOfRange(sums, 1, sums.length))
            .first();
    return MergePreview.KeyCopies.of(row, 0);
  }

  private static Dataset<Row> duplicates(Dataset<Row> rows, DataTest test) {
    Column[] keys = test.columns().stream().map(functions::col).toArray(Column[]::new);
    Dataset<Row> repeated =
        rows.groupBy(keys).count().where(functions.col("count").gt(1)).drop("count");
    return rows.join(repeated, JavaConverters.asScalaBuffer(test.columns()).toSeq());
  }

  /**
   * Rows whose value the referenced model does not hold. The model is first narrowed to the values
   * the rows hold, which are broadcast when there are at most {@value #BROADCAST_ROWS} rows: the
   * model is then read once, with no shuffle of its rows.
   */
  private Dataset<Row> orphans(Dataset<Row> rows, DataTest test, long count) {
    String reference = test.reference().orElseThrow();
    int dot = reference.lastIndexOf('.');
    Column child = functions.col(test.columns().get(0));
    Column ref = functions.col("__strata_ref");
    Dataset<Row> parent;
    try {
      parent =
          models
              .apply(reference.substring(0, dot))
              .select(functions.col(reference.substring(dot + 1)).as("__strata_ref"));
    } catch (StrataException e) {
      // Not built yet (it may read this model): no parent row exists, so every value is orphaned.
      return rows.where(child.isNotNull());
    }
    Dataset<Row> children = rows.where(child.isNotNull());
    Dataset<Row> wanted = children.select(child.as("__strata_child")).distinct();
    Dataset<Row> found =
        parent.join(small(wanted, count), ref.equalTo(wanted.col("__strata_child")), "left_semi");
    return children.join(small(found, count), child.equalTo(ref), "left_anti");
  }

  private static Dataset<Row> small(Dataset<Row> rows, long atMost) {
    return atMost <= BROADCAST_ROWS ? functions.broadcast(rows) : rows;
  }

  /** Up to five rows as {@code column=value, ...} lines. */
  public static List<String> samples(Dataset<Row> offending) {
    List<String> samples = new ArrayList<>();
    String[] columns = offending.columns();
    for (Row row : offending.limit(SAMPLES).collectAsList()) {
      List<String> pairs = new ArrayList<>();
      for (int i = 0; i < columns.length; i++) {
        pairs.add(columns[i] + "=" + row.get(i));
      }
      samples.add(String.join(", ", pairs));
    }
    return samples;
  }
}
