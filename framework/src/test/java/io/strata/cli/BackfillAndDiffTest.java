package io.strata.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.delta.DeltaWarehouses;
import io.strata.model.DataTest;
import io.strata.model.IncrementalSpec;
import io.strata.model.Layer;
import io.strata.model.ModelSpec;
import io.strata.model.TableName;
import io.strata.testing.Directories;
import io.strata.testing.Tables;
import io.strata.testing.TestingCli;
import io.strata.testing.TestingCli.Outcome;
import io.strata.testing.TestingProject;
import io.strata.testing.TestingSpark;
import io.strata.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata diff} and {@code strata build --backfill} on a small orders project built over two
 * batches once, each test working on its own copy of that warehouse.
 */
class BackfillAndDiffTest {
  private static final TableName FCT = TableName.parse("marts.fct_orders");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path built;

  @TempDir Path dir;

  /**
   * raw.orders → stg_orders (view) → fct_orders (incremental on order_id, by order_date), and, for
   * the refusals, fct_monthly (by month), fct_by_status (by a string), fct_whole (unpartitioned,
   * never built) and dim_status (a table).
   */
  public static final class OrdersProject extends TestingProject {
    public OrdersProject() {
      source("raw.orders");
      model(
          ModelSpec.builder(Layer.STAGING, "stg_orders")
              .sources("raw.orders")
              .description("orders, typed")
              .build(),
          ctx ->
              ctx.source("raw.orders")
                  .select(
                      col("id").as("order_id"),
                      col("status"),
                      col("amount").cast("bigint").as("amount"),
                      col("price").cast("double").as("price"),
                      to_date(col("day")).as("order_date"),
                      to_timestamp(col("updated")).as("updated_at"),
                      col("_loaded_at")));
      incremental(
          "fct_orders",
          "order_date",
          "SELECT * FROM staging.stg_orders",
          DataTest.unique("order_id"),
          DataTest.expression("amount_positive", "amount > 0"));
      incremental(
          "fct_monthly",
          "order_month",
          "SELECT *, trunc(order_date, 'MM') AS order_month FROM staging.stg_orders");
      incremental("fct_by_status", "status", "SELECT * FROM staging.stg_orders");
      incremental("fct_whole", null, "SELECT * FROM staging.stg_orders");
      model(
          ModelSpec.builder(Layer.MARTS, "dim_status")
              .table()
              .refs("stg_orders")
              .description("orders per status")
              .test(DataTest.unique("status"))
              .build(),
          ctx ->
              ctx.sql(
                  "SELECT status, count(*) AS orders, sum(price) AS price"
                      + " FROM staging.stg_orders GROUP BY status"));
    }

    private void incremental(String name, String partition, String sql, DataTest... tests) {
      ModelSpec.Builder spec =
          ModelSpec.builder(Layer.MARTS, name)
              .incremental(
                  IncrementalSpec.uniqueKey("order_id")
                      .orderBy("updated_at")
                      .lookback(Duration.ZERO)
                      .build())
              .refs("stg_orders")
              .description("latest version of each order")
              .test(
                  DataTest.unique("order_id"),
                  DataTest.expression("amount_positive", "amount > 0"));
      if (partition != null) {
        spec.partitionBy(partition);
      }
      model(spec.build(), ctx -> ctx.sql(sql));
    }
  }

  @BeforeAll
  static void buildTwoBatches() throws IOException {
    land(
        built,
        "b1",
        order("o1", "placed", 10, "2026-03-01", "T01"),
        order("o2", "placed", 20, "2026-03-02", "T01"),
        order("o3", "placed", 30, "2026-03-03", "T01"),
        order("o4", "placed", 40, "2026-03-04", "T01"),
        order("o7", "placed", 70, "2026-03-07", "T01"),
        order("o8", "placed", 80, "2026-03-08", "T01"),
        order("p1", "placed", 90, "2026-04-01", "T01"));
    assertOk(cli(built, "build", "--exclude", "fct_whole"));
    land(
        built,
        "b2",
        order("o1", "shipped", 10, "2026-03-01", "T02"),
        order("o5", "placed", 50, "2026-03-05", "T02"),
        order("o8", "shipped", 80, "2026-03-08", "T02"),
        order("p2", "placed", 95, "2026-04-02", "T02"));
    assertOk(cli(built, "build", "fct_orders", "dim_status"));
  }

