"""Kept records and bounded texts.

Upgrade hazards:
- scans the whole table to validate a constraint
  (public.access_keys.access_keys_secret_kek_id_length): checks every row, without blocking
  reads or writes
- fails if existing rows break the new rule
  (public.access_keys.access_keys_secret_kek_id_length): fails while a row breaks it
- runs outside a transaction: a failure half-way leaves work to clean up by hand
  (public.access_keys.access_keys_secret_kek_id_length): the steps before it stay committed if
  it or a later one fails
- scans the whole table to validate a constraint (public.accounts.accounts_name_length): checks
  every row, without blocking reads or writes
- fails if existing rows break the new rule (public.accounts.accounts_name_length): fails while
  a row breaks it
- runs outside a transaction: a failure half-way leaves work to clean up by hand
  (public.accounts.accounts_name_length): the steps before it stay committed if it or a later
  one fails
- scans the whole table to validate a constraint (public.buckets.buckets_region_length): checks
  every row, without blocking reads or writes
- fails if existing rows break the new rule (public.buckets.buckets_region_length): fails while
  a row breaks it
- runs outside a transaction: a failure half-way leaves work to clean up by hand
  (public.buckets.buckets_region_length): the steps before it stay committed if it or a later
  one fails
- scans the whole table to validate a constraint
  (public.notifications.notifications_body_length): checks every row, without blocking reads or
  writes
- fails if existing rows break the new rule (public.notifications.notifications_body_length):
  fails while a row breaks it
- runs outside a transaction: a failure half-way leaves work to clean up by hand
  (public.notifications.notifications_body_length): the steps before it stay committed if it or
  a later one fails
- scans the whole table to validate a constraint (public.products.products_name_length): checks
  every row, without blocking reads or writes
- fails if existing rows break the new rule (public.products.products_name_length): fails while
  a row breaks it
- runs outside a transaction: a failure half-way leaves work to clean up by hand
  (public.products.products_name_length): the steps before it stay committed if it or a later
  one fails
- scans the whole table to validate a constraint
  (public.quota_requests.quota_requests_reason_length): checks every row, without blocking reads
  or writes
- fails if existing rows break the new rule
  (public.quota_requests.quota_requests_reason_length): fails while a row breaks it
- runs outside a transaction: a failure half-way leaves work to clean up by hand
  (public.quota_requests.quota_requests_reason_length): the steps before it stay committed if it
  or a later one fails
- scans the whole table to validate a constraint (public.users.users_name_length): checks every
  row, without blocking reads or writes
- fails if existing rows break the new rule (public.users.users_name_length): fails while a row
  breaks it
- runs outside a transaction: a failure half-way leaves work to clean up by hand
  (public.users.users_name_length): the steps before it stay committed if it or a later one
  fails
- changes what a function, trigger or view does for its callers (trigger access_keys_no_truncate
  on public.access_keys)
- changes what a function, trigger or view does for its callers (trigger audit_logs_no_truncate
  on public.audit_logs)
- changes what a function, trigger or view does for its callers (trigger
  audit_logs_default_no_truncate on public.audit_logs_default)
- changes what a function, trigger or view does for its callers (trigger
  invoices_issued_immutable on public.invoices)
- changes what a function, trigger or view does for its callers (trigger invoices_no_delete on
  public.invoices)
- changes what a function, trigger or view does for its callers (trigger invoices_no_truncate on
  public.invoices)
- changes what a function, trigger or view does for its callers (trigger
  invoices_status_transition on public.invoices)
- changes what a function, trigger or view does for its callers (trigger orders_no_delete on
  public.orders)
- changes what a function, trigger or view does for its callers (trigger orders_no_truncate on
  public.orders)
- changes what a function, trigger or view does for its callers (trigger orders_totals_fixed on
  public.orders)

Downgrade hazards:
- changes what a function, trigger or view does for its callers (trigger orders_totals_fixed on
  public.orders)
- changes what a function, trigger or view does for its callers (trigger orders_no_truncate on
  public.orders)
- changes what a function, trigger or view does for its callers (trigger orders_no_delete on
  public.orders)
- changes what a function, trigger or view does for its callers (trigger
  invoices_status_transition on public.invoices)
- changes what a function, trigger or view does for its callers (trigger invoices_no_truncate on
  public.invoices)
- changes what a function, trigger or view does for its callers (trigger invoices_no_delete on
  public.invoices)
- changes what a function, trigger or view does for its callers (trigger
  invoices_issued_immutable on public.invoices)
- changes what a function, trigger or view does for its callers (trigger
  audit_logs_default_no_truncate on public.audit_logs_default)
- changes what a function, trigger or view does for its callers (trigger audit_logs_no_truncate
  on public.audit_logs)
- changes what a function, trigger or view does for its callers (trigger access_keys_no_truncate
  on public.access_keys)
- changes what a function, trigger or view does for its callers (public.orders_totals_fixed()):
  its callers fail
- changes what a function, trigger or view does for its callers
  (public.kept_records_no_truncate()): its callers fail
- changes what a function, trigger or view does for its callers
  (public.invoices_status_transition()): its callers fail
- changes what a function, trigger or view does for its callers
  (public.invoices_issued_immutable()): its callers fail
- changes what a function, trigger or view does for its callers
  (public.invoice_status_transition_allowed(text, text)): its callers fail
- changes what a function, trigger or view does for its callers
  (public.fiscal_records_no_delete()): its callers fail
"""

