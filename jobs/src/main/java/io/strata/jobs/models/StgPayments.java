package io.strata.jobs.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_seconds;

import io.strata.model.DataTest;
import io.strata.model.Layer;
import io.strata.model.Model;
import io.strata.model.ModelContext;
import io.strata.model.ModelSpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code staging.stg_payments}: payment webhook events as delivered, typed. */
public final class StgPayments implements Model {
  static final ModelSpec SPEC =
      ModelSpec.builder(Layer.STAGING, "stg_payments")
          .view()
          .sources("raw.payments")
          .description(
              "Payment webhook events as delivered, typed; duplicate deliveries are still here.")
          .column("payment_id", "Payment event identifier (id); repeated by duplicate deliveries.")
          .column("order_id", "Order the payment belongs to.")
          .column("event_type", "charge.succeeded, charge.failed or charge.refunded.")
          .column("amount_cents", "Amount in cents, always positive.")
          .column("created_at", "When the payment event happened, UTC (from epoch seconds).")
          .column("_loaded_at", "When the raw row was landed.")
          .tags("daily", "finance")
          .test(
              DataTest.notNull("payment_id").quarantine(),
              DataTest.acceptedValues(
                  "event_type", "charge.succeeded", "charge.refunded", "charge.failed"))
          .build();

  @Override
  public ModelSpec spec() {
    return SPEC;
  }

  @Override
  public Dataset<Row> transform(ModelContext ctx) {
    return ctx.source("raw.payments")
        .select(
            col("id").as("payment_id"),
            col("orderId").as("order_id"),
            col("type").as("event_type"),
            col("amount").cast("bigint").as("amount_cents"),
            timestamp_seconds(col("created").cast("bigint")).as("created_at"),
            col("_loaded_at"));
  }
}