  @Test
  void diffReportsNoDriftOnAnIncrementalModelBuiltOverBatches() throws IOException {
    Outcome orders = cli(built, "diff", "fct_orders");
    assertThat(orders.exitCode()).as(orders.out() + orders.err()).isZero();
    assertThat(orders.out())
        .contains("rows: 9 in the table, 9 recomputed", "from raw.orders v2", "No drift");

    Outcome table = cli(built, "diff", "dim_status", "--json");
    assertThat(table.exitCode()).as(table.out() + table.err()).isZero();
    JsonNode report = JSON.readTree(table.out());
    assertThat(report.get("key").toString()).isEqualTo("[\"status\"]");
    assertThat(report.get("differing").toString()).isEqualTo("{\"orders\":0,\"price\":0}");

    Outcome newest = cli(built, "diff", "fct_orders", "--last-partitions", "2");
    assertThat(newest.exitCode()).isZero();
    assertThat(newest.out()).contains("rows: 2 in the table, 2 recomputed");
  }

  @Test
  void diffReportsExactlyTheRowsAndColumnsChangedAroundStrata() throws IOException {
    Path copy = copy();
    String table = "delta.`" + copy.resolve("warehouse/marts/fct_orders") + "`";
    SparkSession spark = TestingSpark.session();
    spark.sql(
        "UPDATE "
            + table
            + " SET status = if(order_id = 'o3', status, 'lost'),"
            + " amount = if(order_id = 'o4', 0, amount),"
            + " price = if(order_id = 'o3', price * (1 + 1e-12), price)"
            + " WHERE order_id IN ('o2', 'o3', 'o4')");
    spark.sql("DELETE FROM " + table + " WHERE order_id = 'o7'");
    Warehouse warehouse = warehouse(copy);
    Dataset<Row> extra =
        warehouse.read(spark, FCT).where("order_id = 'o8'").withColumn("order_id", lit("o9"));
    warehouse.append(extra.localCheckpoint(), FCT, List.of(), java.util.Map.of());
    long version = warehouse.version(spark, FCT).orElseThrow();

    Outcome diff = cli(copy, "diff", "fct_orders", "--json", "--samples", "5");

    assertThat(diff.exitCode()).as(diff.out() + diff.err()).isEqualTo(1);
    assertThat(warehouse.version(spark, FCT)).contains(version);
    JsonNode report = JSON.readTree(diff.out());
    assertThat(report.get("drifts").asBoolean()).isTrue();
    assertThat(report.get("only_in_table").asLong()).isEqualTo(1);
    assertThat(report.get("only_in_recomputed").asLong()).isEqualTo(1);
    assertThat(report.get("differing").toString())
        .contains("\"status\":2", "\"amount\":1", "\"price\":0", "\"updated_at\":0");
    JsonNode samples = report.get("samples");
    assertThat(samples.get("only_in_table").get(0).get("order_id").asText()).isEqualTo("o9");
    assertThat(samples.get("only_in_recomputed").get(0).get("order_id").asText()).isEqualTo("o7");
    assertThat(samples.get("status").toString())
        .contains(
            "{\"order_id\":\"o2\",\"table\":\"lost\",\"recomputed\":\"placed\"}",
            "{\"order_id\":\"o4\",\"table\":\"lost\",\"recomputed\":\"placed\"}");

    Outcome one = cli(copy, "diff", "fct_orders", "--where", "order_id = 'o2'");
    assertThat(one.exitCode()).isEqualTo(1);
    assertThat(one.out())
        .contains("rows: 1 in the table, 1 recomputed", "column status differs in: 1 row")
        .doesNotContain("only in");
  }

