package io.strata.quality;

import static io.strata.testing.EventsFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.materialize.CommitHook;
import io.strata.model.Layer;
import io.strata.model.ModelSpec;
import io.strata.model.SourceSpec;
import io.strata.run.BuildRequest;
import io.strata.run.ModelStatus;
import io.strata.run.RunListener;
import io.strata.run.RunResult;
import io.strata.run.Runner;
import io.strata.testing.EventsFixture;
import io.strata.testing.TestingModel;
import io.strata.testing.TestingSpark;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreshnessTest {
  private static final Instant LANDED = Instant.parse("2026-03-10T06:00:00Z");

  @TempDir Path dir;

  private static io.strata.model.Project project() {
    return new io.strata.model.Project() {
      @Override
      public String name() {
        return "fresh";
      }

      @Override
      public List<SourceSpec> sources() {
        return List.of(
            SourceSpec.of("raw.events", "events")
                .freshness(Duration.ofHours(1), Duration.ofDays(1)));
      }

      @Override
      public List<io.strata.model.Model> models() {
        return List.of(
            new TestingModel(
                ModelSpec.builder(Layer.STAGING, "stg_events").sources("raw.events").build(),
                ctx -> ctx.source("raw.events")),
            new TestingModel(
                ModelSpec.builder(Layer.MARTS, "fct_events").table().refs("stg_events").build(),
                ctx -> ctx.ref("stg_events")));
      }
    };
  }

  private RunResult buildAt(EventsFixture events, Instant now) {
    return new Runner(
            TestingSpark.session(),
            EventsFixture.config(),
            events.graph(),
            events.warehouse(),
            RunListener.NONE,
            CommitHook.NONE,
            Clock.fixed(now, ZoneOffset.UTC))
        .build(BuildRequest.all());
  }

  @Test
  void staleSourceWarnsThenStopsTheBuildBeforeAnyModel() {
    EventsFixture events = new EventsFixture(dir, project());
    events.land(LANDED, event("a1", 1, "2026-03-09T00:00:00Z"));

    RunResult late = buildAt(events, LANDED.plus(Duration.ofHours(2)));
    assertThat(late.succeeded()).isTrue();
    assertThat(late.freshness())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.status()).isEqualTo(TestStatus.WARN);
              assertThat(f.message()).contains("2h ago", "warn after 1h", "error after 24h");
            });
    long version = events.version(io.strata.model.TableName.parse("marts.fct_events"));

    events.land(LANDED.plusSeconds(60), event("a2", 2, "2026-03-09T00:00:00Z"));
    RunResult stale = buildAt(events, LANDED.plus(Duration.ofDays(3)));

    assertThat(stale.freshness())
        .singleElement()
        .extracting(FreshnessResult::status)
        .isEqualTo(TestStatus.ERROR);
    assertThat(stale.models())
        .allSatisfy(
            m -> {
              assertThat(m.status()).isEqualTo(ModelStatus.SKIPPED);
              assertThat(m.message()).startsWith("not run: source raw.events is stale");
            });
    assertThat(events.version(io.strata.model.TableName.parse("marts.fct_events")))
        .isEqualTo(version);
  }
}
