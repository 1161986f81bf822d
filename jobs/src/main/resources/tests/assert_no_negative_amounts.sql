-- No mart holds a negative amount: each row returned is a failure.
SELECT 'marts.fct_orders' AS mart, order_id AS id, amount_cents AS amount
FROM marts.fct_orders
WHERE amount_cents < 0
UNION ALL
SELECT 'marts.dim_customers', customer_id, lifetime_value_cents
FROM marts.dim_customers
WHERE lifetime_value_cents < 0
