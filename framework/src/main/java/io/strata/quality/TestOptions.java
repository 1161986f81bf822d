package io.strata.quality;

/**
 * How a build runs data tests.
 *
 * @param warnError a warning fails its model ({@code --warn-error})
 * @param fullTests incremental models are tested over the whole table as it will read after the
 *     merge, not only the merged rows ({@code --full-tests})
 * @param storeFailures every offending row of a failing test is written to {@code
 *     audit.<model>__<test>} ({@code --store-failures})
 */
public record TestOptions(boolean warnError, boolean fullTests, boolean storeFailures) {
  public static final TestOptions DEFAULT = new TestOptions(false, false, false);
}
