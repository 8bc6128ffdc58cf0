-- Billing: products, subscriptions, orders and invoices, the canonical read-only queries.
-- (The storage layer does not write these yet; the seeder fills them.)

-- name: active_products
-- The catalogue as offered: active products by SKU.
-- sample: SELECT true AS active UNION ALL SELECT false
SELECT id, sku, name, price_cents, currency, active
FROM products
WHERE active = %(active)s
ORDER BY sku;

-- name: subscriptions_for_account
-- An account's subscriptions with their products, live ones first
-- (subscriptions_account_id_id_key leads with account_id).
-- sample: (SELECT account_id FROM subscriptions GROUP BY account_id ORDER BY count(*) DESC, account_id LIMIT 1) UNION ALL (SELECT account_id FROM subscriptions ORDER BY id DESC LIMIT 1)
SELECT s.id, s.account_id, s.product_id, p.sku, p.name AS product_name, s.status,
       s.started_at, s.ended_at
FROM subscriptions s
JOIN products p ON p.id = s.product_id
WHERE s.account_id = %(account_id)s
ORDER BY s.status = 'canceled', s.started_at DESC, s.id DESC;

-- name: orders_first_page
-- An account's newest orders: orders_account_created_idx (account_id, created_at DESC, id DESC).
-- sample: (SELECT account_id, 25 AS page_size FROM orders GROUP BY account_id ORDER BY count(*) DESC, account_id LIMIT 1) UNION ALL (SELECT account_id, 25 AS page_size FROM orders ORDER BY id DESC LIMIT 1)
SELECT id, account_id, product_id, subscription_id, quantity, total_cents, currency, status,
       created_at
FROM orders
WHERE account_id = %(account_id)s
ORDER BY created_at DESC, id DESC
LIMIT %(page_size)s;

-- name: invoices_for_account
-- An account's invoices, newest period first (invoices_subscription_period_key
-- leads with account_id).
-- sample: (SELECT account_id FROM invoices GROUP BY account_id ORDER BY count(*) DESC, account_id LIMIT 1) UNION ALL (SELECT account_id FROM invoices ORDER BY id DESC LIMIT 1)
SELECT id, account_id, subscription_id, period_start, period_end, amount_cents, currency,
       status, due_at, paid_at
FROM invoices
WHERE account_id = %(account_id)s
ORDER BY period_start DESC, id DESC;

-- name: open_invoices_due
-- The dunning job: open invoices due before a moment, most overdue first,
-- from the partial index invoices_open_due_idx (due_at) WHERE status = 'open'.
-- sample: SELECT max(due_at) + interval '1 day' AS due_before, 100 AS page_size FROM invoices WHERE status = 'open' UNION ALL SELECT min(due_at) + interval '1 second', 10 FROM invoices WHERE status = 'open'
SELECT id, account_id, subscription_id, amount_cents, currency, due_at
FROM invoices
WHERE status = 'open' AND due_at < %(due_before)s
ORDER BY due_at, id
LIMIT %(page_size)s;
