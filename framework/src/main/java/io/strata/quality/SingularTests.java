package io.strata.quality;

import io.strata.model.SingularTest;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Runs singular tests: each query's rows are its failures. */
public final class SingularTests {
  /** What a singular test's result names as its model. */
  public static final String MODEL = "singular";

  private SingularTests() {}

  /**
   * Runs one test: ERROR when its query returns rows, or cannot run. A passing test costs one query
   * (its first rows); only a failing one is counted in full.
   *
   * @param query runs a query over the warehouse's tables, named {@code layer.table}
   */
  public static TestResult run(Function<String, Dataset<Row>> query, SingularTest test) {
    Dataset<Row> offending;
    List<String> samples;
    long failing;
    try {
      offending = query.apply(test.sql());
      samples = DataTestRunner.samples(offending);
      failing = samples.isEmpty() ? 0 : offending.count();
    } catch (RuntimeException e) {
      return new TestResult(
          MODEL, test.name(), TestStatus.ERROR, 1, 0, List.of("could not run: " + e.getMessage()));
    }
    return new TestResult(
        MODEL,
        test.name(),
        failing == 0 ? TestStatus.PASS : TestStatus.ERROR,
        failing,
        failing,
        samples);
  }
}
