package io.strata.jobs.bench;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.row_number;

import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * The same increment of {@code fct_orders} without Strata: the pattern dbt-spark generates by
 * default, and a Spark job written by hand.
 */
final class Baselines {
  /** {@code stg_orders} plus {@code fct_orders}' select, over a raw table path, then a filter. */
  private static final String MODEL_SQL =
      """
      SELECT order_id, customer_id, status, amount_cents, created_at, updated_at,
             to_date(created_at) AS order_date, _loaded_at
      FROM (
        SELECT orderId AS order_id,
               custId AS customer_id,
               lower(trim(orderStatus)) AS status,
               CAST(CAST(trim(amount) AS DECIMAL(18,2)) * 100 AS BIGINT) AS amount_cents,
               to_timestamp(trim(createdAt)) AS created_at,
               to_timestamp(trim(updatedAt)) AS updated_at,
               _loaded_at
        FROM delta.`%s`
        WHERE lower(trim(coalesce(isTest, ''))) <> 'true' AND %s
      )
      """;

  private static final String COLUMNS =
      "order_id, customer_id, status, amount_cents, created_at, updated_at, order_date, _loaded_at";

  private Baselines() {}

  /**
   * dbt-spark's incremental default: the model filtered on {@code updated_at} against the target's
   * maximum less three days, deduplicated in the model, then {@code MERGE ... ON order_id} with no
   * predicate on the target and an unconditional update.
   */
  static void dbtDefault(SparkSession spark, String rawOrders, String target) {
    String filter =
        String.format(
            "to_timestamp(trim(updatedAt)) >= (SELECT max(updated_at) - INTERVAL 3 DAYS"
                + " FROM delta.`%s`)",
            target);
    String model =
        String.format(
            "SELECT %s FROM (SELECT *, row_number() OVER (PARTITION BY order_id"
                + " ORDER BY updated_at DESC, _loaded_at DESC) AS dbt_rn FROM (%s)) WHERE dbt_rn = 1",
            COLUMNS, String.format(MODEL_SQL, rawOrders, filter));
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW fct_orders__dbt_tmp AS " + model);
    spark.sql(
        String.format(
            "MERGE INTO delta.`%s` AS DBT_INTERNAL_DEST USING fct_orders__dbt_tmp AS"
                + " DBT_INTERNAL_SOURCE ON DBT_INTERNAL_SOURCE.order_id = DBT_INTERNAL_DEST.order_id"
                + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *",
            target));
  }

  /**
   * What {@code dbt build} runs for the model with dbt-spark's default: {@link #dbtDefault}, then
   * the tests the model declares as dbt compiles its generic tests (each a query over the whole
   * table, counting failures), then the project's singular test; one thread, as dbt's {@code
   * threads: 1}.
   *
   * @param singularSql the singular test, its {@code layer.table} names already replaced by paths
   */
  static void dbtBuild(
      SparkSession spark,
      String rawOrders,
      String target,
      String dimCustomers,
      String singularSql) {
    dbtDefault(spark, rawOrders, target);
    String table = "delta.`" + target + "`";
    List<String> tests =
        List.of(
            "SELECT order_id AS unique_field, count(*) AS n_records FROM %1$s"
                + " WHERE order_id IS NOT NULL GROUP BY order_id HAVING count(*) > 1",
            "SELECT order_id FROM %1$s WHERE order_id IS NULL",
            "SELECT updated_at FROM %1$s WHERE updated_at IS NULL",
            "WITH all_values AS (SELECT status AS value_field, count(*) AS n_records FROM %1$s"
                + " GROUP BY status) SELECT * FROM all_values WHERE value_field NOT IN"
                + " ('placed', 'shipped', 'delivered', 'cancelled')",
            "SELECT * FROM %1$s WHERE NOT (amount_cents >= 0)",
            "WITH child AS (SELECT customer_id AS from_field FROM %1$s"
                + " WHERE customer_id IS NOT NULL), parent AS (SELECT customer_id AS to_field"
                + " FROM delta.`%2$s`) SELECT from_field FROM child LEFT JOIN parent"
                + " ON child.from_field = parent.to_field WHERE parent.to_field IS NULL");
    for (String test : tests) {
      failures(spark, String.format(test, table, dimCustomers));
    }
    failures(spark, singularSql);
  }

  /** dbt's wrapper around a test's query: one row with the failure count. */
  private static long failures(SparkSession spark, String query) {
    return spark
        .sql(
            "SELECT count(*) AS failures, count(*) != 0 AS should_warn,"
                + " count(*) != 0 AS should_error FROM ("
                + query
                + ") dbt_internal_test")
        .first()
        .getLong(0);
  }

