package io.strata.model;

/**
 * What a build of an incremental or snapshot model does when the code that computes its rows (its
 * own, or that of a model upstream) changed since the table's last commit.
 */
public enum OnCodeChange {
  /** A full build of the model with the new code. */
  REBUILD,
  /** The model fails, naming the changed models; nothing is written. */
  FAIL,
  /** Only new rows get the new code; rows already in the table keep the old one. */
  FORWARD_ONLY
}
