package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.delta.DeltaWarehouses;
import io.strata.run.BuildLease;
import io.strata.testing.EventsFixture;
import io.strata.testing.EventsProject;
import io.strata.testing.Tables;
import io.strata.testing.TestingCli;
import io.strata.testing.TestingCli.Outcome;
import io.strata.testing.TestingSpark;
import io.strata.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two builds on one warehouse: the lease lets one build at a time, and each keeps its results. */
class ConcurrentBuildsTest {
  @TempDir Path dir;

  private Outcome run(String... args) {
    return TestingCli.run(dir, EventsProject.class, args);
  }

  private Warehouse warehouse() {
    return DeltaWarehouses.atPath(dir.resolve("warehouse").toString());
  }

  private void land(String id, long amount) throws IOException {
    Path batch = dir.resolve(id + ".jsonl");
    Files.writeString(batch, EventsFixture.event(id, amount, "2026-03-09T00:00:00Z"));
    assertThat(run("land", "raw.events=" + batch).exitCode()).isZero();
  }

  private List<String> events() {
    return Tables.lines(
        warehouse().read(TestingSpark.session(), EventsFixture.FCT), "event_id", "amount");
  }

  private BuildLease holdLease(String runId, Clock clock) {
    return BuildLease.take(
        TestingSpark.session(),
        warehouse(),
        runId,
        "build --threads 4",
        Duration.ofMinutes(5),
        clock);
  }

  @Test
  void aSecondBuildFailsAtOnceNamingTheRunningBuildAndBuildsNothing() throws IOException {
    land("a1", 1);
    assertThat(run("build").exitCode()).isZero();
    land("b1", 2);
    BuildLease running = holdLease("run-of-the-other-build", Clock.systemUTC());

    Outcome second = run("build");

    assertThat(second.exitCode()).isEqualTo(2);
    assertThat(second.err())
        .contains("Another build is running on this warehouse: run run-of-the-other-build on host")
        .contains("(build --threads 4), started at " + running.holder().startedAt())
        .contains("--wait DURATION")
        .contains("strata.run.lease-timeout")
        .doesNotContain("Exception");
    assertThat(events()).containsExactly("a1|1");

    running.close();
    assertThat(run("build").exitCode()).isZero();
    assertThat(events()).containsExactly("a1|1", "b1|2");
  }

  @Test
  void waitingForTheLeaseGivesUpAfterTheDurationWithTheSameMessage() throws IOException {
    land("a1", 1);
    holdLease("run-that-never-ends", Clock.systemUTC());

    Outcome waited = run("build", "--wait", "1s");

    assertThat(waited.exitCode()).isEqualTo(2);
    assertThat(waited.err()).contains("run run-that-never-ends");
    assertThat(run("build", "--wait", "soon").err()).contains("Invalid --wait 'soon'");
  }

  @Test
  void aLeaseWhoseHeartbeatIsOlderThanTheTimeoutIsTakenOverAndReleasedAfterwards()
      throws IOException {
    land("a1", 1);
    Instant killedAt = Instant.now().minus(Duration.ofHours(1));
    holdLease("run-of-a-killed-driver", Clock.fixed(killedAt, ZoneOffset.UTC));

    Outcome build = run("build");

    assertThat(build.exitCode()).isZero();
    assertThat(events()).containsExactly("a1|1");
    BuildLease.Holder after = holdLease("next", Clock.systemUTC()).holder();
    assertThat(after.runId()).isEqualTo("next");
  }

  @Test
  void aFailedBuildReleasesTheLease() throws IOException {
    land("a1", 1);

    assertThat(run("build", "--conf", "spark.sql.shuffle.partitions=abc").exitCode()).isEqualTo(2);
    assertThat(run("build", "fct_eventz").exitCode()).isEqualTo(2);

    assertThat(run("build").exitCode()).isZero();
    assertThat(run("build").exitCode()).isZero();
  }

  @Test
  void eachBuildWritesItsOwnRunResultsAndTheLatestIsACopyOfTheNewest() throws IOException {
    land("a1", 1);
    Path target = dir.resolve("target");

    assertThat(run("build", "--target-dir", target.toString()).exitCode()).isZero();
    assertThat(run("build", "--target-dir", target.toString()).exitCode()).isZero();

    List<Path> runs;
    try (Stream<Path> files = Files.list(target.resolve("run_results"))) {
      runs = files.toList();
    }
    assertThat(runs).hasSize(2);
    JsonNode latest = new ObjectMapper().readTree(target.resolve("run_results.json").toFile());
    String latestId = latest.path("run_id").asText();
    assertThat(target.resolve("run_results").resolve(latestId + ".json"))
        .hasSameTextualContentAs(target.resolve("run_results.json"));
    try (Stream<Path> files = Files.list(target)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("run_results", "run_results.json", "manifest.json");
    }
  }
}
