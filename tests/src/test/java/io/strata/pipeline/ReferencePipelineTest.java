package io.strata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.config.ShufflePartitions;
import io.strata.config.StrataConfig;
import io.strata.config.StrataKeys;
import io.strata.delta.DeltaWarehouses;
import io.strata.graph.ProjectGraph;
import io.strata.jobs.DemoData;
import io.strata.jobs.DemoData.Batch;
import io.strata.jobs.ReferenceProject;
import io.strata.land.InputFormat;
import io.strata.land.Lander;
import io.strata.materialize.BuildOutcome;
import io.strata.materialize.CommitHook;
import io.strata.materialize.DiffReport;
import io.strata.materialize.DiffRequest;
import io.strata.materialize.ModelDiff;
import io.strata.model.TableName;
import io.strata.run.BuildRequest;
import io.strata.run.ModelResult;
import io.strata.run.RunListener;
import io.strata.run.RunResult;
import io.strata.run.Runner;
import io.strata.testing.Tables;
import io.strata.testing.TestingSpark;
import io.strata.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference project end to end on generated feeds: landed one day at a time with a build after
 * each, compared with the marts computed in plain Java.
 *
 * <p>One warehouse for the class (building it is the slow part); the tests run in order and the
 * later ones only add to what the earlier ones checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReferencePipelineTest {
  private static final TableName FCT = TableName.parse("marts.fct_orders");
  private static final TableName DIM = TableName.parse("marts.dim_customers");
  private static final TableName HISTORY = TableName.parse("intermediate.int_customers_history");
  private static final List<TableName> MARTS =
      List.of(
          TableName.parse("intermediate.int_order_payments"),
          TableName.parse("intermediate.int_customer_orders"),
          HISTORY,
          FCT,
          DIM);

  private static final BuildRequest ALL = BuildRequest.all();
  private static Instant lastLanding = Instant.EPOCH;

  @TempDir static Path dir;

  private final SparkSession spark = TestingSpark.session();
  private final ProjectGraph graph = ProjectGraph.of(new ReferenceProject());
  private final StrataConfig config =
      StrataConfig.defaults().with(StrataKeys.SHUFFLE_PARTITIONS, ShufflePartitions.of(2));
  private final List<Batch> landed = new ArrayList<>();
  private Warehouse warehouse;

  @BeforeAll
  void landAndBuildDayByDay() throws IOException {
    warehouse = DeltaWarehouses.atPath(dir.resolve("warehouse").toString());
    for (Batch batch : DemoData.generate(3, 12, 7).batches()) {
      land(batch);
      RunResult result = build(ALL);
      assertSucceeded(result);
    }
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void martsEqualWhatPlainJavaComputesFromTheFeeds() {
    Expected expected = new Expected(landed);

    assertThat(Tables.lines(read(FCT), Expected.FCT_COLUMNS))
        .isNotEmpty()
        .containsExactlyElementsOf(expected.fctOrders());
    assertThat(Tables.lines(read(DIM), Expected.DIM_COLUMNS))
        .isNotEmpty()
        .containsExactlyElementsOf(expected.dimCustomers());
    // strata diff: each mart built batch by batch equals its recomputation, and is only read.
    for (TableName mart : MARTS) {
      if (mart.equals(HISTORY)) {
        continue; // a snapshot's history depends on when versions landed: diff refuses it
      }
      long version = warehouse.version(spark, mart).orElseThrow();
      DiffReport diff =
          ModelDiff.of(spark.newSession(), warehouse, graph, graph.model(mart.table()).spec())
              .run(DiffRequest.all());
      assertThat(diff.drifts()).as("%s drifts: %s", mart, diff).isFalse();
      assertThat(diff.tableRows()).as("rows of %s", mart).isPositive();
      assertThat(warehouse.version(spark, mart)).contains(version);
    }
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void secondBuildWithNothingNewChangesNoMart() {
    List<Long> counts = new ArrayList<>();
    List<Long> checksums = new ArrayList<>();
    List<Long> versions = new ArrayList<>();
    for (TableName mart : MARTS) {
      counts.add(read(mart).count());
      checksums.add(Tables.checksum(read(mart)));
      versions.add(warehouse.version(spark, mart).orElseThrow());
    }

    RunResult again = build(ALL);

    assertSucceeded(again);
    assertThat(again.result("fct_orders").orElseThrow().outcome().orElseThrow().action())
        .isEqualTo(BuildOutcome.Action.UP_TO_DATE);
    for (int i = 0; i < MARTS.size(); i++) {
      assertThat(read(MARTS.get(i)).count())
          .as("rows of %s", MARTS.get(i))
          .isEqualTo(counts.get(i));
      assertThat(Tables.checksum(read(MARTS.get(i))))
          .as("checksum of %s", MARTS.get(i))
          .isEqualTo(checksums.get(i));
      assertThat(warehouse.version(spark, MARTS.get(i)))
          .as("no new commit to %s", MARTS.get(i))
          .contains(versions.get(i));
    }
  }

  @Test
  @org.junit.jupiter.api.Order(3)
  void fullRefreshChangesNoRowOfFctOrders() {
    String[] all = read(FCT).columns();
    List<String> before = Tables.lines(read(FCT), all);
    long checksum = Tables.checksum(read(FCT));
    String[] historyColumns = read(HISTORY).columns();
    List<String> history = Tables.lines(read(HISTORY), historyColumns);

    RunResult refresh = build(ALL.withFullRefresh());

    assertSucceeded(refresh);
    assertThat(refresh.result("fct_orders").orElseThrow().outcome().orElseThrow().action())
        .isEqualTo(BuildOutcome.Action.REPLACED);
    assertThat(Tables.lines(read(FCT), all)).isEqualTo(before);
    assertThat(Tables.checksum(read(FCT))).isEqualTo(checksum);
    // The customers' history, merged batch by batch, equals its rebuild from every version.
    assertThat(history).hasSizeGreaterThan((int) read(DIM).count());
    assertThat(Tables.lines(read(HISTORY), historyColumns)).isEqualTo(history);
    // Its second version landed a day late, after its third: in its place, and not current.
    assertThat(
            Tables.lines(
                read(HISTORY).where("customer_id = '" + DemoData.STORY_CUSTOMER + "'"),
                "full_name",
                "country",
                "valid_from",
                "valid_to",
                "is_current"))
        .containsExactlyInAnyOrder(
            "Grace Story|DE|2026-03-01 03:00:00.0|2026-03-02 03:00:00.0|false",
            "Grace Story|AT|2026-03-02 03:00:00.0|2026-03-02 20:00:00.0|false",
            "Grace Story|FR|2026-03-02 20:00:00.0|2026-03-03 20:00:00.0|false",
            "Grace Hopper-Story|FR|2026-03-03 20:00:00.0|null|true");
    System.out.printf(
        "int_customers_history: %d versions of %d customers%n",
        history.size(), read(HISTORY).select("customer_id").distinct().count());
  }

  @Test
  @org.junit.jupiter.api.Order(4)
  void lateVersionFarOutsideTheLookbackReachesFctOrders() throws IOException {
    Expected now = new Expected(landed);
    DemoData.Order oldest = now.oldestOrder();
    Instant oldUpdate = DemoData.instant(oldest.updatedAt()).plus(Duration.ofHours(1));
    assertThat(oldUpdate).isBefore(now.newestUpdate().minus(Duration.ofDays(3)));
    DemoData.Order lateVersion =
        new DemoData.Order(
            oldest.orderId(),
            oldest.custId(),
            " Delivered",
            "1.23",
            oldest.createdAt(),
            iso(oldUpdate, "+02:00"),
            "false");
    DemoData.Order lateNewOrder =
        new DemoData.Order(
            "O99999",
            oldest.custId(),
            "placed",
            "42",
            "2025-06-01T08:00:00-05:00",
            "2025-06-01T08:00:00-05:00",
            "");
    Batch last = landed.get(landed.size() - 1);
    Batch late =
        new Batch(
            last.day() + 1,
            last.date().plusDays(1),
            last.loadedAt().plus(Duration.ofDays(1)),
            List.of(lateVersion, lateNewOrder),
            List.of(),
            List.of());

    land(late);
    assertSucceeded(build(ALL));

    Expected expected = new Expected(landed);
    List<String> fct = Tables.lines(read(FCT), Expected.FCT_COLUMNS);
    assertThat(fct).containsExactlyElementsOf(expected.fctOrders());
    assertThat(fct)
        .anyMatch(
            line -> line.startsWith(oldest.orderId() + "|" + oldest.custId() + "|delivered|123|"))
        .anyMatch(line -> line.startsWith("O99999|" + oldest.custId() + "|placed|4200|"));
    assertThat(Tables.lines(read(DIM), Expected.DIM_COLUMNS))
        .containsExactlyElementsOf(expected.dimCustomers());
  }

  @Test
  @org.junit.jupiter.api.Order(5)
  void aBatchFailingATestIsHeldBackAndFctOrdersStaysAsItWas() throws IOException {
    DemoData.Order any = new Expected(landed).oldestOrder();
    DemoData.Order negative =
        new DemoData.Order(
            "O88888",
            any.custId(),
            "placed",
            "-5",
            "2026-03-20T08:00:00Z",
            "2026-03-20T08:00:00Z",
            "");
    Batch last = landed.get(landed.size() - 1);
    String[] all = read(FCT).columns();
    List<String> before = Tables.lines(read(FCT), all);
    long version = warehouse.version(spark, FCT).orElseThrow();

    land(
        new Batch(
            last.day() + 1,
            last.date().plusDays(1),
            last.loadedAt().plus(Duration.ofDays(1)),
            List.of(negative),
            List.of(),
            List.of()));
    RunResult held = build(ALL);

    ModelResult fct = held.result("fct_orders").orElseThrow();
    assertThat(fct.status()).hasToString("ERROR");
    assertThat(fct.tests())
        .anySatisfy(
            test -> {
              assertThat(test.test()).isEqualTo("amount_not_negative");
              assertThat(test.status()).hasToString("ERROR");
              assertThat(test.failingRows()).isEqualTo(1);
            });
    assertThat(warehouse.version(spark, FCT)).contains(version);
    assertThat(Tables.lines(read(FCT), all)).isEqualTo(before);
  }

  private void land(Batch batch) throws IOException {
    Path day = Files.createDirectories(dir.resolve("feeds").resolve(batch.dirName()));
    List<Lander.Input> inputs = new ArrayList<>();
    inputs.addAll(input(day, "orders", batch.orders().stream().map(DemoData.Order::json).toList()));
    inputs.addAll(
        input(day, "customers", batch.customers().stream().map(DemoData.Customer::json).toList()));
    inputs.addAll(
        input(day, "payments", batch.payments().stream().map(DemoData.Payment::json).toList()));
    lastLanding = batch.loadedAt();
    new Lander(spark, warehouse)
        .contracts(graph.sources())
        .land(inputs, Optional.empty(), batch.loadedAt());
    landed.add(batch);
  }

  private static List<Lander.Input> input(Path day, String feed, List<String> lines)
      throws IOException {
    if (lines.isEmpty()) {
      return List.of();
    }
    Path file = day.resolve(feed + ".jsonl");
    Files.writeString(file, DemoData.render(lines));
    return List.of(
        new Lander.Input(TableName.parse("raw." + feed), file.toString(), InputFormat.JSON));
  }

  private RunResult build(BuildRequest request) {
    // The generated batches land in March 2026: judge freshness as of just after the last one.
    Clock justAfterLastLanding = Clock.fixed(lastLanding.plus(Duration.ofHours(1)), ZoneOffset.UTC);
    return new Runner(
            spark,
            config,
            graph,
            warehouse,
            RunListener.NONE,
            CommitHook.NONE,
            justAfterLastLanding)
        .build(request);
  }

  private Dataset<Row> read(TableName table) {
    return warehouse.read(spark, table);
  }

  private static void assertSucceeded(RunResult result) {
    assertThat(result.models())
        .allSatisfy(
            (ModelResult m) ->
                assertThat(m.status())
                    .as("%s: %s", m.model().name(), m.message())
                    .hasToString("SUCCESS"));
  }

  private static String iso(Instant at, String offset) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX")
        .format(at.atOffset(ZoneOffset.of(offset)));
  }
}
