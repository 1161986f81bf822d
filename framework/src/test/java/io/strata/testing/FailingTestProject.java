package io.strata.testing;

import static org.apache.spark.sql.functions.col;

import io.strata.model.DataTest;
import io.strata.model.Layer;
import io.strata.model.ModelSpec;

/**
 * {@code raw.events} → {@code staging.stg_events} (view) → {@code marts.fct_amounts} (table), whose
 * data test and the project's singular test fail on any amount of 2 or more.
 */
public final class FailingTestProject extends TestingProject {
  public FailingTestProject() {
    source("raw.events")
        .model(
            ModelSpec.builder(Layer.STAGING, "stg_events").sources("raw.events").build(),
            ctx ->
                ctx.source("raw.events")
                    .select(col("id").as("event_id"), col("amount").cast("bigint").as("amount")))
        .model(
            ModelSpec.builder(Layer.MARTS, "fct_amounts")
                .table()
                .refs("stg_events")
                .test(DataTest.expression("amount_below_2", "amount < 2"))
                .build(),
            ctx -> ctx.ref("stg_events"))
        .singular("assert_amounts_below_2", "SELECT * FROM marts.fct_amounts WHERE amount >= 2");
  }
}
