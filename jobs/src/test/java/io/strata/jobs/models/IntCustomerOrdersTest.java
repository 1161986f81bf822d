package io.strata.jobs.models;

import static io.strata.testing.Rows.rows;
import static io.strata.testing.RowsAssert.assertRows;

import io.strata.testing.ModelRun;
import io.strata.testing.StrataSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StrataSpark.class)
class IntCustomerOrdersTest {
  private static final String DAY1 = "2026-03-10 06:00:00";
  private static final String DAY2 = "2026-03-11 06:00:00";

  @Test
  void totalsTheLatestVersionOfEachOrderLeavingCancelledOut() {
    ModelRun run =
        ModelRun.of(new IntCustomerOrders())
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
}
