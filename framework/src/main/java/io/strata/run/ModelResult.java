package io.strata.run;

import static java.util.Objects.requireNonNull;

import io.strata.materialize.BuildOutcome;
import io.strata.model.ModelSpec;
import java.util.Optional;

/** The record of one model in one run. */
public record ModelResult(
    ModelSpec model,
    ModelStatus status,
    double seconds,
    Optional<BuildOutcome> outcome,
    String message) {
  public ModelResult {
    requireNonNull(model, "model is null");
    requireNonNull(status, "status is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(message, "message is null");
  }

  public long rows() {
    return outcome.map(BuildOutcome::rows).orElse(0L);
  }
}
