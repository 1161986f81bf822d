package io.strata.warehouse;

/**
 * What a warehouse may rely on beyond Delta's public API. Every capability is an optimization: a
 * warehouse without it gives the same tables, more slowly.
 *
 * @param heldCommits a write's commit can be held until an audit beside it answers (write, audit,
 *     publish in one Delta transaction); without it, tests run before the write
 * @param driverLogReplay commit history and small tables are read from the Delta log on the driver,
 *     with no Spark job; without it, through {@code DESCRIBE HISTORY} and Spark reads
 * @param fileStatistics the Delta log's per-file statistics can prove rows newer or keys absent
 *     without reading data; without it, the rows are checked against the table
 */
public record Capabilities(boolean heldCommits, boolean driverLogReplay, boolean fileStatistics) {
  private static final Capabilities PUBLIC_API = new Capabilities(false, false, false);

  /** Delta's public API only: nothing beyond it. */
  public static Capabilities publicApi() {
    return PUBLIC_API;
  }
}
