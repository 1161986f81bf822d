package io.strata.jobs.models;

import static io.strata.testing.Rows.rows;
import static io.strata.testing.RowsAssert.assertRows;

import io.strata.testing.ModelRun;
import io.strata.testing.StrataSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StrataSpark.class)
class IntOrderPaymentsTest {
  @Test
  void countsEachEventOnceAndSubtractsRefunds() {
    ModelRun run =
        ModelRun.of(new IntOrderPayments())
            .ref(
                "stg_payments",
                rows(Schemas.STG_PAYMENTS)
                    .row(
                        "p1",
                        "o1",
                        "charge.succeeded",
                        1000,
                        "2026-03-10 10:00:00",
                        "2026-03-11 06:00:00")
                    .row(
                        "p1",
                        "o1",
                        "charge.succeeded",
                        1000,
                        "2026-03-10 10:00:00",
                        "2026-03-12 06:00:00")
                    .row(
                        "p2",
                        "o1",
                        "charge.refunded",
                        300,
                        "2026-03-11 10:00:00",
                        "2026-03-12 06:00:00")
                    .row(
                        "p3",
                        "o1",
                        "charge.failed",
                        999,
                        "2026-03-09 10:00:00",
                        "2026-03-11 06:00:00")
                    .row(
                        "p4",
                        "o2",
                        "charge.failed",
                        500,
                        "2026-03-10 12:00:00",
                        "2026-03-11 06:00:00"));

    assertRows(run.transform())
        .byKey("order_id")
        .hasRows(
            rows(Schemas.INT_ORDER_PAYMENTS)
                .row("o1", 700, 3, "2026-03-11 10:00:00")
                .row("o2", 0, 1, "2026-03-10 12:00:00"));
  }
}
