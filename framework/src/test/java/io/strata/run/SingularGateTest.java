package io.strata.run;

import static io.strata.testing.EventsFixture.DIM;
import static io.strata.testing.EventsFixture.FCT;
import static io.strata.testing.EventsFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.strata.materialize.CommitMetadata;
import io.strata.materialize.TestMemo;
import io.strata.quality.TestResult;
import io.strata.quality.TestStatus;
import io.strata.testing.EventsFixture;
import io.strata.testing.Tables;
import io.strata.testing.TestingProject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A singular test that reads a model's table checks it as the model's commit will leave it, before
 * the commit: a failure keeps the data out of what consumers read, as a data test does.
 */
class SingularGateTest {
  private static final Instant DAY_1 = Instant.parse("2026-03-01T06:00:00Z");
  private static final Instant DAY_2 = Instant.parse("2026-03-02T06:00:00Z");
  private static final Instant DAY_3 = Instant.parse("2026-03-03T06:00:00Z");

  @TempDir Path dir;

  private EventsFixture events() {
    return events(EventsFixture.eventsProject());
  }

  private EventsFixture events(TestingProject project) {
    return new EventsFixture(
        dir,
        project
            .singular(
                "amounts_below_1000",
                "SELECT event_id, amount FROM marts.fct_events WHERE amount >= 1000")
            .singular(
                "staged_amounts_not_negative",
                "SELECT event_id FROM staging.stg_events WHERE amount < 0"));
  }

  /** What Strata recorded in the newest commit of {@code fct_events}. */
  private static CommitMetadata lastCommitMetadata(EventsFixture events) {
    String recorded =
        events
            .warehouse()
            .history(EventsFixture.spark(), FCT, 1)
            .get(0)
            .userMetadata()
            .orElseThrow();
    return CommitMetadata.parse(recorded).orElseThrow();
  }

  @Test
  void besideTheMergeAFailureLeavesItsCommitUnwrittenAndAPassIsRecordedInIt() {
    // No lookback: the audit runs while the MERGE writes, and the commit waits for it.
    EventsFixture events = events(EventsFixture.eventsProject(Duration.ZERO));
    events.land(
        DAY_1, event("a1", 5, "2026-03-01T00:00:00Z"), event("b1", 7, "2026-03-01T00:00:00Z"));
    assertThat(events.build().succeeded()).isTrue();
    long version = events.version(FCT);
    long checksum = Tables.checksum(events.read(FCT));

    events.land(
        DAY_2, event("a1", 5000, "2026-03-02T00:00:00Z"), event("c1", 3, "2026-03-02T00:00:00Z"));
    ModelResult bad = events.build().result("fct_events").orElseThrow();

    assertThat(bad.status()).isEqualTo(ModelStatus.ERROR);
    assertThat(bad.message())
        .contains(
            "Singular tests failed on marts.fct_events as it would be published",
            "event_id=a1, amount=5000");
    assertThat(events.version(FCT)).isEqualTo(version);
    assertThat(Tables.checksum(events.read(FCT))).isEqualTo(checksum);

    events.land(DAY_3, event("a1", 50, "2026-03-03T00:00:00Z"));
    RunResult fixed = events.build();

    assertThat(fixed.succeeded()).as(fixed.toString()).isTrue();
    assertThat(fixed.result("fct_events").orElseThrow().outcome().orElseThrow().detail())
        .endsWith("tested while the MERGE wrote");
    assertThat(Tables.lines(events.read(FCT), "event_id", "amount"))
        .containsExactly("a1|50", "b1|7", "c1|3");
    CommitMetadata committed = lastCommitMetadata(events);
    assertThat(committed.singularPasses())
        .as("settled by the audit after the MERGE began, written into its commit")
        .containsOnlyKeys("amounts_below_1000");
    assertThat(committed.uniqueKeySince()).hasValue(version);
  }

