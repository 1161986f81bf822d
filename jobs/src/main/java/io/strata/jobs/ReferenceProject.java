package io.strata.jobs;

import io.strata.jobs.models.FctOrders;
import io.strata.jobs.models.IntCustomersHistory;
import io.strata.jobs.models.IntOrderPayments;
import io.strata.jobs.models.StgOrders;
import io.strata.jobs.models.StgPayments;
import io.strata.model.Model;
import io.strata.model.Project;
import io.strata.model.SingularTest;
import io.strata.model.SourceSpec;
import java.time.Duration;
import java.util.List;

/**
 * The reference pipeline: orders, customers and payments from raw feeds to {@code marts.fct_orders}
 * and {@code marts.dim_customers}.
 *
 * <p>Five models are Java classes; {@code stg_customers}, {@code int_customer_orders} and {@code
 * dim_customers} are SQL files under {@code models/<layer>/} in this jar's resources, which the
 * loader adds beside them ({@link io.strata.model.SqlModels}).
 */
public final class ReferenceProject implements Project {
  /** The feeds land daily: a day and a half late warns, three days late stops the build. */
  static final Duration DAILY_WARN = Duration.ofHours(36);

  static final Duration DAILY_ERROR = Duration.ofDays(3);

  @Override
  public String name() {
    return "reference";
  }

  @Override
  public List<SourceSpec> sources() {
    return List.of(
        SourceSpec.of("raw.orders", "Order versions from the shop, one JSON line per change.")
            .freshness(DAILY_WARN, DAILY_ERROR)
            .requiredColumn("orderId", "string")
            .column("custId", "string")
            .column("orderStatus", "string")
            .column("amount", "decimal(18,2)")
            .column("createdAt", "timestamp")
            .requiredColumn("updatedAt", "timestamp")
            .column("isTest", "boolean"),
        SourceSpec.of("raw.customers", "Customer versions from the CRM, one JSON line each.")
            .freshness(DAILY_WARN, DAILY_ERROR)
            .requiredColumn("custId", "string")
            .column("fullName", "string")
            .column("email", "string")
            .column("country", "string")
            .column("signupDate", "date")
            .requiredColumn("updatedAt", "timestamp")
            .column("isTest", "boolean"),
        SourceSpec.of("raw.payments", "Payment provider webhook events; deliveries may repeat.")
            .freshness(DAILY_WARN, DAILY_ERROR)
            .requiredColumn("id", "string")
            .column("orderId", "string")
            .column("type", "string")
            .column("amount", "bigint")
            .column("created", "bigint"));
  }

  @Override
  public List<Model> models() {
    return List.of(
        new StgOrders(),
        new StgPayments(),
        new IntOrderPayments(),
        new IntCustomersHistory(),
        new FctOrders());
  }

  @Override
  public List<SingularTest> singularTests() {
    return List.of(SingularTest.fromResource("tests/assert_no_negative_amounts.sql"));
  }
}
