package io.strata.testing;

import static io.strata.testing.Rows.rows;
import static io.strata.testing.RowsAssert.assertRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.error.StrataException;
import io.strata.model.IncrementalSpec;
import io.strata.model.Layer;
import io.strata.model.ModelSpec;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StrataSpark.class)
class ModelRunTest {
  private static final TestingModel STG =
      new TestingModel(
          ModelSpec.builder(Layer.STAGING, "stg_events").sources("raw.events").build(),
          ctx -> ctx.source("raw.events").select(functions.col("id"), functions.col("amount")));

  private static final TestingModel TOTALS =
      new TestingModel(
          ModelSpec.builder(Layer.MARTS, "dim_totals").table().refs("stg_events").build(),
          ctx -> ctx.sql("SELECT id, sum(amount) AS amount FROM staging.stg_events GROUP BY id"));

  private static final TestingModel FCT =
      new TestingModel(
          ModelSpec.builder(Layer.MARTS, "fct_events")
              .incremental(IncrementalSpec.uniqueKey("id").build())
              .refs("stg_events")
              .build(),
          ctx -> ctx.ref("stg_events"));

  private static final String EVENTS =
      "id STRING, amount BIGINT, updated_at TIMESTAMP, _loaded_at TIMESTAMP";

  @Test
  void sessionIsInjected(SparkSession spark) {
    assertThat(spark).isSameAs(StrataSpark.session());
  }

  @Test
  void sourcesAndSqlNamesReadTheGivenRows() {
    ModelRun stg =
        ModelRun.of(STG)
            .source("raw.events", Rows.json("{\"id\":\"a\",\"amount\":1,\"extra\":true}"));
    assertRows(stg.transform()).hasRows(rows("id STRING, amount BIGINT").row("a", 1));

    ModelRun totals =
        ModelRun.of(TOTALS)
            .ref(
                "stg_events", rows("id STRING, amount BIGINT").row("a", 1).row("a", 2).row("b", 5));
    assertRows(totals.transform())
        .hasRows(rows("id STRING, amount BIGINT").row("b", 5L).row("a", 3L));
  }

  @Test
  void aMissingColumnIsNamedWithTheInputThatLacksIt() {
    ModelRun stg = ModelRun.of(STG).source("raw.events", rows("id STRING, amt BIGINT").row("a", 1));

    assertThatThrownBy(stg::transform)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("model stg_events reads column amount")
        .hasMessageContaining("the rows given for source raw.events do not have it")
        .hasMessageContaining("source raw.events (id, amt)");
  }

  @Test
  void anInputWithoutRowsAndAnUndeclaredOneAreNamed() {
    assertThatThrownBy(() -> ModelRun.of(TOTALS).transform())
        .hasMessageContaining("reads ref stg_events, for which the test gives no rows");
    TestingModel undeclared = new TestingModel(STG.spec(), ctx -> ctx.source("raw.other"));
    assertThatThrownBy(() -> ModelRun.of(undeclared).transform())
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("asked for 'raw.other', which it does not declare");
  }

  @Test
  void failuresNameMissingUnexpectedAndDifferingRows() {
    var actual =
        rows("id STRING, amount BIGINT, note STRING")
            .row("a", 1, "x")
            .row("b", 2, "y")
            .row("c", 3, "z")
            .toDataset(StrataSpark.session());
    var expected =
        rows("id STRING, amount BIGINT, note STRING")
            .row("a", 1, "x")
            .row("b", 20, "y")
            .row("d", 4, "w");

    assertThatThrownBy(() -> assertRows(actual).byKey("id").hasRows(expected))
        .hasMessageContaining("3 expected, 3 actual")
        .hasMessageContaining("id='b': amount expected 20 but was 2")
        .hasMessageContaining("missing (expected, not found):\n    {id='d', amount=4, note='w'}")
        .hasMessageContaining(
            "unexpected (found, not expected):\n    {id='c', amount=3, note='z'}");
    assertThatThrownBy(() -> assertRows(actual).hasRows(rows("id STRING, amount INT").row("a", 1)))
        .hasMessageContaining("column amount: expected INT but was BIGINT")
        .hasMessageContaining("unexpected column note STRING");
    assertRows(actual).ignoringOtherColumns().hasRows(rows("id STRING").row("c").row("a").row("b"));
    assertThatThrownBy(
            () ->
                assertRows(actual)
                    .inOrder()
                    .ignoringOtherColumns()
                    .hasRows(rows("id STRING").row("c").row("a").row("b")))
        .hasMessageContaining("row 1: id expected 'c' but was 'a'");
  }