  /**
   * A hand-written job as a good engineer writes it: read what landed after the last run's
   * watermark (file skipping on {@code _loaded_at}), keep the newest version per order, and MERGE
   * into only the partitions the batch touches, updating only when newer.
   */
  static void handWritten(
      SparkSession spark, String rawOrders, String target, Timestamp lastLoadedAt) {
    handWritten(spark, rawOrders, target, lastLoadedAt, latest -> {}, () -> {});
  }

  /**
   * {@link #handWritten} with the checks a good engineer adds for the tests Strata runs on {@code
   * fct_orders}: before the MERGE, one pass over the batch counting the rows that break {@code
   * not_null} (twice), {@code accepted_values} and the amount expression (any such row stops the
   * job; the batch is unique per order by its dedup), and the orders whose customer is not in
   * {@code dim_customers} (a warning, counted, by broadcast joins each way as Strata does); after
   * it, the project's singular test.
   */
  static void handWrittenTested(
      SparkSession spark,
      String rawOrders,
      String target,
      String dimCustomers,
      Timestamp lastLoadedAt,
      String singularSql) {
    handWritten(
        spark,
        rawOrders,
        target,
        lastLoadedAt,
        latest -> check(spark, latest, dimCustomers),
        () -> failures(spark, singularSql));
  }

  private static void check(SparkSession spark, Dataset<Row> latest, String dimCustomers) {
    Row broken =
        latest
            .selectExpr(
                "count_if(order_id IS NULL)",
                "count_if(updated_at IS NULL)",
                "count_if(status NOT IN ('placed', 'shipped', 'delivered', 'cancelled'))",
                "count_if(NOT coalesce(amount_cents >= 0, false))")
            .first();
    for (int i = 0; i < broken.size(); i++) {
      if (broken.getLong(i) > 0) {
        throw new IllegalStateException("the batch breaks check " + i + ": " + broken);
      }
    }
    // The batch's customers are few next to the dimension: broadcast them to narrow it, then
    // broadcast the customers found back to the batch.
    Dataset<Row> wanted =
        latest.select(col("customer_id").as("wanted")).where("wanted IS NOT NULL").distinct();
    Dataset<Row> found =
        spark
            .read()
            .format("delta")
            .load(dimCustomers)
            .select(col("customer_id").as("known"))
            .join(broadcast(wanted), col("known").equalTo(col("wanted")), "left_semi");
    latest
        .where("customer_id IS NOT NULL")
        .join(broadcast(found), col("customer_id").equalTo(col("known")), "left_anti")
        .count();
  }

  private static void handWritten(
      SparkSession spark,
      String rawOrders,
      String target,
      Timestamp lastLoadedAt,
      Consumer<Dataset<Row>> beforeMerge,
      Runnable afterMerge) {
    Dataset<Row> batch =
        spark.sql(
            String.format(MODEL_SQL, rawOrders, "_loaded_at > TIMESTAMP '" + lastLoadedAt + "'"));
    Dataset<Row> latest =
        batch
            .withColumn(
                "rn",
                row_number()
                    .over(
                        Window.partitionBy("order_id")
                            .orderBy(desc("updated_at"), desc("_loaded_at"))))
            .where(col("rn").equalTo(1))
            .drop("rn")
            .cache();
    try {
      List<Row> dates = latest.select("order_date").distinct().collectAsList();
      if (dates.isEmpty()) {
        return;
      }
      beforeMerge.accept(latest);
      String partitions =
          dates.stream().map(r -> "DATE '" + r.getDate(0) + "'").collect(Collectors.joining(", "));
      DeltaTable.forPath(spark, target)
          .as("t")
          .merge(latest.as("s"), "t.order_id = s.order_id AND t.order_date IN (" + partitions + ")")
          .whenMatched(
              "s.updated_at > t.updated_at OR (s.updated_at = t.updated_at"
                  + " AND s._loaded_at > t._loaded_at)")
          .updateAll()
          .whenNotMatched()
          .insertAll()
          .execute();
      afterMerge.run();
    } finally {
      latest.unpersist();
    }
  }

  /** Row count and an order-independent hash of every row's business columns. */
  static String checksum(SparkSession spark, String table) {
    Row row =
        spark
            .sql(
                String.format("SELECT count(*), sum(xxhash64(%s)) FROM delta.`%s`", COLUMNS, table))
            .first();
    return row.getLong(0) + ":" + (row.isNullAt(1) ? 0L : row.getLong(1));
  }
}
