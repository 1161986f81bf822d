package io.strata.jobs.models;

import io.strata.model.Layer;
import io.strata.model.Model;
import io.strata.model.ModelContext;
import io.strata.model.ModelSpec;
import io.strata.model.SnapshotSpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code intermediate.int_customers_history}: every version of every customer profile, with the
 * interval it was valid in (slowly changing dimension, type 2).
 *
 * <p>Dated by {@code updated_at}: a version that lands late takes its place in history and does not
 * become current; a version re-sent changes nothing.
 */
public final class IntCustomersHistory implements Model {
  static final ModelSpec SPEC =
      ModelSpec.builder(Layer.INTERMEDIATE, "int_customers_history")
          .snapshot(SnapshotSpec.uniqueKey("customer_id").timestamp("updated_at").build())
          .refs("stg_customers")
          .description("Every version of every customer profile, with when it was valid.")
          .column("customer_id", "Customer identifier.")
          .column("full_name", "Full name in this version.")
          .column("email", "E-mail address in this version.")
          .column("country", "Country code in this version.")
          .column("signup_date", "Date the customer signed up.")
          .column("updated_at", "When this version was produced, UTC.")
          .column("_loaded_at", "When this version was landed.")
          .column("valid_from", "When this version became valid: its updated_at.")
          .column("valid_to", "When the next version replaced it; null while current.")
          .column("is_current", "Whether this is the customer's current version.")
          .tags("daily", "customers")
          .build();

  @Override
  public ModelSpec spec() {
    return SPEC;
  }

  @Override
  public Dataset<Row> transform(ModelContext ctx) {
    return ctx.ref("stg_customers");
  }
}
