package io.strata.run;

import static io.strata.testing.EventsFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.strata.materialize.TestMemo;
import io.strata.model.DataTest;
import io.strata.model.Layer;
import io.strata.model.ModelSpec;
import io.strata.quality.TestResult;
import io.strata.quality.TestStatus;
import io.strata.testing.EventsFixture;
import io.strata.testing.TestingProject;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A view's tests run again only when its inputs or code changed since they last all passed. */
class ViewTestMemoTest {
  private static final Instant DAY_1 = Instant.parse("2026-03-01T06:00:00Z");
  private static final Instant DAY_2 = Instant.parse("2026-03-02T06:00:00Z");

  @TempDir Path dir;

  private static TestingProject project() {
    return new TestingProject()
        .source("raw.events")
        .model(
            ModelSpec.builder(Layer.STAGING, "stg_events")
                .sources("raw.events")
                .test(DataTest.notNull("event_id"), DataTest.range("amount", 0, 100).warn())
                .build(),
            ctx -> ctx.sql("SELECT id AS event_id, amount, _loaded_at FROM raw.events"));
  }

  private static ModelResult view(RunResult run) {
    return run.result("stg_events").orElseThrow();
  }

  @Test
  void passingTestsAreRememberedUntilNewDataLands() {
    EventsFixture events = new EventsFixture(dir, project());
    events.land(DAY_1, event("a1", 5, "2026-03-01T00:00:00Z"));

    ModelResult first = view(events.build());
    assertThat(first.tests()).hasSize(2).allMatch(t -> t.status() == TestStatus.PASS);
    assertThat(events.read(TestMemo.TABLE).count()).isEqualTo(1);
    long memoVersion = events.version(TestMemo.TABLE);

    ModelResult again = view(events.build());
    assertThat(again.status()).isEqualTo(ModelStatus.SUCCESS);
    assertThat(again.tests()).isEmpty();
    assertThat(again.message()).contains("tests passed on these inputs before, not run again");
    assertThat(events.version(TestMemo.TABLE)).isEqualTo(memoVersion);

    events.land(DAY_2, event("a2", 500, "2026-03-02T00:00:00Z"));
    ModelResult changed = view(events.build());
    assertThat(changed.tests())
        .extracting(t -> t.status())
        .containsExactly(TestStatus.PASS, TestStatus.WARN);

    ModelResult warnedBefore = view(events.build());
    assertThat(warnedBefore.tests())
        .as("a warning is not remembered as a pass: it is reported on every build")
        .hasSize(2);
    assertThat(events.read(TestMemo.TABLE).count()).isEqualTo(1);
  }

  @Test
  void aSingularTestRunsAgainOnlyWhenATableItReadsChanged() {
    EventsFixture events =
        new EventsFixture(
            dir,
            EventsFixture.eventsProject()
                .singular("no_negative_totals", "SELECT grp FROM marts.dim_groups WHERE amount < 0")
                .singular(
                    "no_future_events", "SELECT * FROM marts.fct_events WHERE updated_at > now()"));
    events.land(DAY_1, event("a1", 5, "2026-03-01T00:00:00Z"));

    assertThat(events.build().singularTests())
        .as("dim_groups was just written: its commit ran the test, and remembered the pass")
        .noneMatch(TestResult::reused)
        .allMatch(t -> t.status() == TestStatus.PASS);
    RunResult nothingNew = events.build();
    assertThat(nothingNew.singularTests())
        .extracting(TestResult::test, TestResult::reused)
        .containsExactly(tuple("no_negative_totals", true), tuple("no_future_events", false));
    assertThat(nothingNew.singularTests().get(0).describe())
        .isEqualTo(
            "PASS no_negative_totals on singular: passed on the same data before, not run again");

    events.land(DAY_2, event("b1", -50, "2026-03-02T00:00:00Z"));
    RunResult negative = events.build();
    assertThat(negative.result("dim_groups").orElseThrow().status())
        .as("the test keeps dim_groups' negative total out")
        .isEqualTo(ModelStatus.ERROR);
    assertThat(negative.singularTests().get(0).status()).isEqualTo(TestStatus.ERROR);
    assertThat(negative.singularTests().get(0).reused()).isFalse();
    assertThat(events.build().singularTests().get(0).status())
        .as("a failure is never remembered")
        .isEqualTo(TestStatus.ERROR);
  }
}
