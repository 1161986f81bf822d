package io.strata.materialize;

import static io.strata.testing.EventsFixture.event;
import static io.strata.testing.RunAssertions.assertSucceeded;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.error.StrataException;
import io.strata.graph.ProjectGraph;
import io.strata.model.Layer;
import io.strata.model.ModelSpec;
import io.strata.model.SnapshotSpec;
import io.strata.model.TableName;
import io.strata.run.BuildRequest;
import io.strata.run.ModelResult;
import io.strata.run.ModelStatus;
import io.strata.run.RunResult;
import io.strata.testing.EventsFixture;
import io.strata.testing.Tables;
import io.strata.testing.TestingProject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots keep every version of every key, late ones at their place, and equal a rebuild. */
class SnapshotTest {
  private static final Instant DAY1 = Instant.parse("2026-03-10T06:00:00Z");
  private static final Instant DAY2 = Instant.parse("2026-03-11T06:00:00Z");
  private static final Instant DAY3 = Instant.parse("2026-03-12T06:00:00Z");
  private static final TableName HISTORY = TableName.parse("intermediate.int_events_history");
  private static final String[] COLUMNS = {
    "event_id", "amount", "valid_from", "valid_to", "is_current"
  };

  @TempDir Path dir;

  @Test
  void aLateVersionTakesItsPlaceInHistoryWithoutBecomingCurrentAndAFullRefreshAgrees() {
    EventsFixture events =
        new EventsFixture(
            dir, project(SnapshotSpec.uniqueKey("event_id").timestamp("updated_at").build()));
    events.land(
        DAY1, event("a1", 1, "2026-03-09T10:00:00Z"), event("b1", 5, "2026-03-09T10:00:00Z"));
    assertSucceeded(events.build());
    events.land(DAY2, event("a1", 3, "2026-03-09T12:00:00Z"));
    assertSucceeded(events.build());
    // Late: older than a1's current version; and an exact replay of b1's only version.
    events.land(
        DAY3, event("a1", 2, "2026-03-09T11:00:00Z"), event("b1", 5, "2026-03-09T10:00:00Z"));
    RunResult late = events.build();

    assertSucceeded(late);
    assertThat(late.result("int_events_history").orElseThrow().outcome().orElseThrow().action())
        .isEqualTo(BuildOutcome.Action.MERGED);
    List<String> incremental = Tables.lines(events.read(HISTORY), COLUMNS);
    assertThat(incremental)
        .containsExactly(
            "a1|1|2026-03-09 10:00:00.0|2026-03-09 11:00:00.0|false",
            "a1|2|2026-03-09 11:00:00.0|2026-03-09 12:00:00.0|false",
            "a1|3|2026-03-09 12:00:00.0|null|true",
            "b1|5|2026-03-09 10:00:00.0|null|true");

    assertSucceeded(events.build(BuildRequest.all().withFullRefresh(), CommitHook.NONE));

    assertThat(Tables.lines(events.read(HISTORY), COLUMNS)).isEqualTo(incremental);
  }

  @Test
  void theCheckStrategyDatesAChangeByItsLandingAndIgnoresRowsThatChangeNothing() {
    EventsFixture events =
        new EventsFixture(dir, project(SnapshotSpec.uniqueKey("event_id").check("amount").build()));
    events.land(DAY1, event("a1", 1, "2026-03-09T10:00:00Z"));
    assertSucceeded(events.build());
    events.land(DAY2, event("a1", 1, "2026-03-10T10:00:00Z"));
    assertSucceeded(events.build());
    events.land(DAY3, event("a1", 2, "2026-03-11T10:00:00Z"));
    assertSucceeded(events.build());

    List<String> incremental = Tables.lines(events.read(HISTORY), COLUMNS);
    assertThat(incremental)
        .containsExactly(
            "a1|1|2026-03-10 06:00:00.0|2026-03-12 06:00:00.0|false",
            "a1|2|2026-03-12 06:00:00.0|null|true");
    assertSucceeded(events.build(BuildRequest.all().withFullRefresh(), CommitHook.NONE));
    assertThat(Tables.lines(events.read(HISTORY), COLUMNS)).isEqualTo(incremental);
  }

