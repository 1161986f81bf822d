package io.strata.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * A raw table as landed, read by staging models.
 *
 * @param loadedAt the landing-time column, {@code _loaded_at} by default
 * @param warnAfter a source whose newest row landed longer ago than this warns
 * @param errorAfter ...and longer ago than this stops a build before any model runs
 */
public record SourceSpec(
    TableName table,
    String description,
    String loadedAt,
    Optional<Duration> warnAfter,
    Optional<Duration> errorAfter) {
  public SourceSpec {
    requireNonNull(table, "table is null");
    requireNonNull(description, "description is null");
    requireNonNull(loadedAt, "loadedAt is null");
    requireNonNull(warnAfter, "warnAfter is null");
    requireNonNull(errorAfter, "errorAfter is null");
    if (table.layer() != Layer.RAW) {
      throw new IllegalArgumentException("source " + table + " must be in the raw layer");
    }
  }

  /** A raw source whose load timestamp is {@code _loaded_at}, with no freshness rule. */
  public static SourceSpec of(String table, String description) {
    return new SourceSpec(
        TableName.parse(table), description, "_loaded_at", Optional.empty(), Optional.empty());
  }

  /** The same source with freshness thresholds on its newest landing. */
  public SourceSpec freshness(Duration warnAfter, Duration errorAfter) {
    return new SourceSpec(
        table, description, loadedAt, Optional.of(warnAfter), Optional.of(errorAfter));
  }

  public boolean hasFreshness() {
    return warnAfter.isPresent() || errorAfter.isPresent();
  }
}
