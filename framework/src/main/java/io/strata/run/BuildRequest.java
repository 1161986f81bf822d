package io.strata.run;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What to build: the definition of a run, separate from its record ({@link RunResult}).
 *
 * @param selectors dbt-style selectors, empty for every model
 * @param threads models built at once
 * @param warnError a data test's warning fails its model ({@code --warn-error})
 */
public record BuildRequest(
    List<String> selectors,
    List<String> excludes,
    boolean fullRefresh,
    int threads,
    boolean warnError) {
  public BuildRequest {
    selectors = List.copyOf(requireNonNull(selectors, "selectors is null"));
    excludes = List.copyOf(requireNonNull(excludes, "excludes is null"));
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
  }

  /** A request in which data-test warnings stay warnings. */
  public BuildRequest(
      List<String> selectors, List<String> excludes, boolean fullRefresh, int threads) {
    this(selectors, excludes, fullRefresh, threads, false);
  }

  public static BuildRequest all() {
    return new BuildRequest(List.of(), List.of(), false, 1);
  }

  public BuildRequest withFullRefresh() {
    return new BuildRequest(selectors, excludes, true, threads, warnError);
  }
}
