-- Billing: products, subscriptions, orders and invoices, the canonical read-only queries.
-- (The storage layer does not write these yet; the seeder fills them.)

-- name: active_products
-- The catalogue as offered: active products by SKU.
-- The entity is the flag: heavy is the larger side (the catalogue as offered),
-- typical the lower median of two, the other side.
-- sample: WITH weights AS (SELECT active, count(*) AS rows FROM products GROUP BY active) (SELECT active, rows FROM weights ORDER BY rows DESC, active LIMIT 1) UNION ALL (SELECT active, rows FROM weights ORDER BY rows, active OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, sku, name, price_cents, currency, active
FROM products
WHERE active = %(active)s
ORDER BY sku;

-- name: subscriptions_for_account
-- An account's subscriptions with their products, live ones first
-- (subscriptions_account_id_id_key leads with account_id).
-- sample: WITH weights AS (SELECT account_id, count(*) AS rows FROM subscriptions GROUP BY account_id) (SELECT account_id, rows FROM weights ORDER BY rows DESC, account_id LIMIT 1) UNION ALL (SELECT account_id, rows FROM weights ORDER BY rows, account_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT s.id, s.account_id, s.product_id, p.sku, p.name AS product_name, s.status,
       s.started_at, s.ended_at
FROM subscriptions s
JOIN products p ON p.id = s.product_id
WHERE s.account_id = %(account_id)s
ORDER BY s.status = 'canceled', s.started_at DESC, s.id DESC;

-- name: orders_first_page
-- An account's newest orders: orders_account_created_idx (account_id, created_at DESC, id DESC).
-- sample: WITH weights AS (SELECT account_id, count(*) AS rows FROM orders GROUP BY account_id) (SELECT account_id, 25 AS page_size, rows FROM weights ORDER BY rows DESC, account_id LIMIT 1) UNION ALL (SELECT account_id, 25 AS page_size, rows FROM weights ORDER BY rows, account_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, account_id, product_id, subscription_id, quantity, total_cents, currency, status,
       created_at
FROM orders
WHERE account_id = %(account_id)s
ORDER BY created_at DESC, id DESC
LIMIT %(page_size)s;

-- name: invoices_for_account
-- An account's invoices, newest period first (invoices_subscription_period_key
-- leads with account_id).
-- sample: WITH weights AS (SELECT account_id, count(*) AS rows FROM invoices GROUP BY account_id) (SELECT account_id, rows FROM weights ORDER BY rows DESC, account_id LIMIT 1) UNION ALL (SELECT account_id, rows FROM weights ORDER BY rows, account_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, account_id, subscription_id, period_start, period_end, amount_cents, currency,
       status, due_at, paid_at
FROM invoices
WHERE account_id = %(account_id)s
ORDER BY period_start DESC, id DESC;

-- name: open_invoices_due
-- The dunning job: open invoices due before a moment, most overdue first,
-- from the partial index invoices_open_due_idx (due_at) WHERE status = 'open'.
-- The entity is the moment the job runs: just after each due date of an open
-- invoice, reading the open invoices due by then. Heavy is after the last one (the
-- whole backlog), typical the median moment; both take the job's page of 100.
-- sample: WITH weights AS (SELECT due_at + interval '1 second' AS due_before, sum(count(*)) OVER (ORDER BY due_at)::bigint AS rows FROM invoices WHERE status = 'open' GROUP BY due_at) (SELECT due_before, 100 AS page_size, rows FROM weights ORDER BY rows DESC, due_before LIMIT 1) UNION ALL (SELECT due_before, 100 AS page_size, rows FROM weights ORDER BY rows, due_before OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, account_id, subscription_id, amount_cents, currency, due_at
FROM invoices
WHERE status = 'open' AND due_at < %(due_before)s
ORDER BY due_at, id
LIMIT %(page_size)s;