  @Test
  void doublesCompareWithinTheTolerance() {
    var actual = rows("x DOUBLE").row(0.1 + 0.2).toDataset(StrataSpark.session());
    assertThatThrownBy(() -> assertRows(actual).hasRows(rows("x DOUBLE").row(0.3)))
        .isInstanceOf(AssertionError.class);
    assertRows(actual).withTolerance(1e-9).hasRows(rows("x DOUBLE").row(0.3));
  }

  @Test
  void aMergeLandsTheNewestVersionPerKeyThatIsNewerThanTheTables() {
    ModelRun batch =
        ModelRun.of(FCT)
            .ref(
                "stg_events",
                rows(EVENTS)
                    .row("a", 2, "2026-03-10 10:00:00", "2026-03-11 00:00:00")
                    .row("a", 3, "2026-03-10 11:00:00", "2026-03-11 00:00:00")
                    .row("b", 9, "2026-03-01 00:00:00", "2026-03-11 00:00:00")
                    .row("c", 7, "2026-03-10 00:00:00", "2026-03-11 00:00:00")
                    .row(" ", 1, "2026-03-10 00:00:00", "2026-03-11 00:00:00"));
    InlineRows table =
        rows(EVENTS)
            .row("a", 1, "2026-03-09 00:00:00", "2026-03-10 00:00:00")
            .row("b", 8, "2026-03-05 00:00:00", "2026-03-10 00:00:00");

    MergeResult merge = batch.mergeInto(table);

    assertRows(merge.landing())
        .byKey("id")
        .hasRows(
            rows(EVENTS)
                .row("a", 3, "2026-03-10 11:00:00", "2026-03-11 00:00:00")
                .row("c", 7, "2026-03-10 00:00:00", "2026-03-11 00:00:00"));
    assertRows(merge.table())
        .byKey("id")
        .ignoringOtherColumns()
        .hasRows(rows("id STRING, amount BIGINT").row("a", 3).row("b", 8).row("c", 7));
    assertRows(merge.quarantined()).ignoringOtherColumns().hasRows(rows("id STRING").row(" "));
  }

  @Test
  void aTieOnOrderAndLandingGoesToTheGreaterRowHashOnBothSidesOfTheMerge() {
    String at = "2026-03-10 10:00:00";
    InlineRows one = rows(EVENTS).row("a", 1, at, at);
    InlineRows other = rows(EVENTS).row("a", 2, at, at);
    InlineRows both = rows(EVENTS).row("a", 1, at, at).row("a", 2, at, at);

    var inOneBatch = ModelRun.of(FCT).ref("stg_events", both).mergeInto(rows(EVENTS)).table();
    var firstThenOther = ModelRun.of(FCT).ref("stg_events", other).mergeInto(one).table();
    var otherThenFirst = ModelRun.of(FCT).ref("stg_events", one).mergeInto(other).table();

    assertRows(firstThenOther).hasRows(inOneBatch);
    assertRows(otherThenFirst).hasRows(inOneBatch);
  }

  @Test
  void aBatchWithoutTheOrderColumnFailsAsABuildDoes() {
    ModelRun batch =
        ModelRun.of(FCT).ref("stg_events", rows("id STRING, _loaded_at TIMESTAMP").row("a", null));
    assertThatThrownBy(() -> batch.mergeInto(rows(EVENTS)))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("does not output [updated_at]");
  }
}