  @Test
  void backfillReplacesTheRangeAsAFullRefreshWouldAndKeepsTheWatermark() throws IOException {
    Path copy = copy();
    String table = "delta.`" + copy.resolve("warehouse/marts/fct_orders") + "`";
    SparkSession spark = TestingSpark.session();
    spark.sql("UPDATE " + table + " SET status = 'lost' WHERE order_id IN ('o2', 'o8')");
    spark.sql("DELETE FROM " + table + " WHERE order_id = 'o3'");
    Warehouse warehouse = warehouse(copy);
    List<String> outside = lines(warehouse, "order_date > '2026-03-05'");
    // Landed after the last build: left to the next build, which the backfill must not skip.
    land(
        copy,
        "b3",
        order("o2", "delivered", 20, "2026-03-02", "T03"),
        order("o6", "placed", 60, "2026-03-06", "T03"));
    long before = warehouse.version(spark, FCT).orElseThrow();

    Outcome backfill =
        cli(
            copy,
            "build",
            "fct_orders",
            "--backfill",
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-05");

    assertOk(backfill);
    assertThat(backfill.out()).contains("BACKFILL 5 rows", "order_date 2026-03-01 to 2026-03-05");
    assertThat(warehouse.version(spark, FCT)).contains(before + 1);
    assertThat(warehouse.history(spark, FCT, 1).get(0).operation()).isEqualTo("WRITE");
    assertThat(lines(warehouse, "order_date <= '2026-03-05'"))
        .containsExactly(
            "o1|shipped|10", "o2|placed|20", "o3|placed|30", "o4|placed|40", "o5|placed|50");
    assertThat(lines(warehouse, "order_date > '2026-03-05'"))
        .isEqualTo(outside)
        .contains("o8|lost|80");

    land(
        copy,
        "b4",
        order("o1", "delivered", 10, "2026-03-01", "T04"),
        order("o3", "shipped", 30, "2026-03-03", "T04"));
    assertOk(cli(copy, "build", "fct_orders"));
    assertThat(lines(warehouse, "order_date <= '2026-03-06'"))
        .containsExactly(
            "o1|delivered|10",
            "o2|delivered|20",
            "o3|shipped|30",
            "o4|placed|40",
            "o5|placed|50",
            "o6|placed|60");
    Outcome diff = cli(copy, "diff", "fct_orders", "--where", "order_id <> 'o8'");
    assertThat(diff.exitCode()).as(diff.out()).isZero();
  }

  @Test
  void badBackfillsAndDiffsAreRefusedWithExitCode2() throws IOException {
    Path copy = copy();
    Warehouse warehouse = warehouse(copy);
    long version = warehouse.version(TestingSpark.session(), FCT).orElseThrow();
    refused(
        copy,
        "only incremental models",
        "build",
        "dim_status",
        "--backfill",
        "--from",
        "2026-03-01");
    refused(
        copy, "no partition column", "build", "fct_whole", "--backfill", "--from", "2026-03-01");
    refused(
        copy,
        "status is string, not a date",
        "build",
        "fct_by_status",
        "--backfill",
        "--from",
        "2026-03-01");
    refused(
        copy, "partitioned by month", "build", "fct_monthly", "--backfill", "--from", "2026-03-15");
    refused(
        copy,
        "such as --to 2026-03-31",
        "build",
        "fct_monthly",
        "--backfill",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-07");
    refused(
        copy,
        "'--from 2026-03-09 --to 2026-03-01': --from is after --to",
        "build",
        "fct_orders",
        "--backfill",
        "--from",
        "2026-03-09",
        "--to",
        "2026-03-01");
    refused(
        copy,
        "'2026-02-30' is not a date",
        "build",
        "fct_orders",
        "--backfill",
        "--from",
        "2026-02-30");
    refused(
        copy,
        "'--to soon': 'soon' is not a date",
        "build",
        "fct_orders",
        "--backfill",
        "--from",
        "2026-03-01",
        "--to",
        "soon");
    refused(
        copy, "--from only applies to a backfill", "build", "fct_orders", "--from", "2026-03-01");
    refused(copy, "--backfill needs --from", "build", "fct_orders", "--backfill");
    refused(copy, "--backfill needs the models", "build", "--backfill", "--from", "2026-03-01");
    refused(
        copy,
        "not run under 'strata run'",
        "run",
        "fct_orders",
        "--backfill",
        "--from",
        "2026-03-01");
    refused(
        copy,
        "do not go together",
        "diff",
        "fct_orders",
        "--where",
        "true",
        "--last-partitions",
        "1");
    refused(copy, "stores no table", "diff", "stg_orders");
    refused(
        copy, "--where 'nope > 1' is not a condition", "diff", "fct_orders", "--where", "nope > 1");
    refused(copy, "has never been built", "diff", "fct_whole");
    assertThat(warehouse.version(TestingSpark.session(), FCT)).contains(version);
  }

  private void refused(Path at, String message, String... args) {
    Outcome outcome = cli(at, args);
    assertThat(outcome.exitCode())
        .as(String.join(" ", args) + "\n" + outcome.out() + outcome.err())
        .isEqualTo(2);
    assertThat(outcome.err()).contains(message);
  }

  private Path copy() {
    Directories.copy(built.resolve("warehouse"), dir.resolve("warehouse"));
    return dir;
  }

  private static List<String> lines(Warehouse warehouse, String where) {
    return Tables.lines(
        warehouse.read(TestingSpark.session(), FCT).where(where), "order_id", "status", "amount");
  }

  private static Warehouse warehouse(Path at) {
    return DeltaWarehouses.atPath(at.resolve("warehouse").toString());
  }

  private static Outcome cli(Path at, String... args) {
    return TestingCli.run(at, OrdersProject.class, args);
  }

  private static void assertOk(Outcome outcome) {
    assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isZero();
  }

  private static void land(Path at, String name, String... lines) throws IOException {
    Path file = at.resolve(name + ".jsonl");
    Files.write(file, List.of(lines));
    assertOk(cli(at, "land", "raw.orders=" + file));
  }

  private static String order(String id, String status, long amount, String day, String time) {
    return String.format(
        "{\"id\":\"%s\",\"status\":\"%s\",\"amount\":%d,\"price\":%d.25,\"day\":\"%s\","
            + "\"updated\":\"%sT%s:00:00Z\"}",
        id, status, amount, amount, day, "2026-03-10", time.substring(1));
  }
}
