package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.error.Errors;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@code strata diff} compares: every row, the rows {@code where} selects, or those of the
 * newest {@code lastPartitions} partition values; with up to {@code samples} rows shown per
 * finding.
 */
public record DiffRequest(Optional<String> where, OptionalInt lastPartitions, int samples) {
  public DiffRequest {
    requireNonNull(where, "where is null");
    requireNonNull(lastPartitions, "lastPartitions is null");
    if (where.isPresent() && lastPartitions.isPresent()) {
      throw Errors.usage(
          "--where and --last-partitions do not go together: each limits the rows compared. Give"
              + " one of them.");
    }
    if (lastPartitions.isPresent() && lastPartitions.getAsInt() < 1) {
      throw Errors.usage(
          "--last-partitions must be at least 1, got " + lastPartitions.getAsInt() + ".");
    }
    if (samples < 0) {
      throw Errors.usage("--samples must be 0 or more, got " + samples + ".");
    }
  }

  /** Every row, ten samples. */
  public static DiffRequest all() {
    return new DiffRequest(Optional.empty(), OptionalInt.empty(), 10);
  }
}
