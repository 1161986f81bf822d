package io.strata.materialize;

import static io.strata.testing.EventsFixture.DIM;
import static io.strata.testing.EventsFixture.FCT;
import static io.strata.testing.EventsFixture.event;
import static io.strata.testing.RunAssertions.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.materialize.BuildOutcome.Action;
import io.strata.model.Layer;
import io.strata.model.Model;
import io.strata.model.ModelSpec;
import io.strata.model.OnCodeChange;
import io.strata.model.Project;
import io.strata.model.SnapshotSpec;
import io.strata.model.TableName;
import io.strata.run.BuildRequest;
import io.strata.run.ModelStatus;
import io.strata.run.RunHistory;
import io.strata.run.RunResult;
import io.strata.testing.EventsFixture;
import io.strata.testing.Tables;
import io.strata.testing.TestingCli;
import io.strata.testing.TestingProject;
import io.strata.testing.TestingSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build after the code of {@code fct_events} or of the view it reads changed: rebuilt, failed or
 * merged forward-only as the policy says; an edit of documentation alone changes nothing.
 */
class CodeChangeTest {
  private static final Instant DAY1 = Instant.parse("2026-03-10T06:00:00Z");
  private static final Instant DAY2 = Instant.parse("2026-03-11T06:00:00Z");
  private static final Instant DAY3 = Instant.parse("2026-03-12T06:00:00Z");
  private static final TableName HISTORY = TableName.parse("intermediate.int_events_history");

  @TempDir Path dir;

  @TempDir static Path shared;

  private static EventsFixture builtWithV1;

  /** Version 1 built after two landings (a1 twice, b1, c1), copied into this test's directory. */
  private EventsFixture builtWithV1() {
    synchronized (CodeChangeTest.class) {
      if (builtWithV1 == null) {
        EventsFixture v1 = new EventsFixture(shared, new CodeChangeProjects.V1());
        v1.land(
            DAY1, event("a1", 10, "2026-03-09T10:00:00Z"), event("b1", 20, "2026-03-09T11:00:00Z"));
        assertSucceeded(v1.build());
        v1.land(
            DAY2, event("a1", 11, "2026-03-10T10:00:00Z"), event("c1", 30, "2026-03-10T11:00:00Z"));
        assertSucceeded(v1.build());
        builtWithV1 = v1;
      }
    }
    return builtWithV1.copyTo(dir);
  }

  private EventsFixture as(Project version) {
    return new EventsFixture(dir, version);
  }

  private static List<String> amounts(EventsFixture events) {
    return Tables.lines(events.read(FCT), "event_id", "amount");
  }

  @Test
  void rebuildGivesTheTableAFullRefreshWithTheNewCodeGives() {
    builtWithV1();
    EventsFixture v2 = as(new CodeChangeProjects.ViewV2());

    RunResult run = v2.build();

    assertSucceeded(run);
    BuildOutcome fct = run.result("fct_events").orElseThrow().outcome().orElseThrow();
    assertThat(fct.action()).isEqualTo(Action.REPLACED);
    assertThat(fct.detail()).isEqualTo("code changed: stg_events");
    BuildOutcome dim = run.result("dim_groups").orElseThrow().outcome().orElseThrow();
    assertThat(dim.action()).as("a table over the changed view").isEqualTo(Action.REPLACED);
    assertThat(dim.detail()).isEqualTo("code changed: stg_events");
    assertThat(amounts(v2)).containsExactly("a1|22", "b1|40", "c1|60");
    long rebuilt = Tables.checksum(v2.read(FCT));
    List<String> groups = Tables.lines(v2.read(DIM), "grp", "amount");

    assertSucceeded(v2.build(BuildRequest.all().withFullRefresh(), CommitHook.NONE));
    assertThat(Tables.checksum(v2.read(FCT))).isEqualTo(rebuilt);
    assertThat(Tables.lines(v2.read(DIM), "grp", "amount")).isEqualTo(groups);
    assertThat(v2.build().result("fct_events").orElseThrow().outcome().orElseThrow().action())
        .isEqualTo(Action.UP_TO_DATE);
  }

  @Test
  void failChangesNothingAndForwardOnlyIsRecordedInTheCommitAndTheRunHistory() {
    EventsFixture v1 = builtWithV1();
    long version = v1.version(FCT);
    List<String> before = amounts(v1);

    TestingCli.Outcome failed =
        TestingCli.run(
            dir,
            CodeChangeProjects.ViewV2.class,
            "build",
            "fct_events",
            "--conf",
            "strata.incremental.on-code-change=fail");

    assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
    assertThat(failed.out())
        .contains(
            "the code of stg_events changed",
            "strata build fct_events --full-refresh",
            "strata build fct_events --on-code-change forward_only");
    assertThat(v1.version(FCT)).isEqualTo(version);
    assertThat(amounts(v1)).isEqualTo(before);

    RunResult declared = as(new CodeChangeProjects.ViewV2FailingFct()).build();
    assertThat(declared.result("fct_events").orElseThrow().status()).isEqualTo(ModelStatus.ERROR);
    assertThat(v1.version(FCT)).isEqualTo(version);

    v1.land(DAY3, event("d1", 40, "2026-03-11T10:00:00Z"));
    TestingCli.Outcome accepted =
        TestingCli.run(
            dir,
            CodeChangeProjects.ViewV2FailingFct.class,
            "build",
            "fct_events",
            "--on-code-change",
            "forward_only");

    assertThat(accepted.exitCode()).as(accepted.out() + accepted.err()).isZero();
    assertThat(amounts(v1)).containsExactly("a1|11", "b1|20", "c1|30", "d1|80");
    long merged = v1.version(FCT);
    assertThat(ForwardOnly.since(TestingSpark.session(), v1.warehouse(), FCT))
        .containsExactly(new ForwardOnly(merged, List.of("stg_events")));
    assertThat(
            Tables.lines(
                v1.read(RunHistory.TABLE).where("model = 'marts.fct_events'"),
                "status",
                "action",
                "message"))
        .contains(
            "success|merged|code changed: stg_events (forward-only: new rows only); merged"
                + " raw.events v3-3");
  }

