package io.strata.materialize;

import io.strata.model.TableName;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The part of a raw table an incremental run reads: rows committed after {@code fromExclusive} up
 * to {@code toInclusive}, plus, for the lookback, earlier rows landed at or after {@code
 * landedSince}. {@code fromExclusive} of -1 reads the whole table.
 */
record Slice(long fromExclusive, long toInclusive, Optional<Timestamp> landedSince) {
  boolean isEmpty() {
    return fromExclusive >= toInclusive;
  }

  /** {@code raw.orders v5-6, raw.customers v3-3}: the versions each source's slice reads. */
  static String describe(Map<TableName, Slice> slices) {
    List<String> parts = new ArrayList<>();
    slices.forEach(
        (source, slice) ->
            parts.add(source + " v" + (slice.fromExclusive() + 1) + "-" + slice.toInclusive()));
    return String.join(", ", parts);
  }
}
