package io.strata.materialize;

import static io.strata.testing.EventsFixture.FCT;
import static io.strata.testing.EventsFixture.event;
import static io.strata.testing.RunAssertions.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.error.StrataException;
import io.strata.graph.ProjectGraph;
import io.strata.model.DataTest;
import io.strata.model.IncrementalSpec;
import io.strata.model.Layer;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import io.strata.quality.TestOptions;
import io.strata.quality.TestResult;
import io.strata.quality.TestStatus;
import io.strata.run.BuildRequest;
import io.strata.run.ModelResult;
import io.strata.run.ModelStatus;
import io.strata.run.RunResult;
import io.strata.testing.EventsFixture;
import io.strata.testing.Tables;
import io.strata.testing.TestingProject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows a rule holds back are kept out of the model, set aside, reported, and never block it. */
class QuarantineTest {
  private static final Instant DAY1 = Instant.parse("2026-03-10T06:00:00Z");
  private static final Instant DAY2 = Instant.parse("2026-03-11T06:00:00Z");
  private static final TableName FCT_QUARANTINE = TableName.parse("audit.fct_events__quarantine");
  private static final TableName STG_QUARANTINE = TableName.parse("audit.stg_events__quarantine");

  @TempDir Path dir;

  @Test
  void emptyBlankAndNullKeysNeverReachTheMergeAndAreSetAsideInBuildRunAndFullRefresh() {
    EventsFixture events = new EventsFixture(dir);
    events.land(
        DAY1,
        event("a1", 1, "2026-03-09T10:00:00Z"),
        event("", 2, "2026-03-09T10:00:00Z"),
        event("", 3, "2026-03-09T11:00:00Z"),
        event("  ", 4, "2026-03-09T11:00:00Z"),
        "{\"id\":null,\"amount\":5,\"updated\":\"2026-03-09T12:00:00Z\"}");

    RunResult first = events.build();

    assertSucceeded(first);
    assertThat(Tables.lines(events.read(FCT), "event_id", "amount")).containsExactly("a1|1");
    TestResult keys = test(first, "fct_events", "unique_key_present(event_id)");
    assertThat(keys.status()).isEqualTo(TestStatus.WARN);
    assertThat(keys.failingRows()).isEqualTo(4);
    assertThat(keys.samples().get(0)).contains("audit.fct_events__quarantine");
    assertThat(Tables.lines(events.read(FCT_QUARANTINE), "model", "tests"))
        .containsOnly("fct_events|unique_key_present(event_id)")
        .hasSize(4);

    events.land(DAY2, event("", 6, "2026-03-10T10:00:00Z"), event("b1", 7, "2026-03-10T10:00:00Z"));
    BuildRequest run = new BuildRequest(List.of(), List.of(), false, 1, TestOptions.SKIP);
    assertSucceeded(events.build(run, CommitHook.NONE));

    assertThat(Tables.lines(events.read(FCT), "event_id", "amount"))
        .containsExactly("a1|1", "b1|7");
    assertThat(events.read(FCT_QUARANTINE).count()).isEqualTo(5);
    assertThat(Tables.lines(events.read(FCT_QUARANTINE), "row"))
        .anySatisfy(row -> assertThat(row).contains("\"amount\":6"));

    assertSucceeded(events.build(BuildRequest.all().withFullRefresh(), CommitHook.NONE));

    assertThat(Tables.lines(events.read(FCT), "event_id", "amount"))
        .containsExactly("a1|1", "b1|7");
    assertThat(events.read(FCT_QUARANTINE).count()).isEqualTo(5);
  }

