package io.strata.jobs.models;

import static io.strata.testing.Rows.rows;
import static io.strata.testing.RowsAssert.assertRows;

import io.strata.model.Dedup;
import io.strata.testing.InlineRows;
import io.strata.testing.ModelRun;
import io.strata.testing.StrataSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StrataSpark.class)
class DimCustomersTest {
  private static final String DAY1 = "2026-03-10 06:00:00";
  private static final String DAY2 = "2026-03-11 06:00:00";

  @Test
  void latestCustomerVersionWithOrderTotalsAndNetPaidZeroWhenNone() {
    ModelRun run =
        ModelRun.of(ReferenceSqlModels.named("dim_customers"))
            .ref(
                "stg_customers",
                rows(Schemas.STG_CUSTOMERS)
                    .row(
                        "c1",
                        "Ada",
                        "ada@old.example",
                        "DE",
                        "2026-01-02",
                        "2026-03-01 00:00:00",
                        DAY1)
                    .row(
                        "c1",
                        "Ada L",
                        "ada@example.com",
                        "FR",
                        "2026-01-02",
                        "2026-03-10 00:00:00",
                        DAY2)
                    .row(
                        "c2",
                        "Grace",
                        "grace@example.com",
                        "US",
                        "2026-02-03",
                        "2026-03-01 00:00:00",
                        DAY1))
            .ref("int_customer_orders", rows(Schemas.INT_CUSTOMER_ORDERS).row("c1", 2, 1700))
            .ref(
                "int_order_payments",
                rows(Schemas.INT_ORDER_PAYMENTS)
                    .row("o1", 1000, 2, "2026-03-10 10:00:00")
                    .row("o2", -200, 1, "2026-03-10 11:00:00"))
            .ref(
                "fct_orders",
                rows(Schemas.FCT_ORDERS)
                    .row("o1", "c1", "shipped", 1200, DAY1, DAY1, "2026-03-10", DAY1)
                    .row("o2", "c1", "placed", 500, DAY1, DAY1, "2026-03-10", DAY1));

    assertRows(run.transform())
        .byKey("customer_id")
        .hasRows(
            rows("customer_id STRING, full_name STRING, email STRING, country STRING,"
                    + " signup_date DATE, order_count BIGINT, lifetime_value_cents BIGINT,"
                    + " total_paid_cents BIGINT")
                .row("c1", "Ada L", "ada@example.com", "FR", "2026-01-02", 2, 1700, 800)
                .row("c2", "Grace", "grace@example.com", "US", "2026-02-03", 0, 0, 0));
  }

  /** Versions equal on updated_at and _loaded_at resolve as Dedup.latest resolves them. */
  @Test
  void customerVersionsThatTieResolveAsDedupLatestDoes() {
    InlineRows customers = rows(Schemas.STG_CUSTOMERS);
    for (int i = 0; i < 12; i++) {
      customers =
          customers.row(
              "c" + i % 3,
              "n" + i,
              "e" + i + "@x",
              "DE",
              "2026-01-02",
              "2026-03-01 00:00:00",
              DAY1);
    }
    Dataset<Row> expected =
        Dedup.latest(
                customers.toDataset(StrataSpark.session()),
                List.of("customer_id"),
                List.of("updated_at", "_loaded_at"))
            .select("customer_id", "full_name", "email");

    ModelRun run =
        ModelRun.of(ReferenceSqlModels.named("dim_customers"))
            .ref("stg_customers", customers)
            .ref("int_customer_orders", rows(Schemas.INT_CUSTOMER_ORDERS))
            .ref("int_order_payments", rows(Schemas.INT_ORDER_PAYMENTS))
            .ref("fct_orders", rows(Schemas.FCT_ORDERS));

    assertRows(run.transform().select("customer_id", "full_name", "email"))
        .byKey("customer_id")
        .hasRows(expected);
  }
}
