package io.strata.jobs.models;

import static io.strata.testing.Rows.rows;
import static io.strata.testing.RowsAssert.assertRows;

import io.strata.testing.ModelRun;
import io.strata.testing.StrataSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StrataSpark.class)
class StgPaymentsTest {
  @Test
  void typesWebhookEventsAndKeepsDuplicateDeliveries() {
    String raw =
        "id STRING, orderId STRING, type STRING, amount BIGINT, created BIGINT,"
            + " _loaded_at TIMESTAMP";
    ModelRun run =
        ModelRun.of(new StgPayments())
            .source(
                "raw.payments",
                rows(raw)
                    .row("p1", "o1", "charge.succeeded", 1250, 1773136800L, "2026-03-11 06:00:00")
                    .row("p1", "o1", "charge.succeeded", 1250, 1773136800L, "2026-03-12 06:00:00"));

    assertRows(run.transform())
        .hasRows(
            rows(Schemas.STG_PAYMENTS)
                .row(
                    "p1",
                    "o1",
                    "charge.succeeded",
                    1250,
                    "2026-03-10 10:00:00",
                    "2026-03-11 06:00:00")
                .row(
                    "p1",
                    "o1",
                    "charge.succeeded",
                    1250,
                    "2026-03-10 10:00:00",
                    "2026-03-12 06:00:00"));
  }
}
