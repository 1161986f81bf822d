package io.strata.jobs.bench;

import static java.util.Objects.requireNonNull;

import io.strata.error.Errors;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a benchmark runs.
 *
 * @param sizes rows of {@code fct_orders} to measure at, in order
 * @param increment order versions landed for the incremental scenarios, the same at every size;
 *     half of them are new orders, one day's volume, which sets how many days of history a size is
 * @param lateChangeDays how far back, in days, the increment's late changes of older orders reach
 * @param fullRefreshRuns measured full refreshes, after the warm-ups when at least {@value
 *     #MEDIAN_RUNS}, without when fewer (a quick look: a full refresh at 20M rows takes minutes)
 * @param tuningSizes sizes at which the full refresh is also measured with AQE off and with 200
 *     shuffle partitions
 * @param keepWork leave each size's warehouse (raw history and increment, marts before the
 *     increment) under {@code work} for a closer look
 * @param reuseWork run the incremental scenarios on the warehouse a {@code keepWork} run of the
 *     same data left (within a day), skipping generation, full refresh and no-op
 * @param launcher the {@code strata} launcher the no-op scenario starts in its own JVM; empty skips
 *     that scenario
 * @param scenarios the scenario ids to measure, or every one when empty; the full refresh still
 *     runs once, unmeasured, to build the marts the others start from
 */
record BenchOptions(
    List<Long> sizes,
    long increment,
    int lateChangeDays,
    int warmups,
    int runs,
    int fullRefreshRuns,
    List<Long> tuningSizes,
    long seed,
    Path work,
    boolean keepWork,
    boolean reuseWork,
    Optional<Path> launcher,
    Set<String> scenarios) {
  /** Runs whose median the issue asks for; fewer full refreshes are a quick look, not warmed up. */
  static final int MEDIAN_RUNS = 3;

  /** Every scenario id, in the order the report lists them. */
  static final List<String> SCENARIOS =
      List.of(
          "full_refresh",
          "full_refresh_aqe_off",
          "full_refresh_200_partitions",
          "full_refresh_fct_orders",
          "diff",
          "no_op",
          "no_op_c1",
          "incremental",
          "dbt_default",
          "dbt_build",
          "hand_written",
          "hand_written_tested",
          "incremental_untested",
          "incremental_portable",
          "incremental_optimized");

  BenchOptions {
    sizes = List.copyOf(requireNonNull(sizes, "sizes is null"));
    tuningSizes = List.copyOf(requireNonNull(tuningSizes, "tuningSizes is null"));
    requireNonNull(work, "work is null");
    requireNonNull(launcher, "launcher is null");
    scenarios = Set.copyOf(requireNonNull(scenarios, "scenarios is null"));
    if (sizes.isEmpty()) {
      throw Errors.usage("--sizes names no size: give at least one, like 1M.");
    }
    for (long size : sizes) {
      atLeast("--sizes", size, 10);
    }
    atLeast("--increment", increment, 4);
    atLeast("--late-change-days", lateChangeDays, 1);
    atLeast("--warmups", warmups, 0);
    atLeast("--runs", runs, 1);
    atLeast("--full-refresh-runs", fullRefreshRuns, 1);
  }

  /** Refuses an option's value below the least it takes, naming the option. */
  private static void atLeast(String option, long value, long least) {
    if (value < least) {
      throw Errors.usage(
          option + " is " + value + ": it must be at least " + least + "; pass a larger value.");
    }
  }

  /** Orders placed per day of history: the increment's new orders. */
  long ordersPerDay() {
    return increment / 2;
  }

  /** Warm-up runs before the measured full refreshes. */
  int fullRefreshWarmups() {
    return fullRefreshRuns < MEDIAN_RUNS ? 0 : warmups;
  }

  boolean tuningAt(long size) {
    return tuningSizes.contains(size);
  }

  /** Whether the scenario is measured. */
  boolean measures(String scenario) {
    return scenarios.isEmpty() || scenarios.contains(scenario);
  }
}
