package io.strata.jobs.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.strata.model.DataTest;
import io.strata.model.Dedup;
import io.strata.model.Layer;
import io.strata.model.Model;
import io.strata.model.ModelContext;
import io.strata.model.ModelSpec;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code intermediate.int_customer_orders}: order totals per customer, cancellations left out. */
public final class IntCustomerOrders implements Model {
  static final ModelSpec SPEC =
      ModelSpec.builder(Layer.INTERMEDIATE, "int_customer_orders")
          .table()
          .refs("stg_orders")
          .description(
              "Per customer, over the latest version of each order that is not cancelled: how"
                  + " many orders and their total amount.")
          .column("customer_id", "Customer identifier.")
          .column("order_count", "Number of orders whose latest status is not cancelled.")
          .column("lifetime_value_cents", "Total amount of those orders, in cents.")
          .tags("daily", "customers")
          .test(DataTest.unique("customer_id"), DataTest.notNull("customer_id"))
          .build();

  @Override
  public ModelSpec spec() {
    return SPEC;
  }

  @Override
  public Dataset<Row> transform(ModelContext ctx) {
    Dataset<Row> latest =
        Dedup.latest(
            ctx.ref("stg_orders"), List.of("order_id"), List.of("updated_at", "_loaded_at"));
    return latest
        .where(col("status").notEqual("cancelled"))
        .groupBy(col("customer_id"))
        .agg(count(lit(1)).as("order_count"), sum(col("amount_cents")).as("lifetime_value_cents"));
  }
}
