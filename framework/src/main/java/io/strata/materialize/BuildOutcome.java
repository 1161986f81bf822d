package io.strata.materialize;

import static java.util.Objects.requireNonNull;

import io.strata.quality.TestResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What building one model did to its table.
 *
 * @param rows rows written (table), inserted plus updated (merge), or 0
 * @param metrics Delta's operation metrics of the commit, empty when nothing was committed
 * @param tests the model's data tests, run before the commit
 * @param singularTests the singular tests the commit had to pass (see {@link SingularGate})
 */
public record BuildOutcome(
    Action action,
    long rows,
    Optional<Long> versionBefore,
    Optional<Long> versionAfter,
    String detail,
    Map<String, String> metrics,
    List<TestResult> tests,
    List<TestResult> singularTests) {

  public BuildOutcome {
    requireNonNull(action, "action is null");
    requireNonNull(versionBefore, "versionBefore is null");
    requireNonNull(versionAfter, "versionAfter is null");
    requireNonNull(detail, "detail is null");
    metrics = Map.copyOf(requireNonNull(metrics, "metrics is null"));
    tests = List.copyOf(requireNonNull(tests, "tests is null"));
    singularTests = List.copyOf(requireNonNull(singularTests, "singularTests is null"));
  }

  /** An outcome no singular test gated. */
  public BuildOutcome(
      Action action,
      long rows,
      Optional<Long> versionBefore,
      Optional<Long> versionAfter,
      String detail,
      Map<String, String> metrics,
      List<TestResult> tests) {
    this(action, rows, versionBefore, versionAfter, detail, metrics, tests, List.of());
  }

  /** What happened to the table. */
  public enum Action {
    /** A view's plan was checked; nothing is stored. */
    VIEW,
    /** Nothing to do for an ephemeral model. */
    EPHEMERAL,
    /** The whole table was written in one commit. */
    REPLACED,
    /** New rows were merged in one commit. */
    MERGED,
    /** The partitions of a range were recomputed and replaced in one commit. */
    BACKFILLED,
    /** Inputs unchanged since the last build: no commit. */
    UP_TO_DATE
  }

  /** The same outcome with the data tests that ran before it was published. */
  public BuildOutcome withTests(List<TestResult> results) {
    return new BuildOutcome(
        action, rows, versionBefore, versionAfter, detail, metrics, results, singularTests);
  }

  /** The same outcome, its detail led by {@code prefix}. */
  public BuildOutcome withDetailFirst(String prefix) {
    return new BuildOutcome(
        action,
        rows,
        versionBefore,
        versionAfter,
        prefix + "; " + detail,
        metrics,
        tests,
        singularTests);
  }

  /** The same outcome with the singular tests its commit passed. */
  public BuildOutcome withSingularTests(List<TestResult> results) {
    return new BuildOutcome(
        action, rows, versionBefore, versionAfter, detail, metrics, tests, results);
  }

  public boolean committed() {
    return action == Action.REPLACED || action == Action.MERGED || action == Action.BACKFILLED;
  }
}
