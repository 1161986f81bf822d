package io.strata.materialize;

import static io.strata.testing.EventsFixture.DIM;
import static io.strata.testing.EventsFixture.FCT;
import static io.strata.testing.EventsFixture.event;
import static io.strata.testing.RunAssertions.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.quality.TestOptions;
import io.strata.quality.TestStatus;
import io.strata.run.BuildRequest;
import io.strata.run.ModelResult;
import io.strata.run.ModelStatus;
import io.strata.run.RunResult;
import io.strata.testing.EventsFixture;
import io.strata.testing.Tables;
import io.strata.testing.TestingCommitHook;
import io.strata.testing.TestingCommitHook.Point;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalModelTest {
  private static final Instant DAY1 = Instant.parse("2026-03-10T06:00:00Z");
  private static final Instant DAY2 = Instant.parse("2026-03-11T06:00:00Z");
  private static final Instant DAY3 = Instant.parse("2026-03-12T06:00:00Z");
  private static final String[] COLUMNS = {"event_id", "grp", "amount", "updated_at"};

  /** fct_events after {@link #threeBatches}: the newest version of each event. */
  private static final String[] LATEST_OF_THREE_BATCHES = {
    "a1|a|12|2026-03-10 10:00:00.0",
    "a2|a|20|2026-03-09 11:00:00.0",
    "b1|b|31|2026-03-11 07:00:00.0",
    "c1|c|40|2026-01-01 00:00:00.0"
  };

  @TempDir Path dir;

  @TempDir static Path shared;

  /** {@link #threeBatches(EventsFixture, BuildRequest)} with default builds, run once per class. */
  private static EventsFixture threeBatchesBuilt;

  /**
   * A copy of the warehouse after three batches with duplicates, stale and late versions, and a
   * same-time correction, each built.
   */
  private EventsFixture threeBatches() {
    synchronized (IncrementalModelTest.class) {
      if (threeBatchesBuilt == null) {
        threeBatchesBuilt = threeBatches(new EventsFixture(shared), BuildRequest.all());
      }
    }
    return threeBatchesBuilt.copyTo(dir);
  }

  private static EventsFixture threeBatches(EventsFixture events, BuildRequest request) {
    events.land(
        DAY1,
        event("a1", 10, "2026-03-09T10:00:00Z"),
        event("a1", 10, "2026-03-09T10:00:00Z"),
        event("a2", 20, "2026-03-09T11:00:00Z"),
        event("b1", 30, "2026-03-09T12:00:00Z"));
    assertSucceeded(events.build(request, CommitHook.NONE));
    events.land(
        DAY2,
        event("a1", 11, "2026-03-10T10:00:00Z"),
        event("a2", 19, "2026-03-01T00:00:00Z"),
        event("c1", 40, "2026-01-01T00:00:00Z"));
    assertSucceeded(events.build(request, CommitHook.NONE));
    events.land(
        DAY3,
        event("a1", 12, "2026-03-10T10:00:00Z"),
        event("b1", 31, "2026-03-11T09:00:00+02:00"),
        event("b1", 29, "2026-03-09T12:00:00Z"));
    assertSucceeded(events.build(request, CommitHook.NONE));
    return events;
  }

  @Test
  void mergesLatestVersionPerKeyAcrossBatches() {
    EventsFixture events = threeBatches();

    assertThat(Tables.lines(events.read(FCT), COLUMNS)).containsExactly(LATEST_OF_THREE_BATCHES);
    assertThat(Tables.lines(events.read(DIM), "grp", "events", "amount"))
        .containsExactly("a|2|32", "b|1|31", "c|1|40");
  }

  @Test
  void withoutTestsTheMergeItselfKeepsTheNewerRowOfEachKey() {
    BuildRequest untested = new BuildRequest(List.of(), List.of(), false, 1, TestOptions.SKIP);
    EventsFixture events = threeBatches(new EventsFixture(dir, Duration.ZERO), untested);

    assertThat(Tables.lines(events.read(FCT), COLUMNS)).containsExactly(LATEST_OF_THREE_BATCHES);
    long versionBefore = events.version(FCT);

    events.land(Instant.parse("2026-03-13T06:00:00Z"), event("b1", 28, "2026-03-09T12:00:00Z"));
    RunResult stale = events.build(untested, CommitHook.NONE);

    assertSucceeded(stale);
    assertThat(Tables.lines(events.read(FCT).where("event_id = 'b1'"), COLUMNS))
        .containsExactly("b1|b|31|2026-03-11 07:00:00.0");
    assertThat(stale.result("fct_events").orElseThrow().outcome().orElseThrow().rows()).isZero();
    assertThat(events.version(FCT)).isGreaterThan(versionBefore);
  }

  @Test
  void uniqueTestSeesAKeyTheTargetAlreadyHoldsTwiceAndKeepsTheMergeOut() {
    EventsFixture events = threeBatches();
    events.duplicate(FCT, "event_id = 'a2'");
    long versionBefore = events.version(FCT);

    events.land(Instant.parse("2026-03-13T06:00:00Z"), event("a2", 21, "2026-03-12T00:00:00Z"));
    RunResult run = events.build();

    ModelResult fct = run.result("fct_events").orElseThrow();
    assertThat(fct.status()).isEqualTo(ModelStatus.ERROR);
    assertThat(fct.tests())
        .singleElement()
        .satisfies(
            test -> {
              assertThat(test.status()).isEqualTo(TestStatus.ERROR);
              assertThat(test.failingRows()).isEqualTo(2);
              assertThat(test.samples()).allMatch(sample -> sample.contains("event_id=a2"));
            });
    assertThat(events.version(FCT)).isEqualTo(versionBefore);
    assertThat(Tables.lines(events.read(FCT).where("event_id = 'a2'"), COLUMNS))
        .containsOnly("a2|a|20|2026-03-09 11:00:00.0");
  }

  @Test
  void fullTestsCheckTheWholeTableAsTheMergeWillLeaveIt() {
    EventsFixture events = threeBatches();
    events.duplicate(FCT, "event_id = 'c1'");

    events.land(Instant.parse("2026-03-13T06:00:00Z"), event("a2", 21, "2026-03-12T00:00:00Z"));
    assertSucceeded(events.build());
    assertThat(Tables.lines(events.read(FCT).where("event_id = 'a2'"), COLUMNS))
        .as("the default scope is the partitions the merge touches, where c1 is not")
        .containsExactly("a2|a|21|2026-03-12 00:00:00.0");
    long versionBefore = events.version(FCT);

    events.land(Instant.parse("2026-03-14T06:00:00Z"), event("a2", 22, "2026-03-13T00:00:00Z"));
    BuildRequest fullTests =
        new BuildRequest(List.of(), List.of(), false, 1, new TestOptions(false, true, false));
    ModelResult fct = events.build(fullTests, CommitHook.NONE).result("fct_events").orElseThrow();

    assertThat(fct.status()).isEqualTo(ModelStatus.ERROR);
    assertThat(fct.tests())
        .singleElement()
        .satisfies(
            test -> {
              assertThat(test.failingRows()).isEqualTo(2);
              assertThat(test.checkedRows()).isEqualTo(5);
              assertThat(test.samples()).allMatch(sample -> sample.contains("event_id=c1"));
            });
    assertThat(events.version(FCT)).isEqualTo(versionBefore);
  }

  @Test
  void incrementalResultEqualsFullRefresh() {
    EventsFixture events = threeBatches();
    List<String> incremental = Tables.lines(events.read(FCT), COLUMNS);
    long incrementalChecksum = Tables.checksum(events.read(FCT));

    RunResult refresh = events.build(BuildRequest.all().withFullRefresh(), CommitHook.NONE);

    assertSucceeded(refresh);
    assertThat(refresh.result("fct_events").orElseThrow().outcome().orElseThrow().action())
        .isEqualTo(BuildOutcome.Action.REPLACED);
    assertThat(Tables.lines(events.read(FCT), COLUMNS)).isEqualTo(incremental);
    assertThat(Tables.checksum(events.read(FCT))).isEqualTo(incrementalChecksum);
  }

  /**
   * Two versions of one event tied on every order column (same time, same landing instant, two
   * commits) keep the same survivor however they are landed and batched, and a full refresh agrees.
   */
  @Test
  void versionsTiedOnEveryOrderColumnKeepOneSurvivorWhateverTheBatchesAndTheFullRefreshAgrees()
      throws java.io.IOException {
    String first = event("a1", 10, "2026-03-09T10:00:00Z");
    String second = event("a1", 99, "2026-03-09T10:00:00Z");
    List<String> survivors = new java.util.ArrayList<>();
    record Scenario(String landedFirst, String landedSecond, boolean buildBetween) {}
    List<Scenario> scenarios =
        List.of(
            new Scenario(first, second, true),
            new Scenario(second, first, true),
            new Scenario(second, first, false));
    EventsFixture events = null;
    for (int i = 0; i < scenarios.size(); i++) {
      Scenario scenario = scenarios.get(i);
      events = new EventsFixture(Files.createDirectories(dir.resolve("scenario" + i)));
      events.land(DAY1, scenario.landedFirst());
      if (scenario.buildBetween()) {
        assertSucceeded(events.build());
      }
      events.land(DAY1, scenario.landedSecond());
      assertSucceeded(events.build());
      survivors.addAll(Tables.lines(events.read(FCT), COLUMNS));
    }
    assertThat(survivors).hasSize(3).containsOnly(survivors.get(0));

    assertSucceeded(events.build(BuildRequest.all().withFullRefresh(), CommitHook.NONE));

    assertThat(Tables.lines(events.read(FCT), COLUMNS)).containsExactly(survivors.get(0));
  }

  /** Partition values reach Spark as values: quotes, backticks and SQL in them are only text. */
  @Test
  void partitionValuesHoldingQuotesBackticksAndSqlAreMergedAsPlainValues() {
    EventsFixture events = new EventsFixture(dir);
    String[] ids = {"'1", "`2", "%3"};
    events.land(
        DAY1,
        event(ids[0], 1, "2026-03-09T10:00:00Z"),
        event(ids[1], 2, "2026-03-09T10:00:00Z"),
        event(ids[2], 3, "2026-03-09T10:00:00Z"),
        event("x') OR true --", 4, "2026-03-09T10:00:00Z"));
    assertSucceeded(events.build());
    events.land(
        DAY2,
        event(ids[0], 10, "2026-03-10T10:00:00Z"),
        event(ids[1], 20, "2026-03-10T10:00:00Z"),
        event("x') OR true --", 40, "2026-03-10T10:00:00Z"));
    assertSucceeded(events.build());

    assertThat(Tables.lines(events.read(FCT), "event_id", "grp", "amount"))
        .containsExactlyInAnyOrder("'1|'|10", "`2|`|20", "%3|%|3", "x') OR true --|x|40");
  }

  /**
   * A landing committed while a build merges is not read by it, and the next build reads it once.
   */
  @Test
  void aLandingDuringABuildIsPickedUpByTheNextBuildExactlyOnce() {
    EventsFixture events = new EventsFixture(dir);
    events.land(DAY1, event("a1", 1, "2026-03-09T10:00:00Z"));
    CommitHook landingMidBuild =
        new CommitHook() {
          private boolean landed;

          @Override
          public void beforeCommit(io.strata.model.TableName table) {
            if (table.equals(FCT) && !landed) {
              landed = true;
              events.land(
                  DAY2,
                  event("z1", 9, "2026-03-10T10:00:00Z"),
                  event("a1", 2, "2026-03-10T10:00:00Z"));
            }
          }
        };

    assertSucceeded(events.build(BuildRequest.all(), landingMidBuild));

    assertThat(Tables.lines(events.read(FCT), "event_id", "amount")).containsExactly("a1|1");
    assertSucceeded(events.build());
    assertThat(Tables.lines(events.read(FCT), "event_id", "amount"))
        .containsExactly("a1|2", "z1|9");
    assertThat(events.build().result("fct_events").orElseThrow().outcome().orElseThrow().action())
        .isEqualTo(BuildOutcome.Action.UP_TO_DATE);
    assertThat(Tables.lines(events.read(FCT), "event_id", "amount"))
        .containsExactly("a1|2", "z1|9");
  }

  @Test
  void secondBuildWithNothingNewCommitsNothing() {
    EventsFixture events = threeBatches();
    long fctVersion = events.version(FCT);
    long dimVersion = events.version(DIM);
    long checksum = Tables.checksum(events.read(FCT));

    RunResult again = events.build();

    assertSucceeded(again);
    assertThat(again.result("fct_events").orElseThrow().outcome().orElseThrow().action())
        .isEqualTo(BuildOutcome.Action.UP_TO_DATE);
    assertThat(again.result("dim_groups").orElseThrow().outcome().orElseThrow().action())
        .isEqualTo(BuildOutcome.Action.UP_TO_DATE);
    assertThat(events.version(FCT)).isEqualTo(fctVersion);
    assertThat(events.version(DIM)).isEqualTo(dimVersion);
    assertThat(Tables.checksum(events.read(FCT))).isEqualTo(checksum);
  }

  @Test
  void lateRecordFarOutsideLookbackReachesTheMart() {
    EventsFixture events = threeBatches();

    events.land(Instant.parse("2026-03-13T06:00:00Z"), event("z9", 99, "2025-06-01T00:00:00Z"));
    assertSucceeded(events.build());

    assertThat(Tables.lines(events.read(FCT).where("event_id = 'z9'"), COLUMNS))
        .containsExactly("z9|z|99|2025-06-01 00:00:00.0");
  }

  @Test
  void landingCommittedLaterWithEarlierTimestampIsNotSkipped() {
    EventsFixture events = new EventsFixture(dir);
    events.land(DAY2, event("a1", 1, "2026-03-10T00:00:00Z"));
    assertSucceeded(events.build());

    // A slower landing that started earlier commits after the build: its _loaded_at is older.
    events.land(DAY1, event("a2", 2, "2026-03-09T00:00:00Z"));
    assertSucceeded(events.build());

    assertThat(Tables.lines(events.read(FCT), "event_id", "amount"))
        .containsExactly("a1|1", "a2|2");
  }

  @Test
  void crashAfterMergeCommitNeitherLosesNorRepeatsRows() {
    EventsFixture events = new EventsFixture(dir);
    events.land(DAY1, event("a1", 1, "2026-03-09T00:00:00Z"));
    assertSucceeded(events.build());
    events.land(
        DAY2, event("a1", 2, "2026-03-10T00:00:00Z"), event("a2", 5, "2026-03-10T00:00:00Z"));

    RunResult crashed =
        events.build(BuildRequest.all(), new TestingCommitHook(FCT, Point.AFTER_COMMIT));
    assertThat(crashed.result("fct_events").orElseThrow().status()).isEqualTo(ModelStatus.ERROR);
    assertThat(crashed.result("dim_groups").orElseThrow().status()).isEqualTo(ModelStatus.SKIPPED);
    long versionAfterCrash = events.version(FCT);

    RunResult next = events.build();

    assertSucceeded(next);
    assertThat(next.result("fct_events").orElseThrow().outcome().orElseThrow().action())
        .isEqualTo(BuildOutcome.Action.UP_TO_DATE);
    assertThat(events.version(FCT)).isEqualTo(versionAfterCrash);
    assertThat(Tables.lines(events.read(FCT), "event_id", "amount"))
        .containsExactly("a1|2", "a2|5");
    assertThat(Tables.lines(events.read(DIM), "grp", "events", "amount")).containsExactly("a|2|7");
  }

  @Test
  void crashBeforeMergeCommitLeavesTableAsItWasAndNextRunCatchesUp() {
    EventsFixture events = new EventsFixture(dir);
    events.land(DAY1, event("a1", 1, "2026-03-09T00:00:00Z"));
    assertSucceeded(events.build());
    long before = events.version(FCT);
    long checksum = Tables.checksum(events.read(FCT));
    events.land(DAY2, event("a1", 2, "2026-03-10T00:00:00Z"));

    RunResult crashed =
        events.build(BuildRequest.all(), new TestingCommitHook(FCT, Point.BEFORE_COMMIT));
    assertThat(crashed.result("fct_events").orElseThrow().status()).isEqualTo(ModelStatus.ERROR);
    assertThat(events.version(FCT)).isEqualTo(before);
    assertThat(Tables.checksum(events.read(FCT))).isEqualTo(checksum);

    assertSucceeded(events.build());
    assertThat(Tables.lines(events.read(FCT), "event_id", "amount")).containsExactly("a1|2");
  }

  @Test
  void mergePrunesTargetToTheBatchPartitions() {
    EventsFixture events = new EventsFixture(dir);
    events.land(
        DAY1,
        event("a1", 1, "2026-03-09T00:00:00Z"),
        event("b1", 2, "2026-03-09T00:00:00Z"),
        event("c1", 3, "2026-03-09T00:00:00Z"),
        event("d1", 4, "2026-03-09T00:00:00Z"));
    assertSucceeded(events.build());
    events.land(DAY2, event("a1", 5, "2026-03-10T00:00:00Z"));

    RunResult run = events.build();

    BuildOutcome outcome = run.result("fct_events").orElseThrow().outcome().orElseThrow();
    assertThat(outcome.action()).isEqualTo(BuildOutcome.Action.MERGED);
    assertThat(outcome.rows()).isEqualTo(1);
    assertThat(outcome.metrics())
        .as("MERGE metrics %s", outcome.metrics())
        .containsEntry("numTargetFilesRemoved", "1")
        .containsEntry("numTargetRowsCopied", "0");
    assertThat(outcome.detail())
        .contains("target pruned to grp IN 1 values")
        .as("the lookback's re-reads are no newer than the table")
        .endsWith("newer than the table's by file statistics in 1 of 4 rows");
  }

  @Test
  void partitionsNewerThanTheTableByItsStatisticsAreMergedWithoutReadingIt() {
    EventsFixture events = new EventsFixture(dir, Duration.ZERO);
    events.land(
        DAY1, event("a1", 1, "2026-03-09T00:00:00Z"), event("b1", 2, "2026-03-09T00:00:00Z"));
    assertSucceeded(events.build());
    events.land(DAY1.plusSeconds(3600), event("a0", 0, "2026-03-09T00:00:00Z"));
    assertSucceeded(events.build());
    // Compaction between builds keeps every row: the proof goes on.
    events.warehouse().optimize(EventsFixture.spark(), FCT, List.of());
    assertThat(events.warehouse().history(EventsFixture.spark(), FCT, 1).get(0).operation())
        .isEqualTo("OPTIMIZE");

    // New versions, a new key, a partition the table lacks: nothing there to be newer than.
    events.land(
        DAY2,
        event("a1", 3, "2026-03-10T00:00:00Z"),
        event("b2", 4, "2026-03-10T00:00:00Z"),
        event("c1", 5, "2026-03-10T00:00:00Z"));
    assertThat(detail(events.build()))
        .endsWith(
            "newer than the table's by file statistics in every partition,"
                + " tested while the MERGE wrote");

    // A stale version of a1 keeps partition a from being proved: it is read, and a1 stays.
    events.land(
        DAY3, event("a1", 6, "2026-03-09T12:00:00Z"), event("b1", 7, "2026-03-11T00:00:00Z"));
    assertThat(detail(events.build()))
        .contains("newer than the table's by file statistics in 1 of 2 rows");
    assertThat(Tables.lines(events.read(FCT), "event_id", "amount"))
        .containsExactly("a0|0", "a1|3", "b1|7", "b2|4", "c1|5");

    // New keys landing late, older than partition a's newest row. One past the partition's keys is
    // new by the statistics; one among them is read against the table. Both land.
    events.land(
        Instant.parse("2026-03-12T12:00:00Z"),
        event("a9", 9, "2026-03-09T06:00:00Z"),
        event("b1", 10, "2026-03-12T00:00:00Z"));
    assertThat(detail(events.build()))
        .contains(
            "newer than the table's by file statistics in 1 of 2 rows and new to it in the other 1");
    events.land(
        Instant.parse("2026-03-12T18:00:00Z"),
        event("a05", 11, "2026-03-09T06:00:00Z"),
        event("b2", 12, "2026-03-12T06:00:00Z"));
    assertThat(detail(events.build()))
        .contains("newer than the table's by file statistics in 1 of 2 rows,");
    assertThat(Tables.lines(events.read(FCT), "event_id", "amount"))
        .containsExactly("a05|11", "a0|0", "a1|3", "a9|9", "b1|10", "b2|12", "c1|5");

    // A write around Strata may have repeated a key: nothing is proved until a full build.
    events.duplicate(FCT, "event_id = 'b2'");
    events.land(Instant.parse("2026-03-13T06:00:00Z"), event("c2", 8, "2026-03-12T00:00:00Z"));
    assertThat(detail(events.build())).doesNotContain("file statistics");
    assertThat(Tables.lines(events.read(FCT).where("grp = 'c'"), "event_id", "amount"))
        .containsExactly("c1|5", "c2|8");
  }

  private static String detail(RunResult run) {
    assertSucceeded(run);
    return run.result("fct_events").orElseThrow().outcome().orElseThrow().detail();
  }
}
