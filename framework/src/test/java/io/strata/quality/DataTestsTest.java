package io.strata.quality;

import static io.strata.testing.EventsFixture.event;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.materialize.CommitHook;
import io.strata.model.DataTest;
import io.strata.model.IncrementalSpec;
import io.strata.model.Layer;
import io.strata.model.ModelContext;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataTestsTest {
  private static final TableName FCT = TableName.parse("marts.fct_events");
  private static final TableName DIM = TableName.parse("marts.dim_kinds");
  private static final Instant DAY1 = Instant.parse("2026-03-10T06:00:00Z");
  private static final Instant DAY2 = Instant.parse("2026-03-11T06:00:00Z");

  @TempDir Path dir;

  /**
   * fct_events merges on (event_id, updated_at): an injected bug that lets a second version of an
   * event in as a new row. Its unique(event_id) test must catch it.
   */
  private static TestingProject project() {
    return new TestingProject()
        .source("raw.events")
        .model(
            ModelSpec.builder(Layer.STAGING, "stg_events")
                .sources("raw.events")
                .test(DataTest.range("amount", 0, 1000).warn())
                .build(),
            DataTestsTest::typedEvents)
        .model(
            ModelSpec.builder(Layer.MARTS, "fct_events")
                .incremental(
                    IncrementalSpec.uniqueKey("event_id", "updated_at")
                        .lookback(Duration.ZERO)
                        .build())
                .refs("stg_events")
                .test(
                    DataTest.unique("event_id"),
                    DataTest.notNull("event_id"),
                    DataTest.acceptedValues("kind", "a", "b"),
                    DataTest.relationship("kind", "dim_kinds", "kind").warn())
                .build(),
            ctx -> ctx.ref("stg_events"))
        .model(
            ModelSpec.builder(Layer.MARTS, "dim_kinds")
                .table()
                .refs("stg_events")
                .test(
                    DataTest.rowCount(1, 10),
                    DataTest.expression("kinds_are_letters", "kind RLIKE '^[a-z]$'"))
                .build(),
            ctx -> ctx.sql("SELECT DISTINCT kind FROM staging.stg_events WHERE amount < 100"))
        .model(
            ModelSpec.builder(Layer.MARTS, "fct_downstream").table().refs("fct_events").build(),
            ctx -> ctx.ref("fct_events").groupBy("kind").count())
        .singular(
            "assert_amounts_below_10000",
            "SELECT event_id, amount FROM marts.fct_events WHERE amount >= 10000");
  }

  /** stg_events: raw.events typed, with the event's kind its id's first letter. */
  private static Dataset<Row> typedEvents(ModelContext ctx) {
    return ctx.source("raw.events")
        .select(
            col("id").as("event_id"),
            substring(col("id"), 1, 1).as("kind"),
            col("amount").cast("bigint").as("amount"),
            to_timestamp(col("updated")).as("updated_at"),
            col("_loaded_at"));
  }

  private static ModelResult result(RunResult run, String model) {
    return run.result(model).orElseThrow();
  }

  @Test
  void failingTestKeepsPublishedTableAsItWasAndSkipsDownstream() {
    EventsFixture events = new EventsFixture(dir, project());
    events.land(
        DAY1, event("a1", 1, "2026-03-09T00:00:00Z"), event("b1", 2, "2026-03-09T00:00:00Z"));
    RunResult first = events.build();
    assertThat(first.succeeded()).as(first.toString()).isTrue();
    assertThat(result(first, "fct_events").tests())
        .extracting(TestResult::test, TestResult::status)
        .contains(
            org.assertj.core.groups.Tuple.tuple("unique(event_id)", TestStatus.PASS),
            org.assertj.core.groups.Tuple.tuple(
                "relationships(kind -> dim_kinds.kind)", TestStatus.PASS));
    long version = events.version(FCT);
    long checksum = Tables.checksum(events.read(FCT));
    long downstream = events.version(TableName.parse("marts.fct_downstream"));

    // A new version of a1 slips past the buggy merge key; c9 has a kind nobody accepts.
    events.land(
        DAY2, event("a1", 5, "2026-03-10T00:00:00Z"), event("c9", 3, "2026-03-10T00:00:00Z"));
    RunResult bad =
        events.build(
            new BuildRequest(List.of(), List.of(), false, 1, new TestOptions(false, false, true)),
            CommitHook.NONE);

    ModelResult fct = result(bad, "fct_events");
    assertThat(fct.status()).isEqualTo(ModelStatus.ERROR);
    assertThat(fct.tests())
        .filteredOn(t -> t.status() == TestStatus.ERROR)
        .extracting(TestResult::test, TestResult::failingRows)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("unique(event_id)", 2L),
            org.assertj.core.groups.Tuple.tuple("accepted_values(kind)", 1L));
    assertThat(fct.message())
        .contains("Data tests failed for marts.fct_events", "the published table is unchanged")
        .contains("ERROR accepted_values(kind) on marts.fct_events: 1 of 2 rows fail")
        .contains("event_id=c9, kind=c, amount=3");
    assertThat(result(bad, "fct_downstream").status()).isEqualTo(ModelStatus.SKIPPED);
    assertThat(events.version(FCT)).isEqualTo(version);
    assertThat(Tables.checksum(events.read(FCT))).isEqualTo(checksum);
    assertThat(events.version(TableName.parse("marts.fct_downstream"))).isEqualTo(downstream);
    assertThat(
            Tables.lines(
                events.read(TableName.parse("audit.fct_events__accepted_values_kind")),
                "event_id",
                "kind"))
        .containsExactly("c9|c");
    assertThat(
            Tables.lines(
                events.read(TableName.parse("audit.fct_events__unique_event_id")),
                "event_id",
                "amount"))
        .containsExactly("a1|1", "a1|5");

    RunResult whole =
        events.build(
            new BuildRequest(List.of(), List.of(), false, 1, new TestOptions(false, true, false)),
            CommitHook.NONE);
    assertThat(result(whole, "fct_events").tests())
        .filteredOn(t -> t.test().equals("accepted_values(kind)"))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.failingRows()).isEqualTo(1);
              assertThat(t.checkedRows()).isEqualTo(4);
            });
    assertThat(events.version(FCT)).isEqualTo(version);
  }

  @Test
  void warningsPassUnlessWarnError() {
    EventsFixture events = new EventsFixture(dir, project());
    events.land(
        DAY1, event("a1", 1, "2026-03-09T00:00:00Z"), event("b1", 5000, "2026-03-09T00:00:00Z"));

    RunResult lenient = events.build();

    assertThat(lenient.models())
        .allSatisfy(m -> assertThat(m.status()).isEqualTo(ModelStatus.SUCCESS));
    assertThat(lenient.singularTests())
        .singleElement()
        .satisfies(t -> assertThat(t.status()).isEqualTo(TestStatus.PASS));
    assertThat(lenient.succeeded()).isTrue();
    TestResult range = result(lenient, "stg_events").tests().get(0);
    assertThat(range.status()).isEqualTo(TestStatus.WARN);
    assertThat(range.samples())
        .containsExactly(
            "event_id=b1, kind=b, amount=5000, updated_at=2026-03-09 00:00:00.0, _loaded_at=2026-03-10 06:00:00.0");
    assertThat(result(lenient, "fct_events").tests())
        .filteredOn(t -> t.test().startsWith("relationships"))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.status()).isEqualTo(TestStatus.WARN);
              assertThat(t.failingRows()).isEqualTo(1);
            });

    RunResult strict =
        events.build(new BuildRequest(List.of(), List.of(), true, 1, true), CommitHook.NONE);
    assertThat(result(strict, "stg_events").status()).isEqualTo(ModelStatus.ERROR);
    assertThat(result(strict, "fct_events").status()).isEqualTo(ModelStatus.SKIPPED);
  }

  @Test
  void aRelationshipCountsOnlyTheOrphansThatWouldLand() {
    TestingProject project =
        new TestingProject()
            .source("raw.events")
            .model(
                ModelSpec.builder(Layer.STAGING, "stg_events").sources("raw.events").build(),
                DataTestsTest::typedEvents)
            .model(
                ModelSpec.builder(Layer.MARTS, "dim_kinds").table().refs("stg_events").build(),
                ctx ->
                    ctx.sql(
                        "SELECT DISTINCT kind FROM staging.stg_events WHERE kind IN ('a', 'b')"))
            .model(
                ModelSpec.builder(Layer.MARTS, "fct_events")
                    .incremental(
                        IncrementalSpec.uniqueKey("event_id").lookback(Duration.ZERO).build())
                    .refs("stg_events")
                    .test(DataTest.relationship("kind", "dim_kinds", "kind").warn())
                    .build(),
                ctx -> ctx.ref("stg_events"));
    EventsFixture events = new EventsFixture(dir, project);
    events.land(
        DAY1, event("a1", 1, "2026-03-09T12:00:00Z"), event("z1", 2, "2026-03-09T12:00:00Z"));
    assertThat(events.build().succeeded()).isTrue();

    // z1's replay is older than the z1 published: it will not land, so it is no orphan of this
    // build; z2 is.
    events.land(
        DAY2,
        event("z1", 3, "2026-03-09T00:00:00Z"),
        event("b1", 4, "2026-03-10T00:00:00Z"),
        event("z2", 5, "2026-03-10T00:00:00Z"));
    RunResult run = events.build();

    assertThat(run.succeeded()).as(run.toString()).isTrue();
    assertOneOrphanOfTwo(run, "z2");
    assertThat(Tables.lines(events.read(FCT), "event_id", "amount"))
        .containsExactly("a1|1", "b1|4", "z1|2", "z2|5");

    // Nothing stale this time: the orphans found over the whole batch are the answer as they are.
    events.land(
        DAY2.plusSeconds(3600),
        event("a1", 6, "2026-03-11T00:00:00Z"),
        event("z3", 7, "2026-03-11T00:00:00Z"));
    assertOneOrphanOfTwo(events.build(), "z3");
    assertThat(Tables.lines(events.read(FCT), "event_id", "amount"))
        .containsExactly("a1|6", "b1|4", "z1|2", "z2|5", "z3|7");
  }

  /** fct_events' relationship test warned of one orphan, {@code eventId}, among two rows. */
  private static void assertOneOrphanOfTwo(RunResult run, String eventId) {
    assertThat(result(run, "fct_events").tests())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.status()).isEqualTo(TestStatus.WARN);
              assertThat(t.failingRows()).isEqualTo(1);
              assertThat(t.checkedRows()).isEqualTo(2);
              assertThat(t.samples())
                  .singleElement()
                  .asString()
                  .startsWith("event_id=" + eventId + ",");
            });
  }

  @Test
  void incrementalRunWithNoNewRowsPassesItsTests() {
    EventsFixture events = new EventsFixture(dir, project());
    events.land(DAY1, event("a1", 1, "2026-03-09T00:00:00Z"));
    assertThat(events.build().succeeded()).isTrue();
    long version = events.version(FCT);

    // A copy of what is merged, landed by a slower feed: nothing is newer, the batch is empty.
    events.land(DAY1.minusSeconds(3600), event("a1", 1, "2026-03-09T00:00:00Z"));
    RunResult replay = events.build();

    assertThat(replay.succeeded()).as(replay.toString()).isTrue();
    assertThat(Tables.lines(events.read(FCT), "event_id", "amount")).containsExactly("a1|1");
    assertThat(events.version(FCT)).isEqualTo(version + 1);
    assertThat(result(replay, "fct_events").outcome().orElseThrow().detail())
        .isEqualTo("no row changed");
    assertThat(result(replay, "dim_kinds").tests())
        .allSatisfy(t -> assertThat(t.status()).isEqualTo(TestStatus.PASS));
  }

  @Test
  void rowCountAndExpressionTestsGuardATable() {
    EventsFixture events = new EventsFixture(dir, project());
    events.land(DAY1, event("a1", 500, "2026-03-09T00:00:00Z"));

    RunResult run = events.build();

    ModelResult dim = result(run, "dim_kinds");
    assertThat(dim.status()).isEqualTo(ModelStatus.ERROR);
    assertThat(dim.tests())
        .filteredOn(t -> t.test().equals("row_count"))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.status()).isEqualTo(TestStatus.ERROR);
              assertThat(t.samples())
                  .containsExactly("the table would hold 0 rows, outside [1, 10]");
            });
    assertThat(events.warehouse().exists(DIM)).isFalse();
  }

  @Test
  void badBatchIsHeldBackUntilACorrectionLands() {
    TestingProject guarded =
        new TestingProject()
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
            .model(
                ModelSpec.builder(Layer.MARTS, "fct_events")
                    .incremental(IncrementalSpec.uniqueKey("event_id").build())
                    .refs("stg_events")
                    .test(DataTest.range("amount", 0, 1000).errorIfFractionAbove(0.4))
                    .build(),
                ctx -> ctx.ref("stg_events"));
    EventsFixture events = new EventsFixture(dir, guarded);
    events.land(
        DAY1, event("a1", 1, "2026-03-09T00:00:00Z"), event("a2", 2, "2026-03-09T00:00:00Z"));
    assertThat(events.build().succeeded()).isTrue();
    long checksum = Tables.checksum(events.read(FCT));

    // One bad amount in three new rows is under the 40 % threshold; two in three is not.
    events.land(
        DAY2,
        event("a1", 5000, "2026-03-10T00:00:00Z"),
        event("a2", 7000, "2026-03-10T00:00:00Z"),
        event("a3", 3, "2026-03-10T00:00:00Z"));
    RunResult bad = events.build();
    assertThat(result(bad, "fct_events").status()).isEqualTo(ModelStatus.ERROR);
    assertThat(Tables.checksum(events.read(FCT))).isEqualTo(checksum);

    events.land(DAY2.plusSeconds(3600), event("a2", 20, "2026-03-10T01:00:00Z"));
    RunResult corrected = events.build();

    assertThat(corrected.succeeded()).as(corrected.toString()).isTrue();
    assertThat(result(corrected, "fct_events").tests())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.status()).isEqualTo(TestStatus.WARN);
              assertThat(t.failingRows()).isEqualTo(1);
            });
    assertThat(Tables.lines(events.read(FCT), "event_id", "amount"))
        .containsExactly("a1|5000", "a2|20", "a3|3");
  }
}
