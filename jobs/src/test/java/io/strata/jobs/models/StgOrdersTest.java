package io.strata.jobs.models;

import static io.strata.testing.Rows.rows;
import static io.strata.testing.RowsAssert.assertRows;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.testing.ModelRun;
import io.strata.testing.StrataSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StrataSpark.class)
class StgOrdersTest {
  private static final String LANDED = "2026-03-11 06:00:00";

  @Test
  void dropsTestOrdersTrimsAndCountsCents() {
    ModelRun run =
        ModelRun.of(new StgOrders())
            .source(
                "raw.orders",
                rows(Schemas.RAW_ORDERS)
                    .row(
                        "o1",
                        "c1",
                        " Shipped ",
                        " 12.5 ",
                        "2026-03-10T10:00:00+02:00",
                        "2026-03-10T12:00:00Z",
                        "false",
                        LANDED)
                    .row(
                        "o2",
                        "c1",
                        "placed",
                        "7",
                        "2026-03-10T11:00:00Z",
                        "2026-03-10T11:00:00Z",
                        null,
                        LANDED)
                    .row(
                        "t1",
                        "c9",
                        "placed",
                        "1.00",
                        "2026-03-10T11:00:00Z",
                        "2026-03-10T11:00:00Z",
                        " TRUE",
                        LANDED));

    assertRows(run.transform())
        .byKey("order_id")
        .hasRows(
            rows(Schemas.STG_ORDERS)
                .row(
                    "o1",
                    "c1",
                    "shipped",
                    1250L,
                    "2026-03-10 08:00:00",
                    "2026-03-10 12:00:00",
                    LANDED)
                .row(
                    "o2",
                    "c1",
                    "placed",
                    700L,
                    "2026-03-10 11:00:00",
                    "2026-03-10 11:00:00",
                    LANDED));
  }

  @Test
  void aVersionWithoutOrderIdIsQuarantined() {
    ModelRun run =
        ModelRun.of(new StgOrders())
            .source(
                "raw.orders",
                rows(Schemas.RAW_ORDERS)
                    .row("o1", "c1", "placed", "1", null, null, null, LANDED)
                    .row(null, "c1", "placed", "2", null, null, null, LANDED));

    assertRows(run.kept()).ignoringOtherColumns().hasRows(rows("order_id STRING").row("o1"));
  }

  @Test
  void rawRowsWithoutAColumnItReadsFailNamingColumnAndSource() {
    ModelRun run =
        ModelRun.of(new StgOrders())
            .source("raw.orders", rows("orderId STRING, amount STRING").row("o1", "1"));

    assertThatThrownBy(run::transform)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("model stg_orders reads column isTest")
        .hasMessageContaining("the rows given for source raw.orders do not have it");
  }
}
