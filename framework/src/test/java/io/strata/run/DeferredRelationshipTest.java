package io.strata.run;

import static io.strata.testing.EventsFixture.event;
import static io.strata.testing.RunAssertions.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.DataTest;
import io.strata.model.IncrementalSpec;
import io.strata.model.Layer;
import io.strata.model.ModelSpec;
import io.strata.quality.TestResult;
import io.strata.quality.TestStatus;
import io.strata.testing.EventsFixture;
import io.strata.testing.TestingProject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A relationship to a model the same build rebuilds later is checked against the new table. */
class DeferredRelationshipTest {
  private static final Instant DAY1 = Instant.parse("2026-03-10T06:00:00Z");
  private static final Instant DAY2 = Instant.parse("2026-03-11T06:00:00Z");
  private static final String TEST = "relationships(grp -> dim_groups.grp)";

  @TempDir Path dir;

  @Test
  void aFirstBuildCountsOnlyTheRealOrphansAndSoDoesTheNextBatch() {
    EventsFixture events =
        new EventsFixture(dir, project(DataTest.relationship("grp", "dim_groups", "grp").warn()));
    events.land(
        DAY1,
        event("a1", 1, "2026-03-09T10:00:00Z"),
        event("b1", 2, "2026-03-09T10:00:00Z"),
        event("z1", 3, "2026-03-09T10:00:00Z"));

    RunResult first = events.build();

    assertSucceeded(first);
    TestResult relationship = test(first);
    assertThat(relationship.status()).isEqualTo(TestStatus.WARN);
    assertThat(relationship.failingRows()).isEqualTo(1);
    assertThat(relationship.samples()).anySatisfy(s -> assertThat(s).contains("z1"));

    events.land(
        DAY2, event("c1", 4, "2026-03-10T10:00:00Z"), event("z2", 5, "2026-03-10T10:00:00Z"));
    RunResult second = events.build();

    assertSucceeded(second);
    assertThat(test(second).failingRows()).isEqualTo(2);
  }

  @Test
  void anErrorLevelRelationshipFailsTheModelAfterBothArePublished() {
    EventsFixture events =
        new EventsFixture(dir, project(DataTest.relationship("grp", "dim_groups", "grp")));
    events.land(
        DAY1, event("a1", 1, "2026-03-09T10:00:00Z"), event("z1", 3, "2026-03-09T10:00:00Z"));

    RunResult first = events.build();

    ModelResult fct = first.result("fct_events").orElseThrow();
    assertThat(fct.status()).isEqualTo(ModelStatus.ERROR);
    assertThat(fct.message())
        .startsWith("published, but")
        .contains(TEST)
        .contains("1 of 2 rows fail");
    assertThat(first.result("dim_groups").orElseThrow().status()).isEqualTo(ModelStatus.SUCCESS);
    assertThat(events.read(EventsFixture.FCT).count()).isEqualTo(2);
  }

  private static TestResult test(RunResult run) {
    return run.result("fct_events").orElseThrow().tests().stream()
        .filter(t -> t.test().equals(TEST))
        .findFirst()
        .orElseThrow(() -> new AssertionError(TEST + " did not run"));
  }

  /** fct_events, tested against dim_groups, which is built from it and leaves group z out. */
  private static TestingProject project(DataTest relationship) {
    return new TestingProject()
        .source("raw.events")
        .model(
            ModelSpec.builder(Layer.STAGING, "stg_events").sources("raw.events").build(),
            EventsFixture::typedEvents)
        .model(
            ModelSpec.builder(Layer.MARTS, "fct_events")
                .incremental(IncrementalSpec.uniqueKey("event_id").lookback(Duration.ZERO).build())
                .refs("stg_events")
                .test(relationship)
                .build(),
            ctx -> ctx.ref("stg_events"))
        .model(
            ModelSpec.builder(Layer.MARTS, "dim_groups").table().refs("fct_events").build(),
            ctx -> ctx.sql("SELECT DISTINCT grp FROM marts.fct_events WHERE grp <> 'z'"));
  }
}
