package io.strata.testing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import io.strata.model.Layer;
import io.strata.model.ModelSpec;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code raw.events} → {@code staging.stg_events} (view) → {@code marts.fct_cursed} (a function on
 * the executors throws for amount 2) → {@code marts.fct_after_cursed}; {@code marts.fct_no_code}
 * (its transform throws on the driver); {@code marts.fct_amounts}, independent of both.
 */
public final class ThrowingProject extends TestingProject {
  private static final UDF1<Long, Long> CURSED =
      amount -> {
        if (amount == 2) {
          throw new IllegalArgumentException("amount " + amount + " is cursed");
        }
        return amount;
      };

  public ThrowingProject() {
    source("raw.events")
        .model(
            ModelSpec.builder(Layer.STAGING, "stg_events").sources("raw.events").build(),
            ctx ->
                ctx.source("raw.events")
                    .select(col("id").as("event_id"), col("amount").cast("bigint").as("amount")))
        .model(
            ModelSpec.builder(Layer.MARTS, "fct_cursed").table().refs("stg_events").build(),
            ctx ->
                ctx.ref("stg_events")
                    .select(
                        col("event_id"),
                        udf(CURSED, DataTypes.LongType).apply(col("amount")).as("amount")))
        .model(
            ModelSpec.builder(Layer.MARTS, "fct_after_cursed").table().refs("fct_cursed").build(),
            ctx -> ctx.ref("fct_cursed"))
        .model(
            ModelSpec.builder(Layer.MARTS, "fct_no_code").table().refs("stg_events").build(),
            ctx -> {
              throw new UnsupportedOperationException("fct_no_code is not written yet");
            })
        .model(
            ModelSpec.builder(Layer.MARTS, "fct_amounts").table().refs("stg_events").build(),
            ctx -> ctx.ref("stg_events").where("amount > 0"));
  }
}
