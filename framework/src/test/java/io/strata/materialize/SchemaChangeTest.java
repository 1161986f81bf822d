package io.strata.materialize;

import static io.strata.testing.EventsFixture.FCT;
import static io.strata.testing.EventsFixture.event;
import static io.strata.testing.RunAssertions.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.OnSchemaChange;
import io.strata.run.ModelStatus;
import io.strata.run.RunResult;
import io.strata.testing.EventsFixture;
import io.strata.testing.Tables;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code on_schema_change} when a model's columns change between incremental builds. */
class SchemaChangeTest {
  private static final Instant DAY1 = Instant.parse("2026-03-10T06:00:00Z");
  private static final Instant DAY2 = Instant.parse("2026-03-11T06:00:00Z");
  private static final Instant DAY3 = Instant.parse("2026-03-12T06:00:00Z");

  @TempDir Path dir;

  @Test
  void schemaChangeFailNamesTheAddedColumnAndLeavesTheTable() {
    EventsFixture first = new EventsFixture(dir, OnSchemaChange.FAIL, false);
    first.land(DAY1, event("a1", 1, "2026-03-09T00:00:00Z"));
    assertSucceeded(first.build());
    long version = first.version(FCT);
    first.land(DAY2, event("a2", 2, "2026-03-10T00:00:00Z"));

    EventsFixture drifted = new EventsFixture(dir, OnSchemaChange.FAIL, true);
    RunResult run = drifted.build();

    assertThat(run.result("fct_events").orElseThrow().status()).isEqualTo(ModelStatus.ERROR);
    assertThat(run.result("fct_events").orElseThrow().message())
        .contains("fct_events", "added [note]", "removed []", "--full-refresh");
    assertThat(drifted.version(FCT)).isEqualTo(version);
  }

  @Test
  void schemaChangeAppendAddsNewColumnsAndSyncDropsRemovedOnes() {
    EventsFixture narrow = new EventsFixture(dir, OnSchemaChange.APPEND_NEW_COLUMNS, false);
    narrow.land(DAY1, event("a1", 1, "2026-03-09T00:00:00Z"));
    assertSucceeded(narrow.build());
    narrow.land(DAY2, event("a2", 2, "2026-03-10T00:00:00Z"));

    EventsFixture wide = new EventsFixture(dir, OnSchemaChange.APPEND_NEW_COLUMNS, true);
    assertSucceeded(wide.build());
    assertThat(Tables.lines(wide.read(FCT), "event_id", "note"))
        .containsExactly("a1|null", "a2|a2");

    wide.land(DAY3, event("a3", 3, "2026-03-11T00:00:00Z"));
    EventsFixture synced = new EventsFixture(dir, OnSchemaChange.SYNC_ALL_COLUMNS, false);
    assertSucceeded(synced.build());
    assertThat(synced.read(FCT).columns()).doesNotContain("note");
    assertThat(Tables.lines(synced.read(FCT), "event_id", "amount"))
        .containsExactly("a1|1", "a2|2", "a3|3");
  }
}
