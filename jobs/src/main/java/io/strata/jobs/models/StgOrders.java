package io.strata.jobs.models;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.trim;

import io.strata.model.DataTest;
import io.strata.model.Layer;
import io.strata.model.Model;
import io.strata.model.ModelContext;
import io.strata.model.ModelSpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code staging.stg_orders}: order versions as landed, typed and cleaned; test orders removed. */
public final class StgOrders implements Model {
  static final ModelSpec SPEC =
      ModelSpec.builder(Layer.STAGING, "stg_orders")
          .view()
          .sources("raw.orders")
          .description(
              "Every landed version of every order, typed and cleaned; test orders removed.")
          .column("order_id", "Order identifier (orderId).")
          .column("customer_id", "Customer who placed the order (custId).")
          .column("status", "placed, shipped, delivered or cancelled: trimmed, lower case.")
          .column("amount_cents", "Order amount in cents, exact (amount as decimal times 100).")
          .column("created_at", "When the order was placed, UTC.")
          .column("updated_at", "When this version of the order was produced, UTC.")
          .column("_loaded_at", "When the raw row was landed.")
          .tags("daily", "orders")
          // Staging holds every version as landed, so a bad one stays visible here after it is
          // corrected: warn here, and let the mart, which holds only latest versions, fail. A
          // version with no order id can never be corrected (raw is append-only): quarantined.
          .test(
              DataTest.notNull("order_id").quarantine(),
              DataTest.acceptedValues("status", "placed", "shipped", "delivered", "cancelled")
                  .warn())
          .build();

  @Override
  public ModelSpec spec() {
    return SPEC;
  }

  @Override
  public Dataset<Row> transform(ModelContext ctx) {
    return ctx.source("raw.orders")
        .where(lower(trim(coalesce(col("isTest"), lit("")))).notEqual("true"))
        .select(
            col("orderId").as("order_id"),
            col("custId").as("customer_id"),
            lower(trim(col("orderStatus"))).as("status"),
            trim(col("amount"))
                .cast("decimal(18,2)")
                .multiply(lit(100))
                .cast("bigint")
                .as("amount_cents"),
            to_timestamp(trim(col("createdAt"))).as("created_at"),
            to_timestamp(trim(col("updatedAt"))).as("updated_at"),
            col("_loaded_at"));
  }
}
