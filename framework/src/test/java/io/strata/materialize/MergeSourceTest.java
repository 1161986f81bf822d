package io.strata.materialize;

import static io.strata.testing.EventsFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.quality.Checkpoints;
import io.strata.testing.EventsFixture;
import io.strata.testing.RunAssertions;
import io.strata.testing.Tables;
import io.strata.testing.TestingPlans;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlanInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeSourceTest {
  private final SparkSession spark = EventsFixture.spark();

  @TempDir Path dir;

  @Test
  void aSourceIsBroadcastOnlyWhenItsSizeIsKnownAndWithinTheThreshold() {
    assertThat(MergeSource.broadcasts(OptionalLong.of(10), 10)).isTrue();
    assertThat(MergeSource.broadcasts(OptionalLong.of(11), 10)).isFalse();
    assertThat(MergeSource.broadcasts(OptionalLong.empty(), 10)).isFalse();
    assertThat(MergeSource.broadcasts(OptionalLong.of(0), -1)).as("broadcasts off").isFalse();
  }

  @Test
  void aCheckpointsSizeIsItsBlocksWhileItHoldsThem() {
    Dataset<Row> rows = spark.range(1000).toDF();
    Dataset<Row> checkpoint = rows.localCheckpoint();

    assertThat(Checkpoints.bytes(checkpoint).orElseThrow()).isGreaterThan(8_000L);
    assertThat(Checkpoints.bytes(rows)).as("not a checkpoint").isEmpty();
    Checkpoints.release(checkpoint);
    assertThat(Checkpoints.bytes(checkpoint)).as("released").isEmpty();
  }

  @Test
  void theMergeBroadcastsTheBatchNotTheTargetsFiles() {
    EventsFixture events = new EventsFixture(dir);
    events.land(
        Instant.parse("2026-03-10T06:00:00Z"),
        event("a1", 1, "2026-03-09T00:00:00Z"),
        event("b1", 2, "2026-03-09T00:00:00Z"));
    RunAssertions.assertSucceeded(events.build());
    events.land(
        Instant.parse("2026-03-11T06:00:00Z"),
        event("a1", 3, "2026-03-10T00:00:00Z"),
        event("c1", 4, "2026-03-10T00:00:00Z"));

    List<SparkPlanInfo> plans;
    try (TestingPlans recorded = TestingPlans.recording(spark, "scanning files for matches")) {
      RunAssertions.assertSucceeded(events.build());
      plans = recorded.plans();
    }

    List<String> broadcast =
        plans.stream()
            .flatMap(p -> TestingPlans.leavesUnder(p, "BroadcastExchange").stream())
            .toList();
    assertThat(broadcast).contains("Scan ExistingRDD").noneMatch(l -> l.startsWith("Scan parquet"));
    assertThat(Tables.lines(events.read(EventsFixture.FCT), "event_id", "amount"))
        .containsExactly("a1|3", "b1|2", "c1|4");
  }
}
