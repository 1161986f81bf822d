package io.strata.run;

import static java.util.Objects.requireNonNull;

import io.strata.materialize.BuildOutcome;
import io.strata.model.ModelSpec;
import io.strata.quality.TestResult;
import java.util.List;
import java.util.Optional;

/** The record of one model in one run. */
public record ModelResult(
    ModelSpec model,
    ModelStatus status,
    double seconds,
    Optional<BuildOutcome> outcome,
    String message,
    List<TestResult> tests) {
  public ModelResult {
    requireNonNull(model, "model is null");
    requireNonNull(status, "status is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(message, "message is null");
    tests = List.copyOf(requireNonNull(tests, "tests is null"));
  }

  public long rows() {
    return outcome.map(BuildOutcome::rows).orElse(0L);
  }
}
