package io.strata.jobs.models;

import io.strata.model.DataTest;
import io.strata.model.IncrementalSpec;
import io.strata.model.Layer;
import io.strata.model.Model;
import io.strata.model.ModelContext;
import io.strata.model.ModelSpec;
import java.time.Duration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code marts.fct_orders}: the latest version of every order, merged incrementally.
 *
 * <p>The model only selects; the engine keeps the newest version per order (by {@code updated_at},
 * then {@code _loaded_at}) and merges it into the table.
 *
 * <p>No lookback: each order's row depends on that order's versions only, and the engine reads
 * every landed version exactly once (by raw table version), however late it arrives. A lookback
 * re-reads recent landings on every build; it is for models whose rows depend on other rows (joins
 * with late-arriving dimensions, windows such as sessions).
 */
public final class FctOrders implements Model {
  static final ModelSpec SPEC =
      ModelSpec.builder(Layer.MARTS, "fct_orders")
          .incremental(
              IncrementalSpec.uniqueKey("order_id")
                  .orderBy("updated_at")
                  .lookback(Duration.ZERO)
                  .build())
          .refs("stg_orders")
          .partitionBy("order_date")
          .description("One row per order: its latest version. Partitioned by order date.")
          .column("order_id", "Order identifier; unique.")
          .column("customer_id", "Customer who placed the order.")
          .column("status", "Latest status: placed, shipped, delivered or cancelled.")
          .column("amount_cents", "Order amount in cents, as last corrected.")
          .column("created_at", "When the order was placed, UTC.")
          .column("updated_at", "When the latest version was produced, UTC.")
          .column("order_date", "UTC date the order was placed; the partition column.")
          .column("_loaded_at", "When the latest version was landed.")
          .tags("daily", "orders", "finance")
          .test(
              DataTest.unique("order_id"),
              DataTest.notNull("order_id"),
              DataTest.notNull("updated_at"),
              DataTest.acceptedValues("status", "placed", "shipped", "delivered", "cancelled"),
              DataTest.expression("amount_not_negative", "amount_cents >= 0"),
              // Customers may land after their orders: a warning, not a failure.
              DataTest.relationship("customer_id", "dim_customers", "customer_id").warn())
          .build();

  @Override
  public ModelSpec spec() {
    return SPEC;
  }

  @Override
  public Dataset<Row> transform(ModelContext ctx) {
    return ctx.sql(
        """
        SELECT order_id, customer_id, status, amount_cents, created_at, updated_at,
               to_date(created_at) AS order_date, _loaded_at
        FROM staging.stg_orders
        """);
  }
}
