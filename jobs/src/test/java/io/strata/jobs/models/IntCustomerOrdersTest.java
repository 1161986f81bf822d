package io.strata.jobs.models;

import static io.strata.testing.Rows.rows;
import static io.strata.testing.RowsAssert.assertRows;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

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
class IntCustomerOrdersTest {
  private static final String DAY1 = "2026-03-10 06:00:00";
  private static final String DAY2 = "2026-03-11 06:00:00";

  @Test
  void totalsTheLatestVersionOfEachOrderLeavingCancelledOut() {
    ModelRun run =
        ModelRun.of(ReferenceSqlModels.named("int_customer_orders"))
            .ref(
                "stg_orders",
                rows(Schemas.STG_ORDERS)
                    .row("o1", "c1", "placed", 1000, DAY1, "2026-03-10 01:00:00", DAY1)
                    .row("o1", "c1", "shipped", 1200, DAY1, "2026-03-10 05:00:00", DAY2)
                    .row("o2", "c1", "placed", 500, DAY1, "2026-03-10 02:00:00", DAY1)
                    .row("o3", "c2", "placed", 800, DAY1, "2026-03-10 02:00:00", DAY1)
                    .row("o3", "c2", "cancelled", 800, DAY1, "2026-03-10 09:00:00", DAY2));

    assertRows(run.transform())
        .byKey("customer_id")
        .hasRows(rows(Schemas.INT_CUSTOMER_ORDERS).row("c1", 2, 1700));
  }

  /** Versions equal on updated_at and _loaded_at resolve as Dedup.latest resolves them. */
  @Test
  void versionsThatTieResolveAsDedupLatestDoes() {
    InlineRows orders = rows(Schemas.STG_ORDERS);
    for (int i = 0; i < 20; i++) {
      String status = i % 3 == 0 ? "cancelled" : "placed";
      orders =
          orders.row("o" + i % 4, "c" + i % 2, status, 100 * i, DAY1, "2026-03-10 05:00:00", DAY2);
    }
    Dataset<Row> latest =
        Dedup.latest(
            orders.toDataset(StrataSpark.session()),
            List.of("order_id"),
            List.of("updated_at", "_loaded_at"));
    Dataset<Row> expected =
        latest
            .where("status <> 'cancelled'")
            .groupBy("customer_id")
            .agg(count(lit(1)).as("order_count"), sum("amount_cents").as("lifetime_value_cents"));

    ModelRun run =
        ModelRun.of(ReferenceSqlModels.named("int_customer_orders")).ref("stg_orders", orders);

    assertThat(expected.count()).isPositive();
    assertRows(run.transform()).byKey("customer_id").hasRows(expected);
  }
}
