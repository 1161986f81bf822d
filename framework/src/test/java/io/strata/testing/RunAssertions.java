package io.strata.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.run.ModelStatus;
import io.strata.run.RunResult;

/** Assertions on a run's results. */
public final class RunAssertions {
  private RunAssertions() {}

  /** Every model of the run succeeded; a failure names the model and its message. */
  public static void assertSucceeded(RunResult run) {
    assertThat(run.models())
        .allSatisfy(
            m ->
                assertThat(m.status())
                    .as(m.model().name() + ": " + m.message())
                    .isEqualTo(ModelStatus.SUCCESS));
  }
}
