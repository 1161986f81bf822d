package io.strata.quality;

import java.util.List;
import java.util.stream.Collectors;

/** A model's error-level data tests failed: nothing was published. */
public final class AuditFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<TestResult> results;

  public AuditFailure(String model, List<TestResult> results) {
    super(message(model, results));
    this.results = List.copyOf(results);
  }

  public List<TestResult> results() {
    return results;
  }

  private static String message(String model, List<TestResult> results) {
    return "Data tests failed for "
        + model
        + "; the published table is unchanged. Fix the model or its input, then build again.\n"
        + results.stream()
            .filter(r -> r.status() != TestStatus.PASS)
            .map(TestResult::describe)
            .collect(Collectors.joining("\n"));
  }
}
