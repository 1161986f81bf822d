package io.strata.run;

import static java.util.Objects.requireNonNull;

import io.strata.error.ErrorKind;
import io.strata.materialize.BuildOutcome;
import io.strata.model.ModelSpec;
import io.strata.quality.TestResult;
import java.util.List;
import java.util.Optional;

/**
 * The record of one model in one run.
 *
 * @param failure the kind of error that failed the model ({@link ErrorKind#MODEL_FAILED} for its
 *     code or tests, {@link ErrorKind#BROKEN_TABLE} for a damaged table...); empty unless it failed
 */
public record ModelResult(
    ModelSpec model,
    ModelStatus status,
    double seconds,
    Optional<BuildOutcome> outcome,
    String message,
    List<TestResult> tests,
    Optional<ErrorKind> failure) {
  public ModelResult {
    requireNonNull(model, "model is null");
    requireNonNull(status, "status is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(message, "message is null");
    tests = List.copyOf(requireNonNull(tests, "tests is null"));
    requireNonNull(failure, "failure is null");
  }

  /** A result whose failure, if it failed, is the model's own ({@link ErrorKind#MODEL_FAILED}). */
  public ModelResult(
      ModelSpec model,
      ModelStatus status,
      double seconds,
      Optional<BuildOutcome> outcome,
      String message,
      List<TestResult> tests) {
    this(
        model,
        status,
        seconds,
        outcome,
        message,
        tests,
        status == ModelStatus.ERROR ? Optional.of(ErrorKind.MODEL_FAILED) : Optional.empty());
  }

  public long rows() {
    return outcome.map(BuildOutcome::rows).orElse(0L);
  }
}
