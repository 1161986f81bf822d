package io.strata.jobs.models;

import static io.strata.testing.Rows.rows;
import static io.strata.testing.RowsAssert.assertRows;

import io.strata.testing.ModelRun;
import io.strata.testing.StrataSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StrataSpark.class)
class IntCustomersHistoryTest {
  @Test
  void aVersionLandedLateTakesItsPlaceAndAReplayAddsNothing() {
    ModelRun run =
        ModelRun.of(new IntCustomersHistory())
            .ref(
                "stg_customers",
                rows(Schemas.STG_CUSTOMERS)
                    .row(
                        "c1",
                        "Ada",
                        "ada@a.example",
                        "DE",
                        "2026-01-02",
                        "2026-03-01 10:00:00",
                        "2026-03-02 06:00:00")
                    .row(
                        "c1",
                        "Ada",
                        "ada@a.example",
                        "FR",
                        "2026-01-02",
                        "2026-03-03 10:00:00",
                        "2026-03-04 06:00:00")
                    // Landed last, dated between the two above.
                    .row(
                        "c1",
                        "Ada",
                        "ada@b.example",
                        "DE",
                        "2026-01-02",
                        "2026-03-02 10:00:00",
                        "2026-03-05 06:00:00")
                    // The first version re-sent.
                    .row(
                        "c1",
                        "Ada",
                        "ada@a.example",
                        "DE",
                        "2026-01-02",
                        "2026-03-01 10:00:00",
                        "2026-03-05 06:00:00"));

    assertRows(run.history())
        .ignoringOtherColumns()
        .hasRows(
            rows("email STRING, country STRING, valid_from TIMESTAMP, valid_to TIMESTAMP,"
                    + " is_current BOOLEAN")
                .row("ada@a.example", "DE", "2026-03-01 10:00:00", "2026-03-02 10:00:00", false)
                .row("ada@b.example", "DE", "2026-03-02 10:00:00", "2026-03-03 10:00:00", false)
                .row("ada@a.example", "FR", "2026-03-03 10:00:00", null, true));
  }
}
