package io.strata.run;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What to build: the definition of a run, separate from its record ({@link RunResult}).
 *
 * @param selectors dbt-style selectors, empty for every model
 * @param threads models built at once
 */
public record BuildRequest(
    List<String> selectors, List<String> excludes, boolean fullRefresh, int threads) {
  public BuildRequest {
    selectors = List.copyOf(requireNonNull(selectors, "selectors is null"));
    excludes = List.copyOf(requireNonNull(excludes, "excludes is null"));
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
  }

  public static BuildRequest all() {
    return new BuildRequest(List.of(), List.of(), false, 1);
  }

  public BuildRequest withFullRefresh() {
    return new BuildRequest(selectors, excludes, true, threads);
  }
}