from alembic import op

revision: str = "7398540ac289"
down_revision: str | None = "0f41eb2bb90d"
branch_labels = None
depends_on = None

message = "kept records and bounded texts"
created_at = "2026-12-05T01:47:44Z"
expects_schema: str | None = (
    "sha256:592c5abbe5b3c58c79b9d8ba2077c7ccf6ff75832a1a8f41fa1cf8f56065133b"
)
produces_schema: str | None = (
    "sha256:22b1014dcc1119aeacd9c8fb98365d584d1f1894f9b21e8bb0aa928633637688"
)
lock_timeout_ms = 3000
statement_timeout_ms = 600_000
allowed_hazards: tuple[str, ...] = (
    "behaviour_change",
    "may_fail_on_data",
    "not_transactional",
    "validation_scan",
)
upgrade_hazards: tuple[str, ...] = (
    "behaviour_change",
    "may_fail_on_data",
    "not_transactional",
    "validation_scan",
)
downgrade_hazards: tuple[str, ...] = ("behaviour_change",)


def upgrade() -> None:
    op.execute(
        "CREATE OR REPLACE FUNCTION public.fiscal_records_no_delete()\n"
        " RETURNS trigger\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "BEGIN\n"
        "    PERFORM raise_rule_violation(\n"
        "        format('%s_no_delete', TG_TABLE_NAME)::name, TG_RELID,\n"
        "        format('%s %s cannot be deleted: it is a fiscal record',\n"
        "               CASE TG_TABLE_NAME WHEN 'orders' THEN 'order' ELSE 'invoice' END, "
        "OLD.id),\n"
        "        format('%s %s of account %s', TG_TABLE_NAME, OLD.id, OLD.account_id),\n"
        "        CASE TG_TABLE_NAME WHEN 'orders' THEN 'cancel or refund the order instead'\n"
        "                           ELSE 'void the invoice instead' END,\n"
        "        'restrict_violation');\n"
        "    RETURN NULL;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "COMMENT ON FUNCTION public.fiscal_records_no_delete() IS 'Trigger function: refuses every "
        "DELETE of an order or an invoice (rule <table>_no_delete).'"
    )
    op.execute("SET LOCAL check_function_bodies = off")
    op.execute(
        "CREATE OR REPLACE FUNCTION public.invoice_status_transition_allowed(from_status text, "
        "to_status text)\n"
        " RETURNS boolean\n"
        " LANGUAGE sql\n"
        " IMMUTABLE PARALLEL SAFE STRICT\n"
        "RETURN ((from_status = to_status) OR (((from_status = 'draft'::text) AND (to_status = "
        "'open'::text)) OR ((from_status = 'draft'::text) AND (to_status = 'void'::text)) OR "
        "((from_status = 'open'::text) AND (to_status = 'paid'::text)) OR ((from_status = "
        "'open'::text) AND (to_status = 'void'::text)) OR ((from_status = 'open'::text) AND "
        "(to_status = 'uncollectible'::text)) OR ((from_status = 'uncollectible'::text) AND "
        "(to_status = 'paid'::text)) OR ((from_status = 'uncollectible'::text) AND (to_status = "
        "'void'::text))))"
    )
    op.execute(
        "COMMENT ON FUNCTION public.invoice_status_transition_allowed(text, text) IS 'The invoice "
        "status state machine: true when an invoice may go from one status to the other.'"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.invoices_issued_immutable()\n"
        " RETURNS trigger\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "BEGIN\n"
        "    PERFORM raise_rule_violation(\n"
        "        'invoices_issued_immutable', TG_RELID,\n"
        "        format('invoice %s was issued: its amount, currency and period cannot change', "
        "OLD.id),\n"
        "        format('invoice %s is %s', OLD.id, OLD.status),\n"
        "        'void it and issue a new invoice');\n"
        "    RETURN NULL;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "COMMENT ON FUNCTION public.invoices_issued_immutable() IS 'Trigger function: refuses a "
        "change of an issued invoice''s amount, currency, period, account or subscription.'"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.invoices_status_transition()\n"
        " RETURNS trigger\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "BEGIN\n"
        "    IF NOT invoice_status_transition_allowed(OLD.status, NEW.status) THEN\n"
        "        PERFORM raise_rule_violation(\n"
        "            'invoices_status_transition', TG_RELID,\n"
        "            format('invoice status cannot change from %s to %s', OLD.status, "
        "NEW.status),\n"
        "            format('invoice %s: allowed from %s: %s', OLD.id, OLD.status,\n"
        "                   CASE OLD.status\n"
        "                       WHEN 'draft' THEN 'open, void'\n"
        "                       WHEN 'open' THEN 'paid, void, uncollectible'\n"
        "                       WHEN 'uncollectible' THEN 'paid, void'\n"
        "                       ELSE 'nothing (paid and void are final)'\n"
        "                   END));\n"
        "    END IF;\n"
        "    RETURN NEW;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "COMMENT ON FUNCTION public.invoices_status_transition() IS 'Trigger function: refuses an "
        "invoice status change the state machine does not allow.'"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.kept_records_no_truncate()\n"
        " RETURNS trigger\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "DECLARE\n"
        "    has_rows boolean;\n"
        "BEGIN\n"
        "    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s)', TG_RELID::regclass) INTO "
        "has_rows;\n"
        "    IF has_rows THEN\n"
        "        PERFORM raise_rule_violation(\n"
        "            format('%s_no_truncate', TG_TABLE_NAME)::name, TG_RELID,\n"
        "            format('%s cannot be truncated: its rows are kept records', TG_TABLE_NAME),\n"
        "            format('TRUNCATE of %s, which has rows', TG_TABLE_NAME),\n"
        "            CASE\n"
        "                WHEN TG_TABLE_NAME LIKE 'audit_logs%' THEN\n"
        "                    'old events go away with their partition: "
        "drop_partitions_older_than()'\n"
        "                WHEN TG_TABLE_NAME = 'access_keys' THEN 'revoke keys instead (status "
        "revoked)'\n"
        "                ELSE 'fiscal records are kept for years: void an invoice, cancel or "
        "refund an order'\n"
        "            END,\n"
        "            'restrict_violation');\n"
        "    END IF;\n"
        "    RETURN NULL;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "COMMENT ON FUNCTION public.kept_records_no_truncate() IS 'Trigger function (BEFORE "
        "TRUNCATE, per statement): refuses to truncate a table of kept records that has rows.'"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.orders_totals_fixed()\n"
        " RETURNS trigger\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "BEGIN\n"
        "    PERFORM raise_rule_violation(\n"
        "        'orders_totals_fixed', TG_RELID,\n"
        "        format('order %s cannot change its totals once placed', OLD.id),\n"
        "        format('(account_id, product_id, subscription_id, quantity, total_cents, "
        "currency): %s -> %s',\n"
        "               (OLD.account_id, OLD.product_id, OLD.subscription_id, OLD.quantity,\n"
        "                OLD.total_cents, OLD.currency),\n"
        "               (NEW.account_id, NEW.product_id, NEW.subscription_id, NEW.quantity,\n"
        "                NEW.total_cents, NEW.currency)),\n"
        "        'cancel or refund the order and place a new one');\n"
        "    RETURN NULL;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "COMMENT ON FUNCTION public.orders_totals_fixed() IS 'Trigger function: refuses a change "
        "of a placed order''s account, product, subscription, quantity, total or currency.'"
    )
    # takes ACCESS EXCLUSIVE
    op.execute(
        "ALTER TABLE public.access_keys DROP CONSTRAINT IF EXISTS access_keys_secret_kek_id_length"
    )
    # takes ACCESS EXCLUSIVE
    op.execute(
        "ALTER TABLE public.access_keys ADD CONSTRAINT access_keys_secret_kek_id_length CHECK "
        "((length(secret_kek_id) <= 64)) NOT VALID"
    )
    with op.get_context().autocommit_block():
        # takes SHARE UPDATE EXCLUSIVE; hazards: may_fail_on_data, not_transactional,
        #   validation_scan
        op.execute(
            "ALTER TABLE public.access_keys VALIDATE CONSTRAINT access_keys_secret_kek_id_length"
        )
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.accounts DROP CONSTRAINT IF EXISTS accounts_name_length")
    # takes ACCESS EXCLUSIVE
    op.execute(
        "ALTER TABLE public.accounts ADD CONSTRAINT accounts_name_length CHECK ((length(name) <= "
        "200)) NOT VALID"
    )
    with op.get_context().autocommit_block():
        # takes SHARE UPDATE EXCLUSIVE; hazards: may_fail_on_data, not_transactional,
        #   validation_scan
        op.execute("ALTER TABLE public.accounts VALIDATE CONSTRAINT accounts_name_length")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.buckets DROP CONSTRAINT IF EXISTS buckets_region_length")
    # takes ACCESS EXCLUSIVE
    op.execute(
        "ALTER TABLE public.buckets ADD CONSTRAINT buckets_region_length CHECK ((length(region) <= "
        "32)) NOT VALID"
    )
    with op.get_context().autocommit_block():
        # takes SHARE UPDATE EXCLUSIVE; hazards: may_fail_on_data, not_transactional,
        #   validation_scan
        op.execute("ALTER TABLE public.buckets VALIDATE CONSTRAINT buckets_region_length")
    # takes ACCESS EXCLUSIVE
    op.execute(
        "ALTER TABLE public.notifications DROP CONSTRAINT IF EXISTS notifications_body_length"
    )
    # takes ACCESS EXCLUSIVE
    op.execute(
        "ALTER TABLE public.notifications ADD CONSTRAINT notifications_body_length CHECK "
        "((length(body) <= 4000)) NOT VALID"
    )
    with op.get_context().autocommit_block():
        # takes SHARE UPDATE EXCLUSIVE; hazards: may_fail_on_data, not_transactional,
        #   validation_scan
        op.execute("ALTER TABLE public.notifications VALIDATE CONSTRAINT notifications_body_length")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.products DROP CONSTRAINT IF EXISTS products_name_length")
    # takes ACCESS EXCLUSIVE
    op.execute(
        "ALTER TABLE public.products ADD CONSTRAINT products_name_length CHECK ((length(name) <= "
        "200)) NOT VALID"
    )
    with op.get_context().autocommit_block():
        # takes SHARE UPDATE EXCLUSIVE; hazards: may_fail_on_data, not_transactional,
        #   validation_scan
        op.execute("ALTER TABLE public.products VALIDATE CONSTRAINT products_name_length")
    # takes ACCESS EXCLUSIVE
    op.execute(
        "ALTER TABLE public.quota_requests DROP CONSTRAINT IF EXISTS quota_requests_reason_length"
    )
    # takes ACCESS EXCLUSIVE
    op.execute(
        "ALTER TABLE public.quota_requests ADD CONSTRAINT quota_requests_reason_length CHECK "
        "((length(reason) <= 2000)) NOT VALID"
    )
    with op.get_context().autocommit_block():
        # takes SHARE UPDATE EXCLUSIVE; hazards: may_fail_on_data, not_transactional,
        #   validation_scan
        op.execute(
            "ALTER TABLE public.quota_requests VALIDATE CONSTRAINT quota_requests_reason_length"
        )
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.users DROP CONSTRAINT IF EXISTS users_name_length")
    # takes ACCESS EXCLUSIVE
    op.execute(
        "ALTER TABLE public.users ADD CONSTRAINT users_name_length CHECK ((length(name) <= 200)) "
        "NOT VALID"
    )
    with op.get_context().autocommit_block():
        # takes SHARE UPDATE EXCLUSIVE; hazards: may_fail_on_data, not_transactional,
        #   validation_scan
        op.execute("ALTER TABLE public.users VALIDATE CONSTRAINT users_name_length")
    # takes SHARE ROW EXCLUSIVE; hazards: behaviour_change
    op.execute(
        "CREATE TRIGGER access_keys_no_truncate BEFORE TRUNCATE ON public.access_keys FOR EACH "
        "STATEMENT EXECUTE FUNCTION public.kept_records_no_truncate()"
    )
    # takes SHARE ROW EXCLUSIVE; hazards: behaviour_change
    op.execute(
        "CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON public.audit_logs FOR EACH "
        "STATEMENT EXECUTE FUNCTION public.kept_records_no_truncate()"
    )
    # takes SHARE ROW EXCLUSIVE; hazards: behaviour_change
    op.execute(
        "CREATE TRIGGER audit_logs_default_no_truncate BEFORE TRUNCATE ON "
        "public.audit_logs_default FOR EACH STATEMENT EXECUTE FUNCTION "
        "public.kept_records_no_truncate()"
    )
    # takes SHARE ROW EXCLUSIVE; hazards: behaviour_change
    op.execute(
        "CREATE TRIGGER invoices_issued_immutable BEFORE UPDATE ON public.invoices FOR EACH ROW "
        "WHEN (((old.status <> 'draft'::text) AND ((old.account_id IS DISTINCT FROM "
        "new.account_id) OR (old.subscription_id IS DISTINCT FROM new.subscription_id) OR "
        "(old.period_start IS DISTINCT FROM new.period_start) OR (old.period_end IS DISTINCT FROM "
        "new.period_end) OR (old.amount_cents IS DISTINCT FROM new.amount_cents) OR (old.currency "
        "IS DISTINCT FROM new.currency)))) EXECUTE FUNCTION public.invoices_issued_immutable()"
    )
    # takes SHARE ROW EXCLUSIVE; hazards: behaviour_change
    op.execute(
        "CREATE TRIGGER invoices_no_delete BEFORE DELETE ON public.invoices FOR EACH ROW EXECUTE "
        "FUNCTION public.fiscal_records_no_delete()"
    )
    # takes SHARE ROW EXCLUSIVE; hazards: behaviour_change
    op.execute(
        "CREATE TRIGGER invoices_no_truncate BEFORE TRUNCATE ON public.invoices FOR EACH STATEMENT "
        "EXECUTE FUNCTION public.kept_records_no_truncate()"
    )
    # takes SHARE ROW EXCLUSIVE; hazards: behaviour_change
    op.execute(
        "CREATE TRIGGER invoices_status_transition BEFORE UPDATE OF status ON public.invoices FOR "
        "EACH ROW WHEN ((old.status IS DISTINCT FROM new.status)) EXECUTE FUNCTION "
        "public.invoices_status_transition()"
    )
    # takes SHARE ROW EXCLUSIVE; hazards: behaviour_change
    op.execute(
        "CREATE TRIGGER orders_no_delete BEFORE DELETE ON public.orders FOR EACH ROW EXECUTE "
        "FUNCTION public.fiscal_records_no_delete()"
    )
    # takes SHARE ROW EXCLUSIVE; hazards: behaviour_change
    op.execute(
        "CREATE TRIGGER orders_no_truncate BEFORE TRUNCATE ON public.orders FOR EACH STATEMENT "
        "EXECUTE FUNCTION public.kept_records_no_truncate()"
    )
    # takes SHARE ROW EXCLUSIVE; hazards: behaviour_change
    op.execute(
        "CREATE TRIGGER orders_totals_fixed BEFORE UPDATE ON public.orders FOR EACH ROW WHEN "
        "(((old.account_id IS DISTINCT FROM new.account_id) OR (old.product_id IS DISTINCT FROM "
        "new.product_id) OR (old.subscription_id IS DISTINCT FROM new.subscription_id) OR "
        "(old.quantity IS DISTINCT FROM new.quantity) OR (old.total_cents IS DISTINCT FROM "
        "new.total_cents) OR (old.currency IS DISTINCT FROM new.currency))) EXECUTE FUNCTION "
        "public.orders_totals_fixed()"
    )


def downgrade() -> None:
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER orders_totals_fixed ON public.orders")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER orders_no_truncate ON public.orders")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER orders_no_delete ON public.orders")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER invoices_status_transition ON public.invoices")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER invoices_no_truncate ON public.invoices")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER invoices_no_delete ON public.invoices")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER invoices_issued_immutable ON public.invoices")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER audit_logs_default_no_truncate ON public.audit_logs_default")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER audit_logs_no_truncate ON public.audit_logs")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER access_keys_no_truncate ON public.access_keys")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.users DROP CONSTRAINT users_name_length")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.quota_requests DROP CONSTRAINT quota_requests_reason_length")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.products DROP CONSTRAINT products_name_length")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.notifications DROP CONSTRAINT notifications_body_length")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.buckets DROP CONSTRAINT buckets_region_length")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.accounts DROP CONSTRAINT accounts_name_length")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.access_keys DROP CONSTRAINT access_keys_secret_kek_id_length")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.orders_totals_fixed()")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.kept_records_no_truncate()")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.invoices_status_transition()")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.invoices_issued_immutable()")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.invoice_status_transition_allowed(text, text)")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.fiscal_records_no_delete()")
