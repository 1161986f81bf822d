package io.strata.run;

import static java.util.Objects.requireNonNull;

import io.strata.materialize.BackfillRange;
import io.strata.model.OnCodeChange;
import io.strata.quality.TestOptions;
import java.util.List;
import java.util.Optional;

/**
 * What to build: the definition of a run, separate from its record ({@link RunResult}).
 *
 * @param selectors dbt-style selectors, empty for every model
 * @param threads models built at once
 * @param tests how data tests run: warnings as errors, over whole tables, failures stored
 * @param onCodeChange this run's policy for models whose code changed, whatever they declare;
 *     empty: each model's own, else the project's default
 * @param backfill when present, the selected (incremental) models' partitions in this range are
 *     recomputed and replaced instead of a build
 */
public record BuildRequest(
    List<String> selectors,
    List<String> excludes,
    boolean fullRefresh,
    int threads,
    TestOptions tests,
    Optional<OnCodeChange> onCodeChange,
    Optional<BackfillRange> backfill) {
  public BuildRequest {
    selectors = List.copyOf(requireNonNull(selectors, "selectors is null"));
    excludes = List.copyOf(requireNonNull(excludes, "excludes is null"));
    requireNonNull(tests, "tests is null");
    requireNonNull(onCodeChange, "onCodeChange is null");
    requireNonNull(backfill, "backfill is null");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    if (fullRefresh && backfill.isPresent()) {
      throw new IllegalArgumentException("a backfill is not a full refresh");
    }
  }

  /** A build (no backfill) whose models follow their own code-change policy. */
  public BuildRequest(
      List<String> selectors,
      List<String> excludes,
      boolean fullRefresh,
      int threads,
      TestOptions tests) {
    this(selectors, excludes, fullRefresh, threads, tests, Optional.empty(), Optional.empty());
  }

  /** A request with the default test options. */
  public BuildRequest(
      List<String> selectors, List<String> excludes, boolean fullRefresh, int threads) {
    this(selectors, excludes, fullRefresh, threads, TestOptions.DEFAULT);
  }

  /** A request whose data-test warnings fail their models when {@code warnError}. */
  public BuildRequest(
      List<String> selectors,
      List<String> excludes,
      boolean fullRefresh,
      int threads,
      boolean warnError) {
    this(selectors, excludes, fullRefresh, threads, new TestOptions(warnError, false, false));
  }

  public static BuildRequest all() {
    return new BuildRequest(List.of(), List.of(), false, 1);
  }

  /** The same selection backfilling {@code range} instead of building. */
  public BuildRequest withBackfill(BackfillRange range) {
    return new BuildRequest(
        selectors, excludes, false, threads, tests, onCodeChange, Optional.of(range));
  }

  public BuildRequest withFullRefresh() {
    return new BuildRequest(
        selectors, excludes, true, threads, tests, onCodeChange, Optional.empty());
  }

  /** The same request, applying {@code policy} to every model whose code changed. */
  public BuildRequest withOnCodeChange(OnCodeChange policy) {
    return new BuildRequest(
        selectors, excludes, fullRefresh, threads, tests, Optional.of(policy), backfill);
  }
}
