package io.strata.quality;

/**
 * How a build runs data tests.
 *
 * @param warnError a warning fails its model ({@code --warn-error})
 * @param fullTests incremental models are tested over the whole table as it will read after the
 *     merge, not only the merged rows ({@code --full-tests})
 * @param storeFailures every offending row of a failing test is written to {@code
 *     audit.<model>__<test>} ({@code --store-failures})
 * @param skip no data test nor singular test runs: models are published untested ({@code strata
 *     run})
 */
public record TestOptions(
    boolean warnError, boolean fullTests, boolean storeFailures, boolean skip) {
  /** Tests run; warnings stay warnings. */
  public static final TestOptions DEFAULT = new TestOptions(false, false, false);

  /** No test runs. */
  public static final TestOptions SKIP = new TestOptions(false, false, false, true);

  /** Options under which tests run. */
  public TestOptions(boolean warnError, boolean fullTests, boolean storeFailures) {
    this(warnError, fullTests, storeFailures, false);
  }
}
