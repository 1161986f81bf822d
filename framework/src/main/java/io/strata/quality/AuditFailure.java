package io.strata.quality;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A model's error-level data tests, or a singular test its commit had to pass, failed: nothing was
 * published.
 */
public final class AuditFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<TestResult> results;
  private final transient List<TestResult> singularTests;

  public AuditFailure(String model, List<TestResult> results) {
    this(model, results, List.of());
  }

  /**
   * @param results the model's data tests
   * @param singularTests the singular tests run against the table as the commit would leave it
   */
  public AuditFailure(String model, List<TestResult> results, List<TestResult> singularTests) {
    super(message(model, results, singularTests));
    this.results = List.copyOf(results);
    this.singularTests = List.copyOf(singularTests);
  }

  public List<TestResult> results() {
    return results;
  }

  public List<TestResult> singularTests() {
    return singularTests;
  }

  private static String message(
      String model, List<TestResult> results, List<TestResult> singularTests) {
    boolean dataTestsFailed = results.stream().anyMatch(r -> r.status() == TestStatus.ERROR);
    return (dataTestsFailed ? "Data tests failed for " : "Singular tests failed on ")
        + model
        + (dataTestsFailed ? "" : " as it would be published")
        + "; the published table is unchanged. Fix the model or its input, then build again.\n"
        + Stream.concat(results.stream(), singularTests.stream())
            .filter(r -> r.status() != TestStatus.PASS)
            .map(TestResult::describe)
            .collect(Collectors.joining("\n"));
  }
}
