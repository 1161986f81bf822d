package io.strata.jobs.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.strata.model.DataTest;
import io.strata.model.Dedup;
import io.strata.model.Layer;
import io.strata.model.Model;
import io.strata.model.ModelContext;
import io.strata.model.ModelSpec;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code intermediate.int_order_payments}: net amount paid per order, one event counted once. */
public final class IntOrderPayments implements Model {
  static final ModelSpec SPEC =
      ModelSpec.builder(Layer.INTERMEDIATE, "int_order_payments")
          .table()
          .refs("stg_payments")
          .description(
              "Payments per order: each payment event counted once however often it was"
                  + " delivered; succeeded charges minus refunds.")
          .column("order_id", "Order the payments belong to.")
          .column(
              "net_paid_cents",
              "Sum of charge.succeeded minus charge.refunded amounts; failed charges count 0.")
          .column("payment_count", "Number of distinct payment events (any type).")
          .column("last_payment_at", "Time of the latest payment event, UTC.")
          .tags("daily", "finance")
          .test(DataTest.unique("order_id"), DataTest.notNull("order_id"))
          .build();

  @Override
  public ModelSpec spec() {
    return SPEC;
  }

  @Override
  public Dataset<Row> transform(ModelContext ctx) {
    Dataset<Row> events =
        Dedup.latest(ctx.ref("stg_payments"), List.of("payment_id"), List.of("_loaded_at"));
    return events
        .groupBy(col("order_id"))
        .agg(
            sum(when(col("event_type").equalTo("charge.succeeded"), col("amount_cents"))
                    .when(col("event_type").equalTo("charge.refunded"), negate(col("amount_cents")))
                    .otherwise(lit(0L)))
                .as("net_paid_cents"),
            count(lit(1)).as("payment_count"),
            max(col("created_at")).as("last_payment_at"));
  }
}
