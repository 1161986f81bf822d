package io.strata.jobs.models;

import io.strata.model.Layer;
import io.strata.model.Model;
import io.strata.model.ModelContext;
import io.strata.model.ModelSpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code staging.stg_customers}: customer versions, typed and cleaned; test customers removed. */
public final class StgCustomers implements Model {
  static final ModelSpec SPEC =
      ModelSpec.builder(Layer.STAGING, "stg_customers")
          .view()
          .sources("raw.customers")
          .description(
              "Every landed version of every customer, typed and cleaned; test customers removed.")
          .column("customer_id", "Customer identifier (custId).")
          .column("full_name", "Full name, trimmed.")
          .column("email", "E-mail address, trimmed, lower case.")
          .column("country", "Country code, trimmed, upper case.")
          .column("signup_date", "Date the customer signed up.")
          .column("updated_at", "When this version of the customer was produced, UTC.")
          .column("_loaded_at", "When the raw row was landed.")
          .tags("daily", "customers")
          .build();

  @Override
  public ModelSpec spec() {
    return SPEC;
  }

  @Override
  public Dataset<Row> transform(ModelContext ctx) {
    return ctx.sql(
        """
        SELECT custId                                 AS customer_id,
               trim(fullName)                         AS full_name,
               lower(trim(email))                     AS email,
               upper(trim(country))                   AS country,
               to_date(trim(signupDate), 'yyyy-MM-dd') AS signup_date,
               to_timestamp(trim(updatedAt))          AS updated_at,
               _loaded_at
        FROM raw.customers
        WHERE lower(trim(coalesce(isTest, ''))) <> 'true'
        """);
  }
}
