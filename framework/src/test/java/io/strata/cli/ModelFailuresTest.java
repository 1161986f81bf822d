package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.delta.DeltaWarehouses;
import io.strata.model.TableName;
import io.strata.testing.EventsFixture;
import io.strata.testing.Tables;
import io.strata.testing.TestingCli;
import io.strata.testing.TestingCli.Outcome;
import io.strata.testing.TestingSpark;
import io.strata.testing.ThrowingProject;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model whose code throws fails alone, with its name and the exception's message. */
class ModelFailuresTest {
  @TempDir Path dir;

  private Outcome run(String... args) {
    return TestingCli.run(dir, ThrowingProject.class, args);
  }

  @Test
  void aModelThrowingOnTheDriverOrOnAnExecutorFailsAloneWithItsNameAndMessage() throws IOException {
    TestingSpark.session();
    Path batch =
        EventsFixture.writeEvents(
            dir.resolve("batch.jsonl"),
            EventsFixture.event("a1", 1, "2026-03-09T00:00:00Z"),
            EventsFixture.event("b1", 2, "2026-03-09T00:00:00Z"));
    assertThat(run("land", "raw.events=" + batch).exitCode()).isZero();

    Outcome build = run("build");

    assertThat(build.exitCode()).isEqualTo(1);
    assertThat(build.out())
        .contains("Model 'fct_cursed' failed: IllegalArgumentException: amount 2 is cursed.")
        .contains(
            "Model 'fct_no_code' failed: UnsupportedOperationException: fct_no_code is not"
                + " written yet.")
        .contains("skipped: upstream fct_cursed error")
        .contains("PASS=2 ERROR=2 SKIP=1 TOTAL=5")
        .doesNotContain("\tat ");
    assertThat(build.err()).doesNotContain("\tat ");
    Path warehouse = dir.resolve("warehouse");
    assertThat(
            Tables.lines(
                DeltaWarehouses.atPath(warehouse.toString())
                    .read(TestingSpark.session(), TableName.parse("marts.fct_amounts")),
                "event_id",
                "amount"))
        .containsExactly("a1|1", "b1|2");
    assertThat(warehouse.resolve("marts/fct_cursed")).doesNotExist();
    assertThat(warehouse.resolve("marts/fct_after_cursed")).doesNotExist();
  }
}