  @Test
  void aQuarantinedViewTestKeepsItsBadRowsFromEveryReaderInsteadOfFailingEachBuild() {
    EventsFixture events = new EventsFixture(dir, project(DataTest.notNull("amount").quarantine()));
    events.land(
        DAY1,
        event("a1", 1, "2026-03-09T10:00:00Z"),
        "{\"id\":\"a2\",\"amount\":null,\"updated\":\"2026-03-09T10:00:00Z\"}");

    RunResult first = events.build();

    assertSucceeded(first);
    assertThat(test(first, "stg_events", "not_null(amount)").status()).isEqualTo(TestStatus.WARN);
    assertThat(Tables.lines(events.read(FCT), "event_id", "amount")).containsExactly("a1|1");
    assertThat(Tables.lines(events.read(STG_QUARANTINE), "tests", "row"))
        .singleElement()
        .satisfies(line -> assertThat(line).startsWith("not_null(amount)|").contains("\"a2\""));

    events.land(DAY2, event("a3", 3, "2026-03-10T10:00:00Z"));
    assertSucceeded(events.build());

    assertThat(Tables.lines(events.read(FCT), "event_id", "amount"))
        .containsExactly("a1|1", "a3|3");
    assertThat(events.read(STG_QUARANTINE).count()).isEqualTo(1);
  }

  @Test
  void quarantinedRowsCountAgainstAnErrorThresholdAndThenNothingIsPublished() {
    DataTest atMostOne = DataTest.notNull("amount").quarantine().errorIfMoreThan(1);
    EventsFixture events = new EventsFixture(dir, project(atMostOne));
    String noAmount = "{\"id\":\"%s\",\"amount\":null,\"updated\":\"2026-03-09T10:00:00Z\"}";
    events.land(DAY1, event("a1", 1, "2026-03-09T10:00:00Z"), noAmount.formatted("a2"));
    assertSucceeded(events.build());

    events.land(DAY2, noAmount.formatted("a3"), event("a4", 4, "2026-03-10T10:00:00Z"));
    RunResult second = events.build();

    ModelResult staging = second.result("stg_events").orElseThrow();
    assertThat(staging.status()).isEqualTo(ModelStatus.ERROR);
    assertThat(staging.message()).contains("not_null(amount)").contains("2 of 4 rows fail");
    assertThat(second.result("fct_events").orElseThrow().status()).isEqualTo(ModelStatus.SKIPPED);
    assertThat(Tables.lines(events.read(FCT), "event_id")).containsExactly("a1");
    assertThat(events.read(STG_QUARANTINE).count()).isEqualTo(1);
  }

  @Test
  void onlyRowRulesQuarantineAndAnEphemeralModelCannot() {
    assertThatThrownBy(() -> DataTest.unique("event_id").quarantine())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unique(event_id) cannot quarantine");
    TestingProject ephemeral =
        new TestingProject()
            .source("raw.events")
            .model(
                ModelSpec.builder(Layer.STAGING, "stg_events")
                    .ephemeral()
                    .sources("raw.events")
                    .test(DataTest.notNull("id").quarantine())
                    .build(),
                ctx -> ctx.source("raw.events"));

    assertThatThrownBy(() -> ProjectGraph.of(ephemeral))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("stg_events")
        .hasMessageContaining("ephemeral");
  }

  private static TestResult test(RunResult run, String model, String name) {
    return run.result(model).orElseThrow().tests().stream()
        .filter(t -> t.test().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " did not run on " + model));
  }

  /** raw.events, a stg_events view with the given test, and fct_events merged from it. */
  private static TestingProject project(DataTest stagingTest) {
    return new TestingProject()
        .source("raw.events")
        .model(
            ModelSpec.builder(Layer.STAGING, "stg_events")
                .sources("raw.events")
                .test(stagingTest)
                .build(),
            EventsFixture::typedEvents)
        .model(
            ModelSpec.builder(Layer.MARTS, "fct_events")
                .incremental(IncrementalSpec.uniqueKey("event_id").lookback(Duration.ZERO).build())
                .refs("stg_events")
                .partitionBy("grp")
                .build(),
            ctx -> ctx.ref("stg_events"));
  }
}
