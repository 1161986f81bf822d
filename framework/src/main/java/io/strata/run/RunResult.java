package io.strata.run;

import static java.util.Objects.requireNonNull;

import io.strata.error.ErrorKind;
import io.strata.quality.FreshnessResult;
import io.strata.quality.TestResult;
import io.strata.quality.TestStatus;
import java.util.List;
import java.util.Optional;

/**
 * The record of a run: every selected model's result in build order.
 *
 * @param shufflePartitions the shuffle partition count the run used
 * @param freshness the checks of the sources the selected models read, made before any model
 * @param singularTests the project's singular tests, run after the models
 */
public record RunResult(
    List<ModelResult> models,
    double seconds,
    int shufflePartitions,
    List<FreshnessResult> freshness,
    List<TestResult> singularTests) {
  public RunResult {
    models = List.copyOf(requireNonNull(models, "models is null"));
    freshness = List.copyOf(requireNonNull(freshness, "freshness is null"));
    singularTests = List.copyOf(requireNonNull(singularTests, "singularTests is null"));
  }

  public long count(ModelStatus status) {
    return models.stream().filter(m -> m.status() == status).count();
  }

  public boolean succeeded() {
    return count(ModelStatus.ERROR) == 0
        && count(ModelStatus.SKIPPED) == 0
        && singularTests.stream().noneMatch(t -> t.status() == TestStatus.ERROR);
  }

  /**
   * The command's exit code: 0 when it succeeded, 4 when a model failed on a damaged table (the
   * warehouse needs repair before anything else), else 1.
   */
  public int exitCode() {
    if (succeeded()) {
      return 0;
    }
    boolean broken =
        models.stream()
            .anyMatch(m -> m.failure().filter(k -> k == ErrorKind.BROKEN_TABLE).isPresent());
    return broken ? ErrorKind.BROKEN_TABLE.exitCode() : ErrorKind.MODEL_FAILED.exitCode();
  }

  public Optional<ModelResult> result(String model) {
    return models.stream().filter(m -> m.model().name().equals(model)).findFirst();
  }

  /** {@code PASS=5 ERROR=0 SKIP=0 TOTAL=5}. */
  public String summary() {
    return String.format(
        "PASS=%d ERROR=%d SKIP=%d TOTAL=%d",
        count(ModelStatus.SUCCESS),
        count(ModelStatus.ERROR),
        count(ModelStatus.SKIPPED),
        models.size());
  }
}
