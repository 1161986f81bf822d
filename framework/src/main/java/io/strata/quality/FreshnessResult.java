package io.strata.quality;

import static java.util.Objects.requireNonNull;

import io.strata.model.TableName;
import java.time.Instant;
import java.util.Optional;

/** How recently a raw source last received data, against its thresholds. */
public record FreshnessResult(
    TableName source, Optional<Instant> latestLanding, TestStatus status, String message) {
  public FreshnessResult {
    requireNonNull(source, "source is null");
    requireNonNull(latestLanding, "latestLanding is null");
    requireNonNull(status, "status is null");
    requireNonNull(message, "message is null");
  }
}