  @Test
  void aKeyMissingFromAFullSnapshotClosesItsIntervalAndItsReturnOpensANewOneOnce() {
    SnapshotSpec hardDeletes =
        SnapshotSpec.uniqueKey("event_id").timestamp("updated_at").invalidateHardDeletes().build();
    EventsFixture events = new EventsFixture(dir, project(hardDeletes));
    String a1 = event("a1", 1, "2026-03-09T10:00:00Z");
    String b1 = event("b1", 5, "2026-03-09T10:00:00Z");
    events.land(DAY1, a1, b1);
    assertSucceeded(events.build());
    events.land(DAY2, event("a1", 2, "2026-03-09T12:00:00Z"));
    assertSucceeded(events.build());
    events.land(DAY3, event("a1", 2, "2026-03-09T12:00:00Z"), b1);
    assertSucceeded(events.build());
    events.land(DAY3.plusSeconds(3600), event("a1", 2, "2026-03-09T12:00:00Z"), b1);
    assertSucceeded(events.build());

    List<String> incremental = Tables.lines(events.read(HISTORY), COLUMNS);
    assertThat(incremental)
        .containsExactly(
            "a1|1|2026-03-09 10:00:00.0|2026-03-09 12:00:00.0|false",
            "a1|2|2026-03-09 12:00:00.0|null|true",
            "b1|5|2026-03-09 10:00:00.0|2026-03-11 06:00:00.0|false",
            "b1|5|2026-03-12 06:00:00.0|null|true");
    assertSucceeded(events.build(BuildRequest.all().withFullRefresh(), CommitHook.NONE));
    assertThat(Tables.lines(events.read(HISTORY), COLUMNS)).isEqualTo(incremental);
  }

  @Test
  void aSnapshotWithoutAKeyOrNamingAColumnItDoesNotHaveIsAnInvalidProject() {
    ModelSpec.Builder noKey =
        ModelSpec.builder(Layer.INTERMEDIATE, "int_events_history")
            .snapshot(SnapshotSpec.uniqueKey(new String[0]).timestamp("updated_at").build())
            .refs("stg_events");
    assertThatThrownBy(() -> ProjectGraph.of(project(noKey)))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("int_events_history")
        .hasMessageContaining("unique key");

    ModelSpec.Builder declaredWithout =
        ModelSpec.builder(Layer.INTERMEDIATE, "int_events_history")
            .snapshot(SnapshotSpec.uniqueKey("event_id").timestamp("changed_at").build())
            .refs("stg_events")
            .column("event_id", "id")
            .column("_loaded_at", "landed");
    assertThatThrownBy(() -> ProjectGraph.of(project(declaredWithout)))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("int_events_history")
        .hasMessageContaining("'changed_at'");
  }

  @Test
  void aStrategyColumnTheRowsLackFailsTheModelNamingIt() {
    EventsFixture events =
        new EventsFixture(
            dir, project(SnapshotSpec.uniqueKey("event_id").timestamp("changed_at").build()));
    events.land(DAY1, event("a1", 1, "2026-03-09T10:00:00Z"));

    ModelResult history = events.build().result("int_events_history").orElseThrow();

    assertThat(history.status()).isEqualTo(ModelStatus.ERROR);
    assertThat(history.message()).contains("int_events_history").contains("'changed_at'");
  }

  private static TestingProject project(SnapshotSpec snapshot) {
    return project(
        ModelSpec.builder(Layer.INTERMEDIATE, "int_events_history")
            .snapshot(snapshot)
            .refs("stg_events"));
  }

  /** raw.events, a stg_events view of every landed version, and the given snapshot over it. */
  private static TestingProject project(ModelSpec.Builder history) {
    return new TestingProject()
        .source("raw.events")
        .model(
            ModelSpec.builder(Layer.STAGING, "stg_events").sources("raw.events").build(),
            ctx ->
                ctx.source("raw.events")
                    .select(
                        col("id").as("event_id"),
                        col("amount").cast("bigint").as("amount"),
                        to_timestamp(col("updated")).as("updated_at"),
                        col("_loaded_at")))
        .model(history.build(), ctx -> ctx.ref("stg_events"));
  }
}
