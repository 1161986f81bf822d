package io.strata.jobs.models;

import static io.strata.testing.Rows.rows;
import static io.strata.testing.RowsAssert.assertRows;

import io.strata.testing.ModelRun;
import io.strata.testing.Rows;
import io.strata.testing.StrataSpark;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StrataSpark.class)
class StgCustomersTest {
  @Test
  void cleansTheFeedsFieldsAndDropsTestCustomers() {
    ModelRun run =
        ModelRun.of(ReferenceSqlModels.named("stg_customers"))
            .source(
                "raw.customers",
                Rows.json(
                        """
                            {"custId":"c1","fullName":" Ada Lovelace ","email":" Ada@Example.COM",\
                            "country":" de","signupDate":"2026-01-02 ","updatedAt":"2026-03-10T10:00:00+01:00",\
                            "isTest":"False"}""",
                        """
                            {"custId":"c2","fullName":"Test","email":"t@example.com",\
                            "country":"US","signupDate":"2026-01-02","updatedAt":"2026-03-10T10:00:00Z",\
                            "isTest":" true"}""")
                    .loadedAt(Instant.parse("2026-03-11T06:00:00Z")));

    assertRows(run.transform())
        .hasRows(
            rows(Schemas.STG_CUSTOMERS)
                .row(
                    "c1",
                    "Ada Lovelace",
                    "ada@example.com",
                    "DE",
                    "2026-01-02",
                    "2026-03-10 09:00:00",
                    "2026-03-11 06:00:00"));
  }
}
