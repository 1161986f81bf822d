package io.strata.run;

import static io.strata.testing.EventsFixture.event;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.graph.ProjectGraph;
import io.strata.materialize.BuildOutcome;
import io.strata.materialize.CommitHook;
import io.strata.materialize.Relations;
import io.strata.model.Layer;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import io.strata.testing.EventsFixture;
import io.strata.testing.Tables;
import io.strata.testing.TestingProject;
import io.strata.testing.TestingSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerTest {
  private static final Instant LANDED = Instant.parse("2026-03-10T06:00:00Z");

  @TempDir Path dir;

  /** Two branches from one source: a failing one with a reader, and a healthy one. */
  private static TestingProject branches() {
    return new TestingProject()
        .source("raw.events")
        .model(
            ModelSpec.builder(Layer.STAGING, "stg_events").sources("raw.events").build(),
            ctx -> ctx.source("raw.events").select(col("id"), col("amount")))
        .model(
            ModelSpec.builder(Layer.INTERMEDIATE, "int_broken").table().refs("stg_events").build(),
            ctx -> ctx.ref("stg_events").select(col("no_such_column")))
        .model(
            ModelSpec.builder(Layer.MARTS, "fct_after_broken").table().refs("int_broken").build(),
            ctx -> ctx.ref("int_broken"))
        .model(
            ModelSpec.builder(Layer.INTERMEDIATE, "int_ephemeral")
                .ephemeral()
                .refs("stg_events")
                .build(),
            ctx -> ctx.ref("stg_events").where("amount > 1"))
        .model(
            ModelSpec.builder(Layer.MARTS, "fct_healthy").table().refs("int_ephemeral").build(),
            ctx -> ctx.sql("SELECT id, amount * 10 AS amount FROM intermediate.int_ephemeral"))
        .model(
            ModelSpec.builder(Layer.MARTS, "fct_sneaky").table().refs("stg_events").build(),
            ctx -> ctx.ref("fct_healthy"));
  }

  private Runner runner(ProjectGraph graph, EventsFixture storage) {
    return new Runner(
        TestingSpark.session(),
        EventsFixture.config(),
        graph,
        storage.warehouse(),
        RunListener.NONE,
        CommitHook.NONE);
  }

  @Test
  void failureSkipsOnlyDownstreamAndIndependentBranchesFinish() {
    EventsFixture storage = new EventsFixture(dir);
    storage.land(
        LANDED, event("a1", 1, "2026-03-09T00:00:00Z"), event("a2", 2, "2026-03-09T00:00:00Z"));
    ProjectGraph graph = ProjectGraph.of(branches());

    RunResult run = runner(graph, storage).build(new BuildRequest(List.of(), List.of(), false, 2));

    assertThat(run.result("int_broken").orElseThrow().status()).isEqualTo(ModelStatus.ERROR);
    assertThat(run.result("int_broken").orElseThrow().message()).contains("no_such_column");
    assertThat(run.result("fct_after_broken").orElseThrow().status())
        .isEqualTo(ModelStatus.SKIPPED);
    assertThat(run.result("fct_after_broken").orElseThrow().message())
        .isEqualTo("skipped: upstream int_broken error");
    assertThat(run.result("fct_healthy").orElseThrow().status()).isEqualTo(ModelStatus.SUCCESS);
    assertThat(run.result("fct_sneaky").orElseThrow().status()).isEqualTo(ModelStatus.ERROR);
    assertThat(run.result("fct_sneaky").orElseThrow().message())
        .contains("Model 'fct_sneaky' asked for 'fct_healthy', which it does not declare");
    assertThat(run.summary()).isEqualTo("PASS=3 ERROR=2 SKIP=1 TOTAL=6");
    assertThat(run.succeeded()).isFalse();

    TableName healthy = TableName.parse("marts.fct_healthy");
    assertThat(Tables.lines(storage.read(healthy), "id", "amount")).containsExactly("a2|20");
    assertThat(Files.exists(dir.resolve("warehouse/intermediate/int_ephemeral"))).isFalse();
    assertThat(Files.exists(dir.resolve("warehouse/staging/stg_events"))).isFalse();
    assertThat(Files.exists(dir.resolve("warehouse/intermediate/int_broken"))).isFalse();
  }

  @Test
  void viewsAreQueryableAndTablesReplaceAtomically() {
    EventsFixture events = new EventsFixture(dir);
    events.land(LANDED, event("a1", 1, "2026-03-09T00:00:00Z"));
    assertThat(events.build().succeeded()).isTrue();
    TableName dim = EventsFixture.DIM;
    long first = events.version(dim);

    events.land(LANDED.plusSeconds(3600), event("b1", 5, "2026-03-09T01:00:00Z"));
    RunResult second = events.build();

    BuildOutcome outcome = second.result("dim_groups").orElseThrow().outcome().orElseThrow();
    assertThat(outcome.action()).isEqualTo(BuildOutcome.Action.REPLACED);
    assertThat(outcome.versionBefore()).contains(first);
    assertThat(events.version(dim)).isEqualTo(first + 1);
    assertThat(Tables.lines(events.read(dim), "grp", "events", "amount"))
        .containsExactly("a|1|1", "b|1|5");
    Relations relations = new Relations(TestingSpark.session(), events.warehouse(), events.graph());
    assertThat(
            Tables.lines(
                relations.sql("SELECT event_id, amount FROM staging.stg_events"),
                "event_id",
                "amount"))
        .containsExactly("a1|1", "b1|5");
  }

  @Test
  void selectionBuildsOnlyTheSelectedModelsAndReportsMissingInputs() {
    EventsFixture events = new EventsFixture(dir);
    events.land(LANDED, event("a1", 1, "2026-03-09T00:00:00Z"));

    RunResult onlyDim =
        events.build(new BuildRequest(List.of("dim_groups"), List.of(), false, 1), CommitHook.NONE);

    assertThat(onlyDim.models()).hasSize(1);
    assertThat(onlyDim.result("dim_groups").orElseThrow().status()).isEqualTo(ModelStatus.ERROR);
    assertThat(onlyDim.result("dim_groups").orElseThrow().message())
        .contains("Table 'marts.fct_events' does not exist", "strata build +dim_groups");

    RunResult withAncestors =
        events.build(
            new BuildRequest(List.of("+dim_groups"), List.of(), false, 1), CommitHook.NONE);
    assertThat(withAncestors.succeeded()).isTrue();
    assertThat(withAncestors.models()).hasSize(3);
  }
}
