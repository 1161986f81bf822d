/* strata {
  materialized = table
  description = "Per customer, over the latest version of each order that is not cancelled: how many orders and their total amount."
  columns {
    customer_id = "Customer identifier."
    order_count = "Number of orders whose latest status is not cancelled."
    lifetime_value_cents = "Total amount of those orders, in cents."
  }
  tags = [daily, customers]
  tests = [
    { unique = customer_id }
    { not_null = customer_id }
  ]
} */
-- The latest version of each order: the newest updated_at, then the newest _loaded_at, then the
-- greatest hash of the whole row (every column of stg_orders, in its order): the total order of
-- io.strata.model.Dedup.latest, so that versions that tie resolve as they do everywhere else.
WITH latest AS (
  SELECT *
  FROM (
    SELECT *,
           row_number() OVER (
             PARTITION BY order_id
             ORDER BY updated_at DESC NULLS LAST,
                      _loaded_at DESC NULLS LAST,
                      xxhash64(order_id, customer_id, status, amount_cents, created_at, updated_at,
                               _loaded_at) DESC
           ) AS version_rank
    FROM staging.stg_orders
  ) ranked
  WHERE version_rank = 1
)
SELECT customer_id,
       count(1)          AS order_count,
       sum(amount_cents) AS lifetime_value_cents
FROM latest
WHERE status <> 'cancelled'
GROUP BY customer_id
