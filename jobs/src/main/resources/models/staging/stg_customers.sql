/* strata {
  materialized = view
  description = "Every landed version of every customer, typed and cleaned; test customers removed."
  columns {
    customer_id = "Customer identifier (custId)."
    full_name = "Full name, trimmed."
    email = "E-mail address, trimmed, lower case."
    country = "Country code, trimmed, upper case."
    signup_date = "Date the customer signed up."
    updated_at = "When this version of the customer was produced, UTC."
    _loaded_at = "When the raw row was landed."
  }
  tags = [daily, customers]
} */
SELECT custId                                  AS customer_id,
       trim(fullName)                          AS full_name,
       lower(trim(email))                      AS email,
       upper(trim(country))                    AS country,
       to_date(trim(signupDate), 'yyyy-MM-dd') AS signup_date,
       to_timestamp(trim(updatedAt))           AS updated_at,
       _loaded_at
FROM raw.customers
WHERE lower(trim(coalesce(isTest, ''))) <> 'true'