  @Test
  void aFailingSingularTestKeepsTheMergeOutUntilACorrectionLands() {
    EventsFixture events = events();
    events.land(
        DAY_1, event("a1", 5, "2026-03-01T00:00:00Z"), event("b1", 7, "2026-03-01T00:00:00Z"));
    RunResult first = events.build();
    assertThat(first.succeeded()).as(first.toString()).isTrue();
    long version = events.version(FCT);
    long checksum = Tables.checksum(events.read(FCT));
    long groups = events.version(DIM);

    events.land(
        DAY_2, event("a1", 5000, "2026-03-02T00:00:00Z"), event("c1", 3, "2026-03-02T00:00:00Z"));
    RunResult bad = events.build();

    ModelResult fct = bad.result("fct_events").orElseThrow();
    assertThat(fct.status()).isEqualTo(ModelStatus.ERROR);
    assertThat(fct.message())
        .contains(
            "Singular tests failed on marts.fct_events as it would be published",
            "the published table is unchanged",
            "event_id=a1, amount=5000");
    assertThat(fct.tests())
        .as("the data tests passed")
        .extracting(TestResult::test, TestResult::status)
        .containsExactly(tuple("unique(event_id)", TestStatus.PASS));
    assertThat(bad.result("dim_groups").orElseThrow().status()).isEqualTo(ModelStatus.SKIPPED);
    assertThat(bad.singularTests())
        .extracting(TestResult::test, TestResult::status, TestResult::failingRows)
        .containsExactly(
            tuple("amounts_below_1000", TestStatus.ERROR, 1L),
            tuple("staged_amounts_not_negative", TestStatus.PASS, 0L));
    assertThat(bad.singularTests().get(0).samples()).containsExactly("event_id=a1, amount=5000");
    assertThat(events.version(FCT)).isEqualTo(version);
    assertThat(Tables.checksum(events.read(FCT))).isEqualTo(checksum);
    assertThat(events.version(DIM)).isEqualTo(groups);

    events.land(DAY_3, event("a1", 50, "2026-03-03T00:00:00Z"));
    RunResult fixed = events.build();

    assertThat(fixed.succeeded()).as(fixed.toString()).isTrue();
    assertThat(Tables.lines(events.read(FCT), "event_id", "amount"))
        .containsExactly("a1|50", "b1|7", "c1|3");
    assertThat(fixed.singularTests()).allMatch(t -> t.status() == TestStatus.PASS);
  }

  @Test
  void aPassAgainstTheCommitIsRememberedForTheVersionItWrote() {
    EventsFixture events = events();
    events.land(DAY_1, event("a1", 5, "2026-03-01T00:00:00Z"));

    RunResult built = events.build();
    assertThat(built.singularTests())
        .extracting(TestResult::test, TestResult::status, TestResult::reused)
        .containsExactly(
            tuple("amounts_below_1000", TestStatus.PASS, false),
            tuple("staged_amounts_not_negative", TestStatus.PASS, false));

    RunResult nothingNew = events.build();
    assertThat(nothingNew.singularTests())
        .as("the gated test passed on the versions the build committed; the other reads a view")
        .extracting(TestResult::test, TestResult::reused)
        .containsExactly(
            tuple("amounts_below_1000", true), tuple("staged_amounts_not_negative", false));
    assertThat(lastCommitMetadata(events).singularPasses())
        .as("the pass is kept in the commit it checked, not in a table of its own")
        .containsOnlyKeys("amounts_below_1000");
    assertThat(events.warehouse().exists(TestMemo.TABLE)).isFalse();

    events.land(DAY_2, event("b1", 2000, "2026-03-02T00:00:00Z"));
    events.build();
    assertThat(events.build().singularTests().get(0))
        .as("a failure is never remembered")
        .satisfies(
            t -> {
              assertThat(t.status()).isEqualTo(TestStatus.ERROR);
              assertThat(t.reused()).isFalse();
            });
  }

  @Test
  void aTestReadingTwoTablesChecksTheLaterCommitWithTheEarlierOneInPlace() {
    EventsFixture events =
        new EventsFixture(
            dir,
            EventsFixture.eventsProject()
                .singular(
                    "totals_match_events",
                    "SELECT g.grp FROM marts.dim_groups g FULL JOIN (SELECT grp, count(*) AS n"
                        + " FROM marts.fct_events GROUP BY grp) e ON g.grp = e.grp"
                        + " WHERE g.events IS DISTINCT FROM e.n"));
    events.land(DAY_1, event("a1", 5, "2026-03-01T00:00:00Z"));
    assertThat(events.build().succeeded()).isTrue();

    events.land(
        DAY_2, event("a2", 6, "2026-03-02T00:00:00Z"), event("b1", 7, "2026-03-02T00:00:00Z"));
    RunResult run = events.build();

    assertThat(run.succeeded())
        .as("checked with dim_groups' new totals against fct_events' new rows: %s", run)
        .isTrue();
    assertThat(run.result("dim_groups").orElseThrow().outcome().orElseThrow().singularTests())
        .extracting(TestResult::test, TestResult::status)
        .containsExactly(tuple("totals_match_events", TestStatus.PASS));
    assertThat(run.result("fct_events").orElseThrow().outcome().orElseThrow().singularTests())
        .isEmpty();
  }

  @Test
  void aTestReadingAViewStillRunsAfterTheModelsAgainstWhatWasPublished() {
    EventsFixture events = events();
    events.land(DAY_1, event("a1", -5, "2026-03-01T00:00:00Z"));

    RunResult run = events.build();

    assertThat(run.models()).allMatch(m -> m.status() == ModelStatus.SUCCESS);
    assertThat(Tables.lines(events.read(FCT), "event_id", "amount")).containsExactly("a1|-5");
    assertThat(run.singularTests())
        .extracting(TestResult::test, TestResult::status)
        .containsExactly(
            tuple("amounts_below_1000", TestStatus.PASS),
            tuple("staged_amounts_not_negative", TestStatus.ERROR));
    assertThat(run.succeeded()).isFalse();
  }
}