  @Test
  void forwardOnlyKeepsOldRowsAndGivesNewRowsTheNewCode() {
    EventsFixture events = builtWithV1();
    EventsFixture v2 = as(new CodeChangeProjects.FctV2());
    v2.land(DAY3, event("a1", 12, "2026-03-11T10:00:00Z"), event("d1", 40, "2026-03-11T11:00:00Z"));

    RunResult run =
        v2.build(BuildRequest.all().withOnCodeChange(OnCodeChange.FORWARD_ONLY), CommitHook.NONE);

    assertSucceeded(run);
    assertThat(run.result("fct_events").orElseThrow().message())
        .startsWith("code changed: fct_events (forward-only: new rows only); merged");
    assertThat(amounts(events)).containsExactly("a1|13", "b1|20", "c1|30", "d1|41");
    long accepted = events.version(FCT);
    assertThat(ForwardOnly.since(TestingSpark.session(), events.warehouse(), FCT))
        .containsExactly(new ForwardOnly(accepted, List.of("fct_events")));

    RunResult next = v2.build();
    assertThat(next.result("fct_events").orElseThrow().outcome().orElseThrow().action())
        .as("the accepted code is the table's code now")
        .isEqualTo(Action.UP_TO_DATE);
    TestingCli.Outcome diff =
        TestingCli.run(dir, CodeChangeProjects.FctV2.class, "diff", "fct_events");
    assertThat(diff.exitCode()).as(diff.out() + diff.err()).isEqualTo(1);
    assertThat(diff.out())
        .contains("accepted a code change of fct_events forward-only: rows merged before it");

    assertSucceeded(v2.build(BuildRequest.all().withFullRefresh(), CommitHook.NONE));
    assertThat(amounts(events)).containsExactly("a1|13", "b1|21", "c1|31", "d1|41");
    assertThat(ForwardOnly.since(TestingSpark.session(), events.warehouse(), FCT)).isEmpty();
  }

  @Test
  void aSnapshotOverAChangedViewIsRebuiltWithTheNewCode() {
    EventsFixture v1 = new EventsFixture(dir, snapshotOver(new CodeChangeProjects.Stg(stg())));
    v1.land(DAY1, event("a1", 10, "2026-03-09T10:00:00Z"));
    assertSucceeded(v1.build());

    RunResult run =
        new EventsFixture(dir, snapshotOver(new CodeChangeProjects.StgDoubled(stg()))).build();

    assertSucceeded(run);
    BuildOutcome history = run.result("int_events_history").orElseThrow().outcome().orElseThrow();
    assertThat(history.action()).isEqualTo(Action.REPLACED);
    assertThat(history.detail()).isEqualTo("code changed: stg_events");
    assertThat(Tables.lines(v1.read(HISTORY), "event_id", "amount", "is_current"))
        .containsExactly("a1|20|true");
  }

  private static ModelSpec stg() {
    return CodeChangeProjects.stgSpec("events, typed");
  }

  private static TestingProject snapshotOver(Model stg) {
    return new TestingProject()
        .source("raw.events")
        .model(stg)
        .model(
            ModelSpec.builder(Layer.INTERMEDIATE, "int_events_history")
                .snapshot(SnapshotSpec.uniqueKey("event_id").timestamp("updated_at").build())
                .refs("stg_events")
                .build(),
            ctx -> ctx.ref("stg_events"));
  }

  @Test
  void documentationTagsAndDescriptionsAloneChangeNothing() {
    EventsFixture v1 = builtWithV1();
    long fct = v1.version(FCT);
    long dim = v1.version(DIM);

    RunResult run = as(new CodeChangeProjects.V1Redocumented()).build();

    assertSucceeded(run);
    assertThat(run.result("fct_events").orElseThrow().outcome().orElseThrow().action())
        .isEqualTo(Action.UP_TO_DATE);
    assertThat(run.result("dim_groups").orElseThrow().outcome().orElseThrow().action())
        .isEqualTo(Action.UP_TO_DATE);
    assertThat(v1.version(FCT)).isEqualTo(fct);
    assertThat(v1.version(DIM)).isEqualTo(dim);
  }
}
