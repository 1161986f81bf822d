package io.strata.materialize;

import java.sql.Timestamp;
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
}
