package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.warehouse.Capabilities;

/**
 * How an incremental build merges a batch, chosen in one place from what the model asks and what
 * the warehouse can do. Every path lands the same rows; they differ in what runs before the MERGE.
 */
enum MergePath {
  /**
   * The MERGE writes while the audit runs beside it, and its commit waits for the audit: where the
   * model is audited, the table holds one row per key (so the MERGE's newer-only update lands
   * exactly the rows the audit keeps), has no lookback (whose re-read rows the MERGE would scan),
   * uses deletion vectors (the MERGE rewrites only the rows it changes), and the warehouse can hold
   * a commit.
   */
  AUDIT_BESIDE_MERGE,

  /**
   * Rows not newer than the table's are dropped, the rest tested, then merged: where the model is
   * audited (tests must see exactly the rows that land) and commits cannot be held, or the table's
   * shape rules out the held commit.
   */
  AUDIT_THEN_MERGE,

  /**
   * Rows not newer than the table's are dropped before an untested MERGE: with a lookback, whose
   * re-read rows would otherwise widen the partitions the MERGE scans, or without deletion vectors,
   * where a MERGE rewrites every file with a matching row whether its clause fires or not.
   */
  FILTER_THEN_MERGE,

  /** The MERGE's own {@code WHEN MATCHED AND newer} drops stale rows in its one scan. */
  MERGE_ONLY;

  /** What decides the path. */
  record Facts(
      boolean audited,
      boolean oneRowPerKey,
      boolean lookback,
      boolean deletionVectors,
      Capabilities capabilities) {
    Facts {
      requireNonNull(capabilities, "capabilities is null");
    }
  }

  static MergePath choose(Facts facts) {
    if (facts.audited()) {
      boolean held =
          facts.oneRowPerKey()
              && !facts.lookback()
              && facts.deletionVectors()
              && facts.capabilities().heldCommits();
      return held ? AUDIT_BESIDE_MERGE : AUDIT_THEN_MERGE;
    }
    return facts.lookback() || !facts.deletionVectors() ? FILTER_THEN_MERGE : MERGE_ONLY;
  }

  /** Whether rows not newer than the table's are dropped before the MERGE. */
  boolean filtersFirst() {
    return this == AUDIT_THEN_MERGE || this == FILTER_THEN_MERGE;
  }
}
