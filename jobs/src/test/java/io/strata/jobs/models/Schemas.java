package io.strata.jobs.models;

/** The columns of the reference models' outputs, as Spark DDL, for their tests' rows. */
final class Schemas {
  static final String RAW_ORDERS =
      "orderId STRING, custId STRING, orderStatus STRING, amount STRING, createdAt STRING,"
          + " updatedAt STRING, isTest STRING, _loaded_at TIMESTAMP";

  static final String STG_ORDERS =
      "order_id STRING, customer_id STRING, status STRING, amount_cents BIGINT,"
          + " created_at TIMESTAMP, updated_at TIMESTAMP, _loaded_at TIMESTAMP";

  static final String STG_CUSTOMERS =
      "customer_id STRING, full_name STRING, email STRING, country STRING, signup_date DATE,"
          + " updated_at TIMESTAMP, _loaded_at TIMESTAMP";

  static final String STG_PAYMENTS =
      "payment_id STRING, order_id STRING, event_type STRING, amount_cents BIGINT,"
          + " created_at TIMESTAMP, _loaded_at TIMESTAMP";

  static final String FCT_ORDERS =
      "order_id STRING, customer_id STRING, status STRING, amount_cents BIGINT,"
          + " created_at TIMESTAMP, updated_at TIMESTAMP, order_date DATE, _loaded_at TIMESTAMP";

  static final String INT_CUSTOMER_ORDERS =
      "customer_id STRING, order_count BIGINT, lifetime_value_cents BIGINT";

  static final String INT_ORDER_PAYMENTS =
      "order_id STRING, net_paid_cents BIGINT, payment_count BIGINT, last_payment_at TIMESTAMP";

  private Schemas() {}
}
