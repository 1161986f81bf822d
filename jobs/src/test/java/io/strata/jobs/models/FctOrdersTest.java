package io.strata.jobs.models;

import static io.strata.testing.Rows.rows;
import static io.strata.testing.RowsAssert.assertRows;

import io.strata.testing.InlineRows;
import io.strata.testing.MergeResult;
import io.strata.testing.ModelRun;
import io.strata.testing.StrataSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StrataSpark.class)
class FctOrdersTest {
  private static final String CREATED = "2026-03-09 23:30:00";
  private static final String DAY1 = "2026-03-10 06:00:00";
  private static final String DAY2 = "2026-03-11 06:00:00";

  /** The table before the batch: o1 and o2 as landed on day 1. */
  private static final InlineRows TABLE =
      rows(Schemas.FCT_ORDERS)
          .row("o1", "c1", "placed", 1000, CREATED, "2026-03-10 01:00:00", "2026-03-09", DAY1)
          .row("o2", "c2", "shipped", 500, CREATED, "2026-03-10 04:00:00", "2026-03-09", DAY1);

  @Test
  void aBatchMergesTheNewestVersionOfEachOrderNewerThanTheTables() {
    ModelRun batch =
        ModelRun.of(new FctOrders())
            .ref(
                "stg_orders",
                rows(Schemas.STG_ORDERS)
                    // o1: two new versions, the later one lands.
                    .row("o1", "c1", "shipped", 1000, CREATED, "2026-03-10 08:00:00", DAY2)
                    .row("o1", "c1", "delivered", 1000, CREATED, "2026-03-10 09:00:00", DAY2)
                    // o2: a late, older version: the table's stays.
                    .row("o2", "c2", "placed", 500, CREATED, "2026-03-10 02:00:00", DAY2)
                    // o3: new.
                    .row(
                        "o3",
                        "c1",
                        "placed",
                        250,
                        "2026-03-11 00:10:00",
                        "2026-03-11 00:10:00",
                        DAY2)
                    // No order id: quarantined, never merged.
                    .row(null, "c1", "placed", 1, CREATED, "2026-03-10 09:00:00", DAY2));

    MergeResult merge = batch.mergeInto(TABLE);

    assertRows(merge.landing())
        .byKey("order_id")
        .ignoringOtherColumns()
        .hasRows(
            rows("order_id STRING, status STRING, order_date DATE")
                .row("o1", "delivered", "2026-03-09")
                .row("o3", "placed", "2026-03-11"));
    assertRows(merge.table())
        .byKey("order_id")
        .hasRows(
            rows(Schemas.FCT_ORDERS)
                .row(
                    "o1",
                    "c1",
                    "delivered",
                    1000,
                    CREATED,
                    "2026-03-10 09:00:00",
                    "2026-03-09",
                    DAY2)
                .row("o2", "c2", "shipped", 500, CREATED, "2026-03-10 04:00:00", "2026-03-09", DAY1)
                .row(
                    "o3",
                    "c1",
                    "placed",
                    250,
                    "2026-03-11 00:10:00",
                    "2026-03-11 00:10:00",
                    "2026-03-11",
                    DAY2));
    assertRows(merge.quarantined())
        .ignoringOtherColumns()
        .hasRows(rows("order_id STRING, customer_id STRING").row(null, "c1"));
  }
}
