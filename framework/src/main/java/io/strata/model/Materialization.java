package io.strata.model;

import java.util.Locale;

/** How a model's result is stored. */
public enum Materialization {
  /** Not stored: recomputed from its inputs whenever it is read, and queryable by name. */
  VIEW,
  /**
   * Replaced atomically on every build whose inputs changed: readers see old or new, never half.
   */
  TABLE,
  /** Never stored nor queryable: inlined into the models that read it. */
  EPHEMERAL,
  /** Merged on a unique key with only the rows landed since the last run. */
  INCREMENTAL,
  /** Every version of every key, with its validity interval, merged from new landings. */
  SNAPSHOT;

  public boolean isPersisted() {
    return this == TABLE || this == INCREMENTAL || this == SNAPSHOT;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
