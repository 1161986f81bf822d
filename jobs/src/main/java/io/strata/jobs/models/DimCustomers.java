package io.strata.jobs.models;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.strata.model.DataTest;
import io.strata.model.Dedup;
import io.strata.model.Layer;
import io.strata.model.Model;
import io.strata.model.ModelContext;
import io.strata.model.ModelSpec;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code marts.dim_customers}: each customer as last known, with order and payment totals. */
public final class DimCustomers implements Model {
  static final ModelSpec SPEC =
      ModelSpec.builder(Layer.MARTS, "dim_customers")
          .table()
          .refs("stg_customers", "int_customer_orders", "int_order_payments", "fct_orders")
          .description(
              "One row per customer, latest version, with order totals and the net amount paid.")
          .column("customer_id", "Customer identifier; unique.")
          .column("full_name", "Full name.")
          .column("email", "E-mail address, lower case.")
          .column("country", "Country code, upper case.")
          .column("signup_date", "Date the customer signed up.")
          .column("order_count", "Orders not cancelled; 0 when none.")
          .column("lifetime_value_cents", "Amount of orders not cancelled, in cents; 0 when none.")
          .column(
              "total_paid_cents",
              "Net amount paid over all the customer's orders (refunds subtracted); 0 when none.")
          .tags("daily", "customers", "finance")
          .test(
              DataTest.unique("customer_id"),
              DataTest.notNull("customer_id"),
              DataTest.expression(
                  "amounts_not_negative", "lifetime_value_cents >= 0 AND order_count >= 0"))
          .build();

  @Override
  public ModelSpec spec() {
    return SPEC;
  }

  @Override
  public Dataset<Row> transform(ModelContext ctx) {
    Dataset<Row> customers =
        Dedup.latest(
            ctx.ref("stg_customers"), List.of("customer_id"), List.of("updated_at", "_loaded_at"));
    Dataset<Row> orders = ctx.ref("int_customer_orders");
    Dataset<Row> paid =
        ctx.sql(
            """
            SELECT o.customer_id, sum(p.net_paid_cents) AS total_paid_cents
            FROM marts.fct_orders o
            JOIN intermediate.int_order_payments p ON o.order_id = p.order_id
            GROUP BY o.customer_id
            """);
    return customers
        .join(orders, "customer_id", "left")
        .join(paid, "customer_id", "left")
        .select(
            col("customer_id"),
            col("full_name"),
            col("email"),
            col("country"),
            col("signup_date"),
            coalesce(col("order_count"), lit(0L)).as("order_count"),
            coalesce(col("lifetime_value_cents"), lit(0L)).as("lifetime_value_cents"),
            coalesce(col("total_paid_cents"), lit(0L)).as("total_paid_cents"));
  }
}
