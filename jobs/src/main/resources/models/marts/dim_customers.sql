/* strata {
  materialized = table
  description = "One row per customer, latest version, with order totals and the net amount paid."
  columns {
    customer_id = "Customer identifier; unique."
    full_name = "Full name."
    email = "E-mail address, lower case."
    country = "Country code, upper case."
    signup_date = "Date the customer signed up."
    order_count = "Orders not cancelled; 0 when none."
    lifetime_value_cents = "Amount of orders not cancelled, in cents; 0 when none."
    total_paid_cents = "Net amount paid over all the customer's orders (refunds subtracted); 0 when none."
  }
  tags = [daily, customers, finance]
  tests = [
    { unique = customer_id }
    { not_null = customer_id }
    { expression { name = amounts_not_negative, predicate = "lifetime_value_cents >= 0 AND order_count >= 0" } }
  ]
} */
-- Each customer's latest version: the newest updated_at, then the newest _loaded_at, then the
-- greatest hash of the whole row (every column of stg_customers, in its order): the total order of
-- io.strata.model.Dedup.latest, so that versions that tie resolve as they do everywhere else.
WITH customers AS (
  SELECT *
  FROM (
    SELECT *,
           row_number() OVER (
             PARTITION BY customer_id
             ORDER BY updated_at DESC NULLS LAST,
                      _loaded_at DESC NULLS LAST,
                      xxhash64(customer_id, full_name, email, country, signup_date, updated_at,
                               _loaded_at) DESC
           ) AS version_rank
    FROM staging.stg_customers
  ) ranked
  WHERE version_rank = 1
),
paid AS (
  SELECT o.customer_id, sum(p.net_paid_cents) AS total_paid_cents
  FROM marts.fct_orders o
  JOIN intermediate.int_order_payments p ON o.order_id = p.order_id
  GROUP BY o.customer_id
)
SELECT c.customer_id,
       c.full_name,
       c.email,
       c.country,
       c.signup_date,
       coalesce(o.order_count, 0L)          AS order_count,
       coalesce(o.lifetime_value_cents, 0L) AS lifetime_value_cents,
       coalesce(paid.total_paid_cents, 0L)  AS total_paid_cents
FROM customers c
LEFT JOIN intermediate.int_customer_orders o ON c.customer_id = o.customer_id
LEFT JOIN paid ON c.customer_id = paid.customer_id
