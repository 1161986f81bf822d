package io.strata.quality;

import io.strata.materialize.Relations;
import io.strata.model.SingularTest;
import java.util.List;
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
   */
  public static TestResult run(Relations relations, SingularTest test) {
    Dataset<Row> offending;
    List<String> samples;
    long failing;
    try {
      offending = relations.sql(test.sql());
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
