"""Initial PrimeCloudProV2 schema.

Upgrade hazards:
- none

Downgrade hazards:
- changes what a function, trigger or view does for its callers (trigger users_set_updated_at on
  public.users)
- changes what a function, trigger or view does for its callers (trigger
  subscriptions_set_updated_at on public.subscriptions)
- changes what a function, trigger or view does for its callers (trigger
  quota_requests_status_transition on public.quota_requests)
- changes what a function, trigger or view does for its callers (trigger
  quota_requests_set_updated_at on public.quota_requests)
- changes what a function, trigger or view does for its callers (trigger products_set_updated_at
  on public.products)
- changes what a function, trigger or view does for its callers (trigger orders_set_updated_at
  on public.orders)
- changes what a function, trigger or view does for its callers (trigger invoices_set_updated_at
  on public.invoices)
- changes what a function, trigger or view does for its callers (trigger
  invitations_set_updated_at on public.invitations)
- changes what a function, trigger or view does for its callers (trigger
  buckets_versioning_transition on public.buckets)
- changes what a function, trigger or view does for its callers (trigger buckets_set_updated_at
  on public.buckets)
- changes what a function, trigger or view does for its callers (trigger
  buckets_lifecycle_rules_explain on public.buckets)
- changes what a function, trigger or view does for its callers (trigger audit_logs_append_only
  on public.audit_logs)
- changes what a function, trigger or view does for its callers (trigger
  accounts_status_transition on public.accounts)
- changes what a function, trigger or view does for its callers (trigger accounts_set_updated_at
  on public.accounts)
- changes what a function, trigger or view does for its callers (trigger accounts_owner_required
  on public.accounts)
- changes what a function, trigger or view does for its callers (trigger accounts_cnpj_normalize
  on public.accounts)
- changes what a function, trigger or view does for its callers (trigger
  account_members_set_updated_at on public.account_members)
- changes what a function, trigger or view does for its callers (trigger
  account_members_owner_demoted on public.account_members)
- changes what a function, trigger or view does for its callers (trigger
  account_members_owner_deleted on public.account_members)
- changes what a function, trigger or view does for its callers (trigger access_keys_stamp on
  public.access_keys)
- changes what a function, trigger or view does for its callers (trigger
  access_keys_set_updated_at on public.access_keys)
- changes what a function, trigger or view does for its callers (trigger
  access_keys_revoked_is_final on public.access_keys)
- changes what a function, trigger or view does for its callers (trigger access_keys_no_delete
  on public.access_keys)
- changes what a function, trigger or view does for its callers (trigger
  access_keys_access_key_id_immutable on public.access_keys)
- deletes data (public.users)
- deletes data (public.usage_records_default)
- deletes data (public.usage_records)
- deletes data (public.subscriptions)
- deletes data (public.quota_requests)
- deletes data (public.products)
- deletes data (public.orders)
- deletes data (public.notifications)
- deletes data (public.invoices)
- deletes data (public.invitations)
- deletes data (public.buckets)
- deletes data (public.audit_logs_default)
- deletes data (public.audit_logs)
- deletes data (public.accounts)
- deletes data (public.account_members)
- deletes data (public.access_keys)
- changes what a function, trigger or view does for its callers (public.set_updated_at()): its
  callers fail
- changes what a function, trigger or view does for its callers
  (public.raise_rule_violation(name, regclass, text, text, text, text)): its callers fail
- changes what a function, trigger or view does for its callers
  (public.quota_requests_status_transition()): its callers fail
- changes what a function, trigger or view does for its callers
  (public.monthly_partition_key(regclass)): its callers fail
- changes what a function, trigger or view does for its callers
  (public.lifecycle_rules_is_valid(jsonb)): its callers fail
- changes what a function, trigger or view does for its callers
  (public.lifecycle_rules_problem(jsonb)): its callers fail
- changes what a function, trigger or view does for its callers
  (public.lifecycle_object_has_keys(jsonb, text[])): its callers fail
- changes what a function, trigger or view does for its callers
  (public.lifecycle_days_is_valid(jsonb)): its callers fail
- changes what a function, trigger or view does for its callers
  (public.ensure_monthly_partitions(regclass, integer, integer, timestamp with time zone)): its
  callers fail
- changes what a function, trigger or view does for its callers
  (public.drop_partitions_older_than(regclass, integer, timestamp with time zone)): its callers
  fail
- changes what a function, trigger or view does for its callers (public.cnpj_normalize(text)):
  its callers fail
- changes what a function, trigger or view does for its callers (public.cnpj_is_valid(text)):
  its callers fail
- changes what a function, trigger or view does for its callers
  (public.cnpj_check_digits(text)): its callers fail
- changes what a function, trigger or view does for its callers
  (public.buckets_versioning_transition()): its callers fail
- changes what a function, trigger or view does for its callers
  (public.buckets_lifecycle_rules_explain()): its callers fail
- changes what a function, trigger or view does for its callers
  (public.bucket_name_is_valid(text)): its callers fail
- changes what a function, trigger or view does for its callers
  (public.audit_logs_append_only()): its callers fail
- changes what a function, trigger or view does for its callers
  (public.accounts_status_transition()): its callers fail
- changes what a function, trigger or view does for its callers
  (public.accounts_owner_required()): its callers fail
- changes what a function, trigger or view does for its callers
  (public.accounts_cnpj_normalize()): its callers fail
- changes what a function, trigger or view does for its callers
  (public.accounts_check_owner(bigint)): its callers fail
- changes what a function, trigger or view does for its callers
  (public.account_status_transition_allowed(text, text)): its callers fail
- changes what a function, trigger or view does for its callers (public.access_keys_stamp()):
  its callers fail
- changes what a function, trigger or view does for its callers
  (public.access_keys_revoked_is_final()): its callers fail
- changes what a function, trigger or view does for its callers
  (public.access_keys_no_delete()): its callers fail
- changes what a function, trigger or view does for its callers
  (public.access_keys_access_key_id_immutable()): its callers fail
"""

from alembic import op

revision: str = "0f41eb2bb90d"
down_revision: str | None = None
branch_labels = None
depends_on = None

message = "initial PrimeCloudProV2 schema"
created_at = "2026-12-02T06:33:37Z"
expects_schema: str | None = (
    "sha256:1aa27ff5f0d1029ca89f4f00f77ef455a24398fdc8455fd8f397b9625db59834"
)
produces_schema: str | None = (
    "sha256:592c5abbe5b3c58c79b9d8ba2077c7ccf6ff75832a1a8f41fa1cf8f56065133b"
)
lock_timeout_ms = 3000
statement_timeout_ms = 600_000
allowed_hazards: tuple[str, ...] = ()
upgrade_hazards: tuple[str, ...] = ()
downgrade_hazards: tuple[str, ...] = ("behaviour_change", "deletes_data")


def upgrade() -> None:
    op.execute(
        "CREATE OR REPLACE FUNCTION public.access_keys_access_key_id_immutable()\n"
        " RETURNS trigger\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "BEGIN\n"
        "    PERFORM raise_rule_violation(\n"
        "        'access_keys_access_key_id_immutable', TG_RELID,\n"
        "        'access_key_id of an access key cannot change',\n"
        "        format('access key %s: %s -> %s', OLD.id, OLD.access_key_id, NEW.access_key_id),\n"
        "        'rotate the secret instead, or create a new key');\n"
        "    RETURN NULL;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.access_keys_no_delete()\n"
        " RETURNS trigger\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "BEGIN\n"
        "    IF EXISTS (SELECT 1 FROM accounts WHERE id = OLD.account_id) THEN\n"
        "        PERFORM raise_rule_violation(\n"
        "            'access_keys_no_delete', TG_RELID,\n"
        "            format('access key %s cannot be deleted', OLD.access_key_id),\n"
        "            format('access key %s of account %s', OLD.id, OLD.account_id),\n"
        "            'set status to ''revoked'' instead',\n"
        "            'restrict_violation');\n"
        "    END IF;\n"
        "    RETURN OLD;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.access_keys_revoked_is_final()\n"
        " RETURNS trigger\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "BEGIN\n"
        "    PERFORM raise_rule_violation(\n"
        "        'access_keys_revoked_is_final', TG_RELID,\n"
        "        format('access key %s is revoked; revoked keys cannot be reactivated or "
        "rotated',\n"
        "               OLD.access_key_id),\n"
        "        format('access key %s: status revoked -> %s', OLD.id, NEW.status),\n"
        "        'create a new access key');\n"
        "    RETURN NULL;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.access_keys_stamp()\n"
        " RETURNS trigger\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "BEGIN\n"
        "    IF NEW.secret_ciphertext IS DISTINCT FROM OLD.secret_ciphertext\n"
        "       AND NEW.rotated_at IS NOT DISTINCT FROM OLD.rotated_at THEN\n"
        "        NEW.rotated_at := now();\n"
        "    END IF;\n"
        "    IF NEW.status = 'revoked' AND OLD.status <> 'revoked' AND NEW.revoked_at IS NULL "
        "THEN\n"
        "        NEW.revoked_at := now();\n"
        "    END IF;\n"
        "    RETURN NEW;\n"
        "END\n"
        "$function$"
    )
    op.execute("SET LOCAL check_function_bodies = off")
    op.execute(
        "CREATE OR REPLACE FUNCTION public.account_status_transition_allowed(from_status text, "
        "to_status text)\n"
        " RETURNS boolean\n"
        " LANGUAGE sql\n"
        " IMMUTABLE PARALLEL SAFE STRICT\n"
        "RETURN ((from_status = to_status) OR (((from_status = 'pending'::text) AND (to_status = "
        "'approved'::text)) OR ((from_status = 'pending'::text) AND (to_status = 'closed'::text)) "
        "OR ((from_status = 'approved'::text) AND (to_status = 'active'::text)) OR ((from_status = "
        "'approved'::text) AND (to_status = 'suspended'::text)) OR ((from_status = "
        "'approved'::text) AND (to_status = 'closed'::text)) OR ((from_status = 'active'::text) "
        "AND (to_status = 'suspended'::text)) OR ((from_status = 'active'::text) AND (to_status = "
        "'closed'::text)) OR ((from_status = 'suspended'::text) AND (to_status = 'active'::text)) "
        "OR ((from_status = 'suspended'::text) AND (to_status = 'closed'::text))))"
    )
    op.execute(
        "COMMENT ON FUNCTION public.account_status_transition_allowed(text, text) IS 'The account "
        "status state machine: true when an account may go from one status to the other.'"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.accounts_check_owner(account bigint)\n"
        " RETURNS void\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "BEGIN\n"
        "    -- Lock the account row (NO KEY UPDATE does not block foreign-key checks of\n"
        "    -- other sessions) so two transactions each removing one of two owners run\n"
        "    -- their checks one after the other; the second sees the first's commit.\n"
        "    PERFORM 1 FROM accounts WHERE id = account FOR NO KEY UPDATE;\n"
        "    IF FOUND AND NOT EXISTS (\n"
        "        SELECT 1 FROM account_members WHERE account_id = account AND role = 'owner'\n"
        "    ) THEN\n"
        "        PERFORM raise_rule_violation(\n"
        "            'accounts_owner_required', 'accounts'::regclass,\n"
        "            format('account %s must have at least one owner', account),\n"
        "            'no member of the account has role owner at commit',\n"
        "            'add an owner in the same transaction, or delete the account');\n"
        "    END IF;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.accounts_cnpj_normalize()\n"
        " RETURNS trigger\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "BEGIN\n"
        "    NEW.cnpj := cnpj_normalize(NEW.cnpj);\n"
        "    RETURN NEW;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.accounts_owner_required()\n"
        " RETURNS trigger\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "BEGIN\n"
        "    IF TG_TABLE_NAME = 'accounts' THEN\n"
        "        PERFORM accounts_check_owner(NEW.id);\n"
        "    ELSE\n"
        "        PERFORM accounts_check_owner(OLD.account_id);\n"
        "    END IF;\n"
        "    RETURN NULL;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.accounts_status_transition()\n"
        " RETURNS trigger\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "BEGIN\n"
        "    IF NOT account_status_transition_allowed(OLD.status, NEW.status) THEN\n"
        "        PERFORM raise_rule_violation(\n"
        "            'accounts_status_transition', TG_RELID,\n"
        "            format('account status cannot change from %s to %s', OLD.status, "
        "NEW.status),\n"
        "            format('account %s: allowed from %s: %s', OLD.id, OLD.status,\n"
        "                   CASE OLD.status\n"
        "                       WHEN 'pending' THEN 'approved, closed'\n"
        "                       WHEN 'approved' THEN 'active, suspended, closed'\n"
        "                       WHEN 'active' THEN 'suspended, closed'\n"
        "                       WHEN 'suspended' THEN 'active, closed'\n"
        "                       ELSE 'nothing (closed is final)'\n"
        "                   END));\n"
        "    END IF;\n"
        "    RETURN NEW;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.audit_logs_append_only()\n"
        " RETURNS trigger\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "BEGIN\n"
        "    IF TG_OP = 'UPDATE' AND NEW.actor_user_id IS NULL\n"
        "       AND to_jsonb(NEW) - 'actor_user_id' = to_jsonb(OLD) - 'actor_user_id'\n"
        "       AND NOT EXISTS (SELECT 1 FROM users WHERE id = OLD.actor_user_id) THEN\n"
        "        RETURN NEW;\n"
        "    END IF;\n"
        "    PERFORM raise_rule_violation(\n"
        "        'audit_logs_append_only', 'audit_logs'::regclass,  -- the parent, not the "
        "partition\n"
        "        format('audit log rows cannot be %s', CASE TG_OP WHEN 'UPDATE' THEN 'updated' "
        "ELSE 'deleted' END),\n"
        "        format('audit log %s of account %s', OLD.id, OLD.account_id),\n"
        "        'old events go away with their partition: drop_partitions_older_than()',\n"
        "        'restrict_violation');\n"
        "    RETURN NULL;\n"
        "END\n"
        "$function$"
    )
    op.execute("SET LOCAL check_function_bodies = off")
    op.execute(
        "CREATE OR REPLACE FUNCTION public.bucket_name_is_valid(name text)\n"
        " RETURNS boolean\n"
        " LANGUAGE sql\n"
        " IMMUTABLE PARALLEL SAFE STRICT\n"
        "RETURN ((name ~ '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$'::text) AND (strpos(name, '..'::text) "
        "= 0) AND (name !~ '^[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}$'::text))"
    )
    op.execute(
        "COMMENT ON FUNCTION public.bucket_name_is_valid(text) IS 'S3 bucket naming rules: 3-63 of "
        '[a-z0-9.-], letter or digit at both ends, no "..", not an IP address.\''
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.buckets_lifecycle_rules_explain()\n"
        " RETURNS trigger\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "DECLARE\n"
        "    problem text := lifecycle_rules_problem(NEW.lifecycle_rules);\n"
        "BEGIN\n"
        "    IF problem IS NOT NULL AND NEW.lifecycle_rules IS NOT NULL THEN  -- NULL: NOT NULL's "
        "error\n"
        "        PERFORM raise_rule_violation(\n"
        "            'buckets_lifecycle_rules_valid', TG_RELID,\n"
        "            'invalid bucket lifecycle rules: ' || problem,\n"
        "            format('bucket %s of account %s', NEW.name, NEW.account_id),\n"
        "            'see docs/glossary.md for the lifecycle rule keys (S3 spelling: ID, Status, "
        "Filter.Prefix, ...)');\n"
        "    END IF;\n"
        "    RETURN NEW;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.buckets_versioning_transition()\n"
        " RETURNS trigger\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "BEGIN\n"
        "    -- Values outside the three are left to the CHECK buckets_versioning_valid.\n"
        "    IF NEW.versioning = 'unversioned' OR (OLD.versioning = 'unversioned' AND "
        "NEW.versioning = 'suspended') THEN\n"
        "        PERFORM raise_rule_violation(\n"
        "            'buckets_versioning_transition', TG_RELID,\n"
        "            format('bucket versioning cannot change from %s to %s', OLD.versioning, "
        "NEW.versioning),\n"
        "            format('bucket %s: unversioned -> enabled, then enabled <-> suspended; never "
        "back to unversioned',\n"
        "                   OLD.id));\n"
        "    END IF;\n"
        "    RETURN NEW;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.cnpj_check_digits(base text)\n"
        " RETURNS text\n"
        " LANGUAGE plpgsql\n"
        " IMMUTABLE PARALLEL SAFE STRICT\n"
        "AS $function$\n"
        "DECLARE\n"
        "    w1 CONSTANT int[] := '{5,4,3,2,9,8,7,6,5,4,3,2}';\n"
        "    w2 CONSTANT int[] := '{6,5,4,3,2,9,8,7,6,5,4,3,2}';\n"
        "    s1 int := 0;\n"
        "    s2 int := 0;\n"
        "    v int;\n"
        "    d1 int;\n"
        "    d2 int;\n"
        "BEGIN\n"
        "    IF base !~ '^[0-9A-Z]{12}$' THEN\n"
        "        RETURN NULL;\n"
        "    END IF;\n"
        "    FOR i IN 1..12 LOOP\n"
        "        v := ascii(substr(base, i, 1)) - 48;\n"
        "        s1 := s1 + v * w1[i];\n"
        "        s2 := s2 + v * w2[i];\n"
        "    END LOOP;\n"
        "    d1 := CASE WHEN s1 % 11 < 2 THEN 0 ELSE 11 - s1 % 11 END;\n"
        "    s2 := s2 + d1 * w2[13];\n"
        "    d2 := CASE WHEN s2 % 11 < 2 THEN 0 ELSE 11 - s2 % 11 END;\n"
        "    RETURN d1::text || d2::text;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "COMMENT ON FUNCTION public.cnpj_check_digits(text) IS 'The two check digits of a "
        "normalised 12-character CNPJ base (digits or A-Z); NULL for another shape.'"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.cnpj_is_valid(value text)\n"
        " RETURNS boolean\n"
        " LANGUAGE plpgsql\n"
        " IMMUTABLE PARALLEL SAFE STRICT\n"
        "AS $function$\n"
        "DECLARE\n"
        "    v text := cnpj_normalize(value);\n"
        "BEGIN\n"
        "    RETURN v ~ '^[0-9A-Z]{12}[0-9]{2}$'\n"
        "        AND v !~ '^([0-9])\\1{13}$'  -- 00000000000000 and friends pass the arithmetic\n"
        "        AND right(v, 2) = cnpj_check_digits(left(v, 12));\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "COMMENT ON FUNCTION public.cnpj_is_valid(text) IS 'True when the CNPJ (punctuated or not, "
        "numeric or alphanumeric) has correct check digits.'"
    )
    op.execute("SET LOCAL check_function_bodies = off")
    op.execute(
        "CREATE OR REPLACE FUNCTION public.cnpj_normalize(value text)\n"
        " RETURNS text\n"
        " LANGUAGE sql\n"
        " IMMUTABLE PARALLEL SAFE STRICT\n"
        "RETURN upper(regexp_replace(value, '[[:space:]./-]'::text, ''::text, 'g'::text))"
    )
    op.execute(
        "COMMENT ON FUNCTION public.cnpj_normalize(text) IS 'CNPJ without punctuation (dots, "
        "slash, hyphen, spaces), upper case: the stored form.'"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.drop_partitions_older_than(parent regclass, keep_months "
        "integer, anchor timestamp with time zone DEFAULT now())\n"
        " RETURNS SETOF text\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "DECLARE\n"
        "    cutoff timestamptz;\n"
        "    part regclass;\n"
        "    part_name text;\n"
        "    upper_bound timestamptz;\n"
        "BEGIN\n"
        "    PERFORM monthly_partition_key(parent);\n"
        "    IF keep_months < 0 THEN\n"
        "        RAISE EXCEPTION 'keep_months must not be negative' USING ERRCODE = "
        "'invalid_parameter_value';\n"
        "    END IF;\n"
        "    cutoff := (date_trunc('month', anchor AT TIME ZONE 'UTC') - make_interval(months => "
        "keep_months))\n"
        "              AT TIME ZONE 'UTC';\n"
        "    FOR part, upper_bound IN\n"
        "        SELECT c.oid::regclass,\n"
        "               -- \"FOR VALUES FROM ('...') TO ('...')\": the literal carries its\n"
        "               -- UTC offset, so the cast back is exact in any TimeZone.\n"
        "               substring(pg_catalog.pg_get_expr(c.relpartbound, c.oid) FROM $re$TO "
        "\\('([^']+)'\\)$re$)::timestamptz\n"
        "        FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid\n"
        "        WHERE i.inhparent = parent\n"
        "          AND pg_catalog.pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'\n"
        "        ORDER BY 2\n"
        "    LOOP\n"
        "        CONTINUE WHEN upper_bound IS NULL OR upper_bound > cutoff;\n"
        "        part_name := part::text;\n"
        "        EXECUTE format('ALTER TABLE %s DETACH PARTITION %s', parent, part);\n"
        "        EXECUTE format('DROP TABLE %s', part);\n"
        "        RETURN NEXT part_name;\n"
        "    END LOOP;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "COMMENT ON FUNCTION public.drop_partitions_older_than(regclass, integer, timestamp with "
        "time zone) IS 'Retention: DETACH + DROP the monthly partitions that end before the cutoff "
        "month (never the DEFAULT).'"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.ensure_monthly_partitions(parent regclass, months_ahead "
        "integer DEFAULT 3, months_back integer DEFAULT 0, anchor timestamp with time zone DEFAULT "
        "now())\n"
        " RETURNS SETOF text\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "DECLARE\n"
        "    key name := monthly_partition_key(parent);\n"
        "    sch name;\n"
        "    tbl name;\n"
        "    default_rel regclass;\n"
        "    first_month timestamp;  -- UTC wall-clock month starts, as timestamp\n"
        "    month_start timestamp;\n"
        "    lo timestamptz;\n"
        "    hi timestamptz;\n"
        "    part name;\n"
        "    existing oid;\n"
        "    has_rows boolean;\n"
        "    disabled name[];\n"
        "    trg name;\n"
        "BEGIN\n"
        "    IF months_ahead < 0 OR months_back < 0 THEN\n"
        "        RAISE EXCEPTION 'months_ahead and months_back must not be negative'\n"
        "            USING ERRCODE = 'invalid_parameter_value';\n"
        "    END IF;\n"
        "    SELECT n.nspname, c.relname INTO sch, tbl\n"
        "    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
        "    WHERE c.oid = parent;\n"
        "\n"
        "    SELECT nullif(p.partdefid, 0)::regclass INTO default_rel\n"
        "    FROM pg_catalog.pg_partitioned_table p WHERE p.partrelid = parent;\n"
        "    IF default_rel IS NULL THEN\n"
        "        part := tbl || '_default';\n"
        "        EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s DEFAULT', sch, part, parent);\n"
        "        default_rel := format('%I.%I', sch, part)::regclass;\n"
        "        RETURN NEXT part;\n"
        "    END IF;\n"
        "\n"
        "    first_month := date_trunc('month', anchor AT TIME ZONE 'UTC') - make_interval(months "
        "=> months_back);\n"
        "    FOR i IN 0 .. months_back + months_ahead LOOP\n"
        "        month_start := first_month + make_interval(months => i);\n"
        "        lo := month_start AT TIME ZONE 'UTC';\n"
        "        hi := (month_start + interval '1 month') AT TIME ZONE 'UTC';\n"
        "        part := format('%s_%s', tbl, to_char(month_start, 'YYYY_MM'));\n"
        "\n"
        "        SELECT c.oid INTO existing\n"
        "        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
        "c.relnamespace\n"
        "        WHERE n.nspname = sch AND c.relname = part;\n"
        "        IF existing IS NOT NULL THEN\n"
        "            IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits\n"
        "                           WHERE inhrelid = existing AND inhparent = parent) THEN\n"
        "                RAISE EXCEPTION '%.% exists but is not a partition of %', sch, part, "
        "parent\n"
        "                    USING ERRCODE = 'duplicate_table';\n"
        "            END IF;\n"
        "            CONTINUE;\n"
        "        END IF;\n"
        "\n"
        "        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE %I >= $1 AND %I < $2)',\n"
        "                       default_rel, key, key)\n"
        "            INTO STRICT has_rows USING lo, hi;\n"
        "        IF has_rows THEN\n"
        "            -- PostgreSQL refuses a new partition while the DEFAULT partition\n"
        "            -- holds rows of its range: park them, create, put them back (they\n"
        "            -- route to the new partition). Row triggers of the DEFAULT\n"
        "            -- partition (audit_logs_append_only) are off for the move only.\n"
        "            SELECT array_agg(t.tgname) INTO disabled FROM pg_catalog.pg_trigger t\n"
        "            WHERE t.tgrelid = default_rel AND NOT t.tgisinternal AND t.tgenabled <> 'D';\n"
        "            FOREACH trg IN ARRAY coalesce(disabled, '{}') LOOP\n"
        "                EXECUTE format('ALTER TABLE %s DISABLE TRIGGER %I', default_rel, trg);\n"
        "            END LOOP;\n"
        "            EXECUTE format('CREATE TEMP TABLE primedb_partition_move ON COMMIT DROP AS '\n"
        "                           'WITH moved AS (DELETE FROM %s WHERE %I >= $1 AND %I < $2 "
        "RETURNING *) '\n"
        "                           'SELECT * FROM moved', default_rel, key, key)\n"
        "                USING lo, hi;\n"
        "            FOREACH trg IN ARRAY coalesce(disabled, '{}') LOOP\n"
        "                EXECUTE format('ALTER TABLE %s ENABLE TRIGGER %I', default_rel, trg);\n"
        "            END LOOP;\n"
        "            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO "
        "(%L)',\n"
        "                           sch, part, parent, lo, hi);\n"
        "            EXECUTE format('INSERT INTO %s SELECT * FROM primedb_partition_move', "
        "parent);\n"
        "            DROP TABLE primedb_partition_move;\n"
        "        ELSE\n"
        "            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO "
        "(%L)',\n"
        "                           sch, part, parent, lo, hi);\n"
        "        END IF;\n"
        "        RETURN NEXT part;\n"
        "    END LOOP;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "COMMENT ON FUNCTION public.ensure_monthly_partitions(regclass, integer, integer, "
        "timestamp with time zone) IS 'Creates <parent>_default and the monthly partitions "
        "<parent>_YYYY_MM (UTC) around anchor; idempotent.'"
    )
    op.execute("SET LOCAL check_function_bodies = off")
    op.execute(
        "CREATE OR REPLACE FUNCTION public.lifecycle_days_is_valid(days jsonb)\n"
        " RETURNS boolean\n"
        " LANGUAGE sql\n"
        " IMMUTABLE PARALLEL SAFE\n"
        "RETURN COALESCE(((jsonb_typeof(days) = 'number'::text) AND ((days)::text ~ "
        "'^[1-9][0-9]{0,8}$'::text)), false)"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.lifecycle_object_has_keys(obj jsonb, keys text[])\n"
        " RETURNS boolean\n"
        " LANGUAGE plpgsql\n"
        " IMMUTABLE PARALLEL SAFE\n"
        "AS $function$\n"
        "BEGIN\n"
        "    IF jsonb_typeof(obj) IS DISTINCT FROM 'object' THEN\n"
        "        RETURN false;  -- checked first: jsonb_object_keys() raises on a non-object\n"
        "    END IF;\n"
        "    RETURN (SELECT coalesce(array_agg(k ORDER BY k COLLATE \"C\"), '{}') FROM "
        "jsonb_object_keys(obj) AS k) = keys;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.lifecycle_rules_problem(rules jsonb)\n"
        " RETURNS text\n"
        " LANGUAGE plpgsql\n"
        " IMMUTABLE PARALLEL SAFE\n"
        "AS $function$\n"
        "DECLARE\n"
        "    rule jsonb;\n"
        "    pos bigint;\n"
        "    at text;\n"
        "    rule_id text;\n"
        "    part jsonb;\n"
        "    item jsonb;\n"
        "    item_pos bigint;\n"
        "    bad text;\n"
        "    seen text[] := '{}';\n"
        "BEGIN\n"
        "    IF rules IS NULL OR jsonb_typeof(rules) <> 'array' THEN\n"
        "        RETURN 'lifecycle rules must be a JSON array';\n"
        "    END IF;\n"
        "    IF jsonb_array_length(rules) > 1000 THEN\n"
        "        RETURN format('at most 1000 lifecycle rules, got %s', "
        "jsonb_array_length(rules));\n"
        "    END IF;\n"
        "    FOR rule, pos IN SELECT e.value, e.ord - 1 FROM jsonb_array_elements(rules) WITH "
        "ORDINALITY AS e(value, ord) LOOP\n"
        "        at := format('rule [%s]', pos);\n"
        "        IF jsonb_typeof(rule) <> 'object' THEN\n"
        "            RETURN at || ' must be a JSON object';\n"
        "        END IF;\n"
        "        SELECT k INTO bad FROM jsonb_object_keys(rule) AS k\n"
        "        WHERE k <> ALL "
        "('{ID,Status,Filter,Expiration,Transitions,NoncurrentVersionExpiration}')\n"
        '        ORDER BY k COLLATE "C" LIMIT 1;\n'
        "        IF bad IS NOT NULL THEN\n"
        "            RETURN format('%s: unknown key %s', at, bad);\n"
        "        END IF;\n"
        "        -- ID\n"
        "        IF jsonb_typeof(rule -> 'ID') IS DISTINCT FROM 'string' THEN\n"
        "            RETURN at || ': ID is required and must be a string';\n"
        "        END IF;\n"
        "        rule_id := rule ->> 'ID';\n"
        "        IF length(rule_id) NOT BETWEEN 1 AND 255 THEN\n"
        "            RETURN at || ': ID must be 1 to 255 characters';\n"
        "        END IF;\n"
        "        IF rule_id = ANY (seen) THEN\n"
        "            RETURN format('%s: ID %s is used by an earlier rule', at, rule_id);\n"
        "        END IF;\n"
        "        seen := seen || rule_id;\n"
        "        -- Status\n"
        "        IF (rule -> 'Status') IS NULL OR (rule -> 'Status') NOT IN ('\"Enabled\"', "
        "'\"Disabled\"') THEN\n"
        '            RETURN at || \': Status is required and must be "Enabled" or "Disabled"\';\n'
        "        END IF;\n"
        "        -- Filter\n"
        "        part := rule -> 'Filter';\n"
        "        IF part IS NOT NULL THEN\n"
        "            IF jsonb_typeof(part) <> 'object' THEN\n"
        "                RETURN at || ': Filter must be an object';\n"
        "            END IF;\n"
        "            SELECT k INTO bad FROM jsonb_object_keys(part) AS k WHERE k <> 'Prefix' ORDER "
        'BY k COLLATE "C" LIMIT 1;\n'
        "            IF bad IS NOT NULL THEN\n"
        "                RETURN format('%s: unknown key Filter.%s', at, bad);\n"
        "            END IF;\n"
        "            IF part ? 'Prefix' AND (jsonb_typeof(part -> 'Prefix') <> 'string'\n"
        "                                    OR length(part ->> 'Prefix') > 1024) THEN\n"
        "                RETURN at || ': Filter.Prefix must be a string of at most 1024 "
        "characters';\n"
        "            END IF;\n"
        "        END IF;\n"
        "        -- Actions\n"
        "        IF NOT (rule ?| '{Expiration,Transitions,NoncurrentVersionExpiration}') THEN\n"
        "            RETURN at || ': needs an action: Expiration, Transitions or "
        "NoncurrentVersionExpiration';\n"
        "        END IF;\n"
        "        part := rule -> 'Expiration';\n"
        "        IF part IS NOT NULL THEN\n"
        "            IF NOT lifecycle_object_has_keys(part, '{Days}') THEN\n"
        "                RETURN at || ': Expiration must be {\"Days\": n}';\n"
        "            END IF;\n"
        "            IF NOT lifecycle_days_is_valid(part -> 'Days') THEN\n"
        "                RETURN at || ': Expiration.Days must be a positive integer';\n"
        "            END IF;\n"
        "        END IF;\n"
        "        part := rule -> 'NoncurrentVersionExpiration';\n"
        "        IF part IS NOT NULL THEN\n"
        "            IF NOT lifecycle_object_has_keys(part, '{NoncurrentDays}') THEN\n"
        '                RETURN at || \': NoncurrentVersionExpiration must be {"NoncurrentDays": '
        "n}';\n"
        "            END IF;\n"
        "            IF NOT lifecycle_days_is_valid(part -> 'NoncurrentDays') THEN\n"
        "                RETURN at || ': NoncurrentVersionExpiration.NoncurrentDays must be a "
        "positive integer';\n"
        "            END IF;\n"
        "        END IF;\n"
        "        part := rule -> 'Transitions';\n"
        "        IF part IS NOT NULL THEN\n"
        "            IF jsonb_typeof(part) <> 'array' OR jsonb_array_length(part) = 0 THEN\n"
        "                RETURN at || ': Transitions must be a non-empty array';\n"
        "            END IF;\n"
        "            FOR item, item_pos IN\n"
        "                SELECT e.value, e.ord - 1 FROM jsonb_array_elements(part) WITH ORDINALITY "
        "AS e(value, ord)\n"
        "            LOOP\n"
        "                IF NOT lifecycle_object_has_keys(item, '{Days,StorageClass}') THEN\n"
        '                    RETURN format(\'%s: Transitions[%s] must be {"Days": n, '
        '"StorageClass": "..."}\',\n'
        "                                  at, item_pos);\n"
        "                END IF;\n"
        "                IF NOT lifecycle_days_is_valid(item -> 'Days') THEN\n"
        "                    RETURN format('%s: Transitions[%s].Days must be a positive integer', "
        "at, item_pos);\n"
        "                END IF;\n"
        "                IF (item -> 'StorageClass') NOT IN ('\"STANDARD_IA\"', '\"ONEZONE_IA\"',\n"
        "                        '\"INTELLIGENT_TIERING\"', '\"GLACIER_IR\"', '\"GLACIER\"', "
        "'\"DEEP_ARCHIVE\"') THEN\n"
        "                    RETURN format('%s: Transitions[%s].StorageClass must be one of "
        "STANDARD_IA, '\n"
        "                                  'ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, "
        "DEEP_ARCHIVE',\n"
        "                                  at, item_pos);\n"
        "                END IF;\n"
        "            END LOOP;\n"
        "        END IF;\n"
        "    END LOOP;\n"
        "    RETURN NULL;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "COMMENT ON FUNCTION public.lifecycle_rules_problem(jsonb) IS 'Why a lifecycle rules "
        "document is invalid (the first problem found), or NULL when it is valid.'"
    )
    op.execute("SET LOCAL check_function_bodies = off")
    op.execute(
        "CREATE OR REPLACE FUNCTION public.lifecycle_rules_is_valid(rules jsonb)\n"
        " RETURNS boolean\n"
        " LANGUAGE sql\n"
        " IMMUTABLE PARALLEL SAFE\n"
        "RETURN (public.lifecycle_rules_problem(rules) IS NULL)"
    )
    op.execute(
        "COMMENT ON FUNCTION public.lifecycle_rules_is_valid(jsonb) IS 'True when the document is "
        "a valid lifecycle rules array (see lifecycle_rules_problem).'"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.monthly_partition_key(parent regclass)\n"
        " RETURNS name\n"
        " LANGUAGE plpgsql\n"
        " STABLE\n"
        "AS $function$\n"
        "DECLARE\n"
        "    key name;\n"
        "BEGIN\n"
        "    SELECT a.attname INTO key\n"
        "    FROM pg_catalog.pg_partitioned_table p\n"
        "    JOIN pg_catalog.pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = "
        "p.partattrs[0]\n"
        "    WHERE p.partrelid = parent AND p.partstrat = 'r' AND p.partnatts = 1\n"
        "      AND a.atttypid = 'timestamptz'::regtype;\n"
        "    IF key IS NULL THEN\n"
        "        RAISE EXCEPTION '% is not partitioned by range on one timestamptz column', "
        "parent\n"
        "            USING ERRCODE = 'wrong_object_type';\n"
        "    END IF;\n"
        "    RETURN key;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.quota_requests_status_transition()\n"
        " RETURNS trigger\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "DECLARE\n"
        "    -- updated_at is stamped by quota_requests_set_updated_at, which runs first.\n"
        "    free CONSTANT text[] := '{requested_by,decided_by,updated_at}';\n"
        "BEGIN\n"
        "    IF NEW.status IS DISTINCT FROM OLD.status THEN\n"
        "        PERFORM raise_rule_violation(\n"
        "            'quota_requests_status_transition', TG_RELID,\n"
        "            format('quota request status cannot change from %s to %s', OLD.status, "
        "NEW.status),\n"
        "            format('quota request %s was already decided', OLD.id),\n"
        "            'open a new request');\n"
        "    END IF;\n"
        "    IF to_jsonb(NEW) - free <> to_jsonb(OLD) - free\n"
        "       OR (NEW.requested_by IS NOT NULL AND NEW.requested_by IS DISTINCT FROM "
        "OLD.requested_by)\n"
        "       OR (NEW.decided_by IS NOT NULL AND NEW.decided_by IS DISTINCT FROM OLD.decided_by) "
        "THEN\n"
        "        PERFORM raise_rule_violation(\n"
        "            'quota_requests_status_transition', TG_RELID,\n"
        "            format('quota request %s was already %s; a decided request cannot change', "
        "OLD.id, OLD.status),\n"
        "            format('quota request %s of account %s', OLD.id, OLD.account_id),\n"
        "            'open a new request');\n"
        "    END IF;\n"
        "    RETURN NEW;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.raise_rule_violation(rule name, rel regclass, message "
        "text, detail text, hint text DEFAULT NULL::text, errcode text DEFAULT "
        "'check_violation'::text)\n"
        " RETURNS void\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "DECLARE\n"
        "    tbl name;\n"
        "    sch name;\n"
        "BEGIN\n"
        "    SELECT c.relname, n.nspname INTO tbl, sch\n"
        "    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
        "    WHERE c.oid = rel;\n"
        "    IF hint IS NULL THEN\n"
        "        RAISE EXCEPTION USING ERRCODE = errcode, MESSAGE = message, DETAIL = detail,\n"
        "            CONSTRAINT = rule, TABLE = tbl, SCHEMA = sch;\n"
        "    END IF;\n"
        "    RAISE EXCEPTION USING ERRCODE = errcode, MESSAGE = message, DETAIL = detail, HINT = "
        "hint,\n"
        "        CONSTRAINT = rule, TABLE = tbl, SCHEMA = sch;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "COMMENT ON FUNCTION public.raise_rule_violation(name, regclass, text, text, text, text) "
        "IS 'Raises an integrity error whose constraint_name is the rule''s name (used by rule "
        "triggers).'"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.set_updated_at()\n"
        " RETURNS trigger\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "BEGIN\n"
        "    NEW.updated_at := now();\n"
        "    RETURN NEW;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "COMMENT ON FUNCTION public.set_updated_at() IS 'Trigger function: stamps updated_at with "
        "the transaction time on every real change.'"
    )
    op.execute(
        "CREATE TABLE public.access_keys (\n"
        "    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n"
        "    account_id bigint NOT NULL,\n"
        "    access_key_id text NOT NULL,\n"
        "    secret_ciphertext bytea NOT NULL,\n"
        "    secret_kek_id text NOT NULL,\n"
        "    status text DEFAULT 'active'::text NOT NULL,\n"
        "    created_at timestamp with time zone DEFAULT now() NOT NULL,\n"
        "    updated_at timestamp with time zone DEFAULT now() NOT NULL,\n"
        "    rotated_at timestamp with time zone,\n"
        "    revoked_at timestamp with time zone,\n"
        "    last_used_at timestamp with time zone\n"
        ")"
    )
    op.execute(
        "COMMENT ON TABLE public.access_keys IS 'S3 credentials of an account: public "
        "access_key_id, encrypted secret; revoked, never deleted.'"
    )
    op.execute(
        "CREATE TABLE public.account_members (\n"
        "    account_id bigint NOT NULL,\n"
        "    user_id bigint NOT NULL,\n"
        "    role text NOT NULL,\n"
        "    created_at timestamp with time zone DEFAULT now() NOT NULL,\n"
        "    updated_at timestamp with time zone DEFAULT now() NOT NULL\n"
        ")"
    )
    op.execute(
        "COMMENT ON TABLE public.account_members IS 'Who belongs to which account, with which role "
        "(owner, admin, member, viewer).'"
    )
    op.execute(
        "CREATE TABLE public.accounts (\n"
        "    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n"
        "    name text NOT NULL,\n"
        "    cnpj text NOT NULL,\n"
        "    status text DEFAULT 'pending'::text NOT NULL,\n"
        "    created_at timestamp with time zone DEFAULT now() NOT NULL,\n"
        "    updated_at timestamp with time zone DEFAULT now() NOT NULL\n"
        ")"
    )
    op.execute(
        "COMMENT ON TABLE public.accounts IS 'Organisation accounts (tenants), one per CNPJ; "
        "nearly every other row belongs to one.'"
    )
    op.execute(
        "CREATE TABLE public.audit_logs (\n"
        "    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n"
        "    account_id bigint NOT NULL,\n"
        "    actor_user_id bigint,\n"
        "    action text NOT NULL,\n"
        "    resource_type text NOT NULL,\n"
        "    resource_id text,\n"
        "    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,\n"
        "    ip inet,\n"
        "    created_at timestamp with time zone DEFAULT now() NOT NULL\n"
        ") PARTITION BY RANGE (created_at)"
    )
    op.execute(
        "COMMENT ON TABLE public.audit_logs IS 'Append-only trail of actions on an account''s "
        "resources; outlives users and accounts; partitioned by month.'"
    )
    op.execute("CREATE TABLE public.audit_logs_default PARTITION OF public.audit_logs DEFAULT")
    op.execute(
        "CREATE TABLE public.buckets (\n"
        "    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n"
        "    account_id bigint NOT NULL,\n"
        "    name text NOT NULL,\n"
        "    region text NOT NULL,\n"
        "    versioning text DEFAULT 'unversioned'::text NOT NULL,\n"
        "    lifecycle_rules jsonb DEFAULT '[]'::jsonb NOT NULL,\n"
        "    created_at timestamp with time zone DEFAULT now() NOT NULL,\n"
        "    updated_at timestamp with time zone DEFAULT now() NOT NULL\n"
        ")"
    )
    op.execute(
        "COMMENT ON TABLE public.buckets IS 'S3-style storage buckets of an account, with "
        "versioning state and lifecycle rules (JSONB).'"
    )
    op.execute(
        "CREATE TABLE public.invitations (\n"
        "    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n"
        "    account_id bigint NOT NULL,\n"
        "    email text NOT NULL,\n"
        "    role text NOT NULL,\n"
        "    token_hash bytea NOT NULL,\n"
        "    status text DEFAULT 'pending'::text NOT NULL,\n"
        "    invited_by bigint,\n"
        "    expires_at timestamp with time zone NOT NULL,\n"
        "    accepted_at timestamp with time zone,\n"
        "    created_at timestamp with time zone DEFAULT now() NOT NULL,\n"
        "    updated_at timestamp with time zone DEFAULT now() NOT NULL\n"
        ")"
    )
    op.execute(
        "COMMENT ON TABLE public.invitations IS 'Invitations to join an account, by e-mail, with "
        "the role the invitee will get.'"
    )
    op.execute(
        "CREATE TABLE public.invoices (\n"
        "    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n"
        "    account_id bigint NOT NULL,\n"
        "    subscription_id bigint,\n"
        "    period_start date NOT NULL,\n"
        "    period_end date NOT NULL,\n"
        "    amount_cents bigint NOT NULL,\n"
        "    currency text DEFAULT 'BRL'::text NOT NULL,\n"
        "    status text DEFAULT 'draft'::text NOT NULL,\n"
        "    due_at timestamp with time zone NOT NULL,\n"
        "    paid_at timestamp with time zone,\n"
        "    created_at timestamp with time zone DEFAULT now() NOT NULL,\n"
        "    updated_at timestamp with time zone DEFAULT now() NOT NULL\n"
        ")"
    )
    op.execute(
        "COMMENT ON TABLE public.invoices IS 'Bills for a period of an account (a fiscal record: "
        "kept, never deleted with the account).'"
    )
    op.execute(
        "CREATE TABLE public.notifications (\n"
        "    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n"
        "    user_id bigint NOT NULL,\n"
        "    account_id bigint,\n"
        "    kind text NOT NULL,\n"
        "    title text NOT NULL,\n"
        "    body text DEFAULT ''::text NOT NULL,\n"
        "    read boolean DEFAULT false NOT NULL,\n"
        "    created_at timestamp with time zone DEFAULT now() NOT NULL\n"
        ")"
    )
    op.execute(
        "COMMENT ON TABLE public.notifications IS 'Messages shown to a user (unread first), "
        "optionally about one account.'"
    )
    op.execute(
        "CREATE TABLE public.orders (\n"
        "    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n"
        "    account_id bigint NOT NULL,\n"
        "    product_id bigint NOT NULL,\n"
        "    subscription_id bigint,\n"
        "    quantity integer NOT NULL,\n"
        "    total_cents bigint NOT NULL,\n"
        "    currency text DEFAULT 'BRL'::text NOT NULL,\n"
        "    status text DEFAULT 'pending'::text NOT NULL,\n"
        "    created_at timestamp with time zone DEFAULT now() NOT NULL,\n"
        "    updated_at timestamp with time zone DEFAULT now() NOT NULL\n"
        ")"
    )
    op.execute(
        "COMMENT ON TABLE public.orders IS 'Purchases made by an account (a fiscal record: kept, "
        "never deleted with the account).'"
    )
    op.execute(
        "CREATE TABLE public.products (\n"
        "    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n"
        "    sku text NOT NULL,\n"
        "    name text NOT NULL,\n"
        "    price_cents bigint NOT NULL,\n"
        "    currency text DEFAULT 'BRL'::text NOT NULL,\n"
        "    active boolean DEFAULT true NOT NULL,\n"
        "    created_at timestamp with time zone DEFAULT now() NOT NULL,\n"
        "    updated_at timestamp with time zone DEFAULT now() NOT NULL\n"
        ")"
    )
    op.execute(
        "COMMENT ON TABLE public.products IS 'The catalogue of what can be bought; retired with "
        "active = false, never deleted once sold.'"
    )
    op.execute(
        "CREATE TABLE public.quota_requests (\n"
        "    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n"
        "    account_id bigint NOT NULL,\n"
        "    requested_by bigint,\n"
        "    resource text NOT NULL,\n"
        "    current_limit bigint NOT NULL,\n"
        "    requested_limit bigint NOT NULL,\n"
        "    status text DEFAULT 'pending'::text NOT NULL,\n"
        "    reason text DEFAULT ''::text NOT NULL,\n"
        "    decided_by bigint,\n"
        "    decided_at timestamp with time zone,\n"
        "    created_at timestamp with time zone DEFAULT now() NOT NULL,\n"
        "    updated_at timestamp with time zone DEFAULT now() NOT NULL\n"
        ")"
    )
    op.execute(
        "COMMENT ON TABLE public.quota_requests IS 'Requests to raise an account''s limit on a "
        "resource, decided (approved or rejected) by staff.'"
    )
    op.execute(
        "CREATE TABLE public.subscriptions (\n"
        "    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n"
        "    account_id bigint NOT NULL,\n"
        "    product_id bigint NOT NULL,\n"
        "    status text DEFAULT 'active'::text NOT NULL,\n"
        "    started_at timestamp with time zone DEFAULT now() NOT NULL,\n"
        "    ended_at timestamp with time zone,\n"
        "    created_at timestamp with time zone DEFAULT now() NOT NULL,\n"
        "    updated_at timestamp with time zone DEFAULT now() NOT NULL\n"
        ")"
    )
    op.execute(
        "COMMENT ON TABLE public.subscriptions IS 'An account''s subscription to a product, from "
        "started_at to ended_at.'"
    )
    op.execute(
        "CREATE TABLE public.usage_records (\n"
        "    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n"
        "    account_id bigint NOT NULL,\n"
        "    bucket_id bigint,\n"
        "    metric text NOT NULL,\n"
        "    quantity bigint NOT NULL,\n"
        "    recorded_at timestamp with time zone DEFAULT now() NOT NULL\n"
        ") PARTITION BY RANGE (recorded_at)"
    )
    op.execute(
        "COMMENT ON TABLE public.usage_records IS 'Metered consumption (bytes, objects, requests) "
        "of an account and bucket; partitioned by month.'"
    )
    op.execute(
        "CREATE TABLE public.usage_records_default PARTITION OF public.usage_records DEFAULT"
    )
    op.execute(
        "CREATE TABLE public.users (\n"
        "    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n"
        "    email text NOT NULL,\n"
        "    name text NOT NULL,\n"
        "    created_at timestamp with time zone DEFAULT now() NOT NULL,\n"
        "    updated_at timestamp with time zone DEFAULT now() NOT NULL\n"
        ")"
    )
    op.execute(
        "COMMENT ON TABLE public.users IS 'People who sign in; global, not owned by an account "
        "(membership is in account_members).'"
    )
    op.execute(
        "ALTER TABLE public.access_keys ADD CONSTRAINT access_keys_access_key_id_key UNIQUE "
        "(access_key_id)"
    )
    op.execute(
        "ALTER TABLE public.access_keys ADD CONSTRAINT access_keys_access_key_id_shape CHECK "
        "(((access_key_id ~ '^[A-Z0-9]+$'::text) AND ((length(access_key_id) >= 16) AND "
        "(length(access_key_id) <= 128))))"
    )
    op.execute("ALTER TABLE public.access_keys ADD CONSTRAINT access_keys_pkey PRIMARY KEY (id)")
    op.execute(
        "ALTER TABLE public.access_keys ADD CONSTRAINT access_keys_revoked_at_matches_status CHECK "
        "(((status = 'revoked'::text) = (revoked_at IS NOT NULL)))"
    )
    op.execute(
        "ALTER TABLE public.access_keys ADD CONSTRAINT access_keys_rotated_after_created CHECK "
        "((rotated_at >= created_at))"
    )
    op.execute(
        "ALTER TABLE public.access_keys ADD CONSTRAINT access_keys_secret_ciphertext_length CHECK "
        "(((octet_length(secret_ciphertext) >= 44) AND (octet_length(secret_ciphertext) <= 1024)))"
    )
    op.execute(
        "ALTER TABLE public.access_keys ADD CONSTRAINT access_keys_secret_kek_id_not_blank CHECK "
        "((btrim(secret_kek_id) <> ''::text))"
    )
    op.execute(
        "ALTER TABLE public.access_keys ADD CONSTRAINT access_keys_secret_not_plaintext CHECK "
        "((encode(secret_ciphertext, 'hex'::text) !~ '^([2-7][0-9a-f])*$'::text))"
    )
    op.execute(
        "ALTER TABLE public.access_keys ADD CONSTRAINT access_keys_status_valid CHECK ((status = "
        "ANY (ARRAY['active'::text, 'inactive'::text, 'revoked'::text])))"
    )
    op.execute(
        "ALTER TABLE public.account_members ADD CONSTRAINT account_members_pkey PRIMARY KEY "
        "(account_id, user_id)"
    )
    op.execute(
        "ALTER TABLE public.account_members ADD CONSTRAINT account_members_role_valid CHECK ((role "
        "= ANY (ARRAY['owner'::text, 'admin'::text, 'member'::text, 'viewer'::text])))"
    )
    op.execute("ALTER TABLE public.accounts ADD CONSTRAINT accounts_cnpj_key UNIQUE (cnpj)")
    op.execute(
        "ALTER TABLE public.accounts ADD CONSTRAINT accounts_cnpj_normalized CHECK ((cnpj = "
        "public.cnpj_normalize(cnpj)))"
    )
    op.execute(
        "ALTER TABLE public.accounts ADD CONSTRAINT accounts_cnpj_valid CHECK "
        "(public.cnpj_is_valid(cnpj))"
    )
    op.execute(
        "ALTER TABLE public.accounts ADD CONSTRAINT accounts_name_not_blank CHECK ((btrim(name) <> "
        "''::text))"
    )
    op.execute("ALTER TABLE public.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (id)")
    op.execute(
        "ALTER TABLE public.accounts ADD CONSTRAINT accounts_status_valid CHECK ((status = ANY "
        "(ARRAY['pending'::text, 'approved'::text, 'active'::text, 'suspended'::text, "
        "'closed'::text])))"
    )
    op.execute(
        "ALTER TABLE public.audit_logs ADD CONSTRAINT audit_logs_action_shape CHECK (((action ~ "
        "'^[a-z][a-z_]*(\\.[a-z][a-z_]*)+$'::text) AND (length(action) <= 100)))"
    )
    op.execute(
        "ALTER TABLE public.audit_logs ADD CONSTRAINT audit_logs_metadata_object CHECK "
        "((jsonb_typeof(metadata) = 'object'::text))"
    )
    op.execute(
        "ALTER TABLE public.audit_logs ADD CONSTRAINT audit_logs_pkey PRIMARY KEY (account_id, "
        "created_at, id)"
    )
    op.execute(
        "ALTER TABLE public.audit_logs ADD CONSTRAINT audit_logs_resource_id_length CHECK "
        "(((length(resource_id) >= 1) AND (length(resource_id) <= 1024)))"
    )
    op.execute(
        "ALTER TABLE public.audit_logs ADD CONSTRAINT audit_logs_resource_type_valid CHECK "
        "((resource_type = ANY (ARRAY['account'::text, 'account_member'::text, 'invitation'::text, "
        "'user'::text, 'product'::text, 'subscription'::text, 'order'::text, 'invoice'::text, "
        "'bucket'::text, 'access_key'::text, 'usage_record'::text, 'quota_request'::text, "
        "'notification'::text])))"
    )
    op.execute(
        "ALTER TABLE public.buckets ADD CONSTRAINT buckets_account_id_id_key UNIQUE (account_id, "
        "id)"
    )
    op.execute(
        "ALTER TABLE public.buckets ADD CONSTRAINT buckets_account_id_name_key UNIQUE (account_id, "
        "name)"
    )
    op.execute(
        "ALTER TABLE public.buckets ADD CONSTRAINT buckets_lifecycle_rules_valid CHECK "
        "(public.lifecycle_rules_is_valid(lifecycle_rules))"
    )
    op.execute(
        "ALTER TABLE public.buckets ADD CONSTRAINT buckets_name_valid CHECK "
        "(public.bucket_name_is_valid(name))"
    )
    op.execute("ALTER TABLE public.buckets ADD CONSTRAINT buckets_pkey PRIMARY KEY (id)")
    op.execute(
        "ALTER TABLE public.buckets ADD CONSTRAINT buckets_region_shape CHECK ((region ~ "
        "'^[a-z]{2}(-[a-z0-9]+)+$'::text))"
    )
    op.execute(
        "ALTER TABLE public.buckets ADD CONSTRAINT buckets_versioning_valid CHECK ((versioning = "
        "ANY (ARRAY['unversioned'::text, 'enabled'::text, 'suspended'::text])))"
    )
    op.execute(
        "ALTER TABLE public.invitations ADD CONSTRAINT invitations_accepted_at_matches_status "
        "CHECK (((status = 'accepted'::text) = (accepted_at IS NOT NULL)))"
    )
    op.execute(
        "ALTER TABLE public.invitations ADD CONSTRAINT invitations_email_shape CHECK (((email ~ "
        "'^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$'::text) AND (length(email) <= 254)))"
    )
    op.execute(
        "ALTER TABLE public.invitations ADD CONSTRAINT invitations_expires_after_created CHECK "
        "((expires_at > created_at))"
    )
    op.execute("ALTER TABLE public.invitations ADD CONSTRAINT invitations_pkey PRIMARY KEY (id)")
    op.execute(
        "ALTER TABLE public.invitations ADD CONSTRAINT invitations_role_valid CHECK ((role = ANY "
        "(ARRAY['owner'::text, 'admin'::text, 'member'::text, 'viewer'::text])))"
    )
    op.execute(
        "ALTER TABLE public.invitations ADD CONSTRAINT invitations_status_valid CHECK ((status = "
        "ANY (ARRAY['pending'::text, 'accepted'::text, 'revoked'::text, 'expired'::text])))"
    )
    op.execute(
        "ALTER TABLE public.invitations ADD CONSTRAINT invitations_token_hash_key UNIQUE "
        "(token_hash)"
    )
    op.execute(
        "ALTER TABLE public.invitations ADD CONSTRAINT invitations_token_hash_sha256 CHECK "
        "((octet_length(token_hash) = 32))"
    )
    op.execute(
        "ALTER TABLE public.invoices ADD CONSTRAINT invoices_amount_not_negative CHECK "
        "((amount_cents >= 0))"
    )
    op.execute(
        "ALTER TABLE public.invoices ADD CONSTRAINT invoices_currency_iso4217 CHECK ((currency ~ "
        "'^[A-Z]{3}$'::text))"
    )
    op.execute(
        "ALTER TABLE public.invoices ADD CONSTRAINT invoices_paid_at_matches_status CHECK "
        "(((status = 'paid'::text) = (paid_at IS NOT NULL)))"
    )
    op.execute(
        "ALTER TABLE public.invoices ADD CONSTRAINT invoices_period_valid CHECK ((period_end > "
        "period_start))"
    )
    op.execute("ALTER TABLE public.invoices ADD CONSTRAINT invoices_pkey PRIMARY KEY (id)")
    op.execute(
        "ALTER TABLE public.invoices ADD CONSTRAINT invoices_status_valid CHECK ((status = ANY "
        "(ARRAY['draft'::text, 'open'::text, 'paid'::text, 'void'::text, 'uncollectible'::text])))"
    )
    op.execute(
        "ALTER TABLE public.invoices ADD CONSTRAINT invoices_subscription_period_key UNIQUE "
        "(account_id, subscription_id, period_start)"
    )
    op.execute(
        "ALTER TABLE public.notifications ADD CONSTRAINT notifications_kind_valid CHECK ((kind = "
        "ANY (ARRAY['invitation'::text, 'billing'::text, 'quota'::text, 'security'::text, "
        "'usage'::text, 'system'::text])))"
    )
    op.execute(
        "ALTER TABLE public.notifications ADD CONSTRAINT notifications_pkey PRIMARY KEY (id)"
    )
    op.execute(
        "ALTER TABLE public.notifications ADD CONSTRAINT notifications_title_length CHECK "
        "(((length(btrim(title)) >= 1) AND (length(btrim(title)) <= 200)))"
    )
    op.execute(
        "ALTER TABLE public.orders ADD CONSTRAINT orders_currency_iso4217 CHECK ((currency ~ "
        "'^[A-Z]{3}$'::text))"
    )
    op.execute("ALTER TABLE public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id)")
    op.execute(
        "ALTER TABLE public.orders ADD CONSTRAINT orders_quantity_positive CHECK ((quantity > 0))"
    )
    op.execute(
        "ALTER TABLE public.orders ADD CONSTRAINT orders_status_valid CHECK ((status = ANY "
        "(ARRAY['pending'::text, 'paid'::text, 'canceled'::text, 'refunded'::text, "
        "'failed'::text])))"
    )
    op.execute(
        "ALTER TABLE public.orders ADD CONSTRAINT orders_total_not_negative CHECK ((total_cents >= "
        "0))"
    )
    op.execute(
        "ALTER TABLE public.products ADD CONSTRAINT products_currency_iso4217 CHECK ((currency ~ "
        "'^[A-Z]{3}$'::text))"
    )
    op.execute(
        "ALTER TABLE public.products ADD CONSTRAINT products_name_not_blank CHECK ((btrim(name) <> "
        "''::text))"
    )
    op.execute("ALTER TABLE public.products ADD CONSTRAINT products_pkey PRIMARY KEY (id)")
    op.execute(
        "ALTER TABLE public.products ADD CONSTRAINT products_price_not_negative CHECK "
        "((price_cents >= 0))"
    )
    op.execute("ALTER TABLE public.products ADD CONSTRAINT products_sku_key UNIQUE (sku)")
    op.execute(
        "ALTER TABLE public.products ADD CONSTRAINT products_sku_shape CHECK ((sku ~ "
        "'^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'::text))"
    )
    op.execute(
        "ALTER TABLE public.quota_requests ADD CONSTRAINT "
        "quota_requests_current_limit_not_negative CHECK ((current_limit >= 0))"
    )
    op.execute(
        "ALTER TABLE public.quota_requests ADD CONSTRAINT quota_requests_decided_after_created "
        "CHECK ((decided_at >= created_at))"
    )
    op.execute(
        "ALTER TABLE public.quota_requests ADD CONSTRAINT quota_requests_decided_at_matches_status "
        "CHECK (((status = 'pending'::text) = (decided_at IS NULL)))"
    )
    op.execute(
        "ALTER TABLE public.quota_requests ADD CONSTRAINT quota_requests_pkey PRIMARY KEY (id)"
    )
    op.execute(
        "ALTER TABLE public.quota_requests ADD CONSTRAINT quota_requests_requested_limit_increases "
        "CHECK ((requested_limit > current_limit))"
    )
    op.execute(
        "ALTER TABLE public.quota_requests ADD CONSTRAINT quota_requests_resource_valid CHECK "
        "((resource = ANY (ARRAY['storage_bytes'::text, 'buckets'::text, 'access_keys'::text, "
        "'members'::text, 'egress_bytes'::text])))"
    )
    op.execute(
        "ALTER TABLE public.quota_requests ADD CONSTRAINT quota_requests_status_valid CHECK "
        "((status = ANY (ARRAY['pending'::text, 'approved'::text, 'rejected'::text])))"
    )
    op.execute(
        "ALTER TABLE public.subscriptions ADD CONSTRAINT subscriptions_account_id_id_key UNIQUE "
        "(account_id, id)"
    )
    op.execute(
        "ALTER TABLE public.subscriptions ADD CONSTRAINT subscriptions_canceled_has_ended_at CHECK "
        "(((status <> 'canceled'::text) OR (ended_at IS NOT NULL)))"
    )
    op.execute(
        "ALTER TABLE public.subscriptions ADD CONSTRAINT subscriptions_ended_after_started CHECK "
        "((ended_at >= started_at))"
    )
    op.execute(
        "ALTER TABLE public.subscriptions ADD CONSTRAINT subscriptions_pkey PRIMARY KEY (id)"
    )
    op.execute(
        "ALTER TABLE public.subscriptions ADD CONSTRAINT subscriptions_status_valid CHECK ((status "
        "= ANY (ARRAY['trialing'::text, 'active'::text, 'past_due'::text, 'canceled'::text])))"
    )
    op.execute(
        "ALTER TABLE public.usage_records ADD CONSTRAINT usage_records_metric_valid CHECK ((metric "
        "= ANY (ARRAY['storage_bytes'::text, 'object_count'::text, 'ingress_bytes'::text, "
        "'egress_bytes'::text, 'requests_get'::text, 'requests_put'::text, 'requests_list'::text, "
        "'requests_delete'::text])))"
    )
    op.execute(
        "ALTER TABLE public.usage_records ADD CONSTRAINT usage_records_pkey PRIMARY KEY "
        "(account_id, recorded_at, id)"
    )
    op.execute(
        "ALTER TABLE public.usage_records ADD CONSTRAINT usage_records_quantity_not_negative CHECK "
        "((quantity >= 0))"
    )
    op.execute(
        "ALTER TABLE public.users ADD CONSTRAINT users_email_shape CHECK (((email ~ "
        "'^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$'::text) AND (length(email) <= 254)))"
    )
    op.execute(
        "ALTER TABLE public.users ADD CONSTRAINT users_name_not_blank CHECK ((btrim(name) <> "
        "''::text))"
    )
    op.execute("ALTER TABLE public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id)")
    # takes SHARE
    op.execute(
        "CREATE INDEX access_keys_account_id_idx ON public.access_keys USING btree (account_id)"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.invitations ADD CONSTRAINT invitations_invited_by_fkey FOREIGN KEY "
        "(account_id, invited_by) REFERENCES public.account_members(account_id, user_id) ON UPDATE "
        "RESTRICT ON DELETE SET NULL (invited_by)"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.quota_requests ADD CONSTRAINT quota_requests_requested_by_fkey FOREIGN "
        "KEY (account_id, requested_by) REFERENCES public.account_members(account_id, user_id) ON "
        "UPDATE RESTRICT ON DELETE SET NULL (requested_by)"
    )
    # takes SHARE
    op.execute(
        "CREATE INDEX account_members_user_id_idx ON public.account_members USING btree (user_id)"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.access_keys ADD CONSTRAINT access_keys_account_id_fkey FOREIGN KEY "
        "(account_id) REFERENCES public.accounts(id) ON UPDATE RESTRICT ON DELETE CASCADE"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.account_members ADD CONSTRAINT account_members_account_id_fkey FOREIGN "
        "KEY (account_id) REFERENCES public.accounts(id) ON UPDATE RESTRICT ON DELETE CASCADE"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.buckets ADD CONSTRAINT buckets_account_id_fkey FOREIGN KEY "
        "(account_id) REFERENCES public.accounts(id) ON UPDATE RESTRICT ON DELETE CASCADE"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.invitations ADD CONSTRAINT invitations_account_id_fkey FOREIGN KEY "
        "(account_id) REFERENCES public.accounts(id) ON UPDATE RESTRICT ON DELETE CASCADE"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.invoices ADD CONSTRAINT invoices_account_id_fkey FOREIGN KEY "
        "(account_id) REFERENCES public.accounts(id) ON UPDATE RESTRICT ON DELETE RESTRICT"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.notifications ADD CONSTRAINT notifications_account_id_fkey FOREIGN KEY "
        "(account_id) REFERENCES public.accounts(id) ON UPDATE RESTRICT ON DELETE CASCADE"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.orders ADD CONSTRAINT orders_account_id_fkey FOREIGN KEY (account_id) "
        "REFERENCES public.accounts(id) ON UPDATE RESTRICT ON DELETE RESTRICT"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.quota_requests ADD CONSTRAINT quota_requests_account_id_fkey FOREIGN "
        "KEY (account_id) REFERENCES public.accounts(id) ON UPDATE RESTRICT ON DELETE CASCADE"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.subscriptions ADD CONSTRAINT subscriptions_account_id_fkey FOREIGN KEY "
        "(account_id) REFERENCES public.accounts(id) ON UPDATE RESTRICT ON DELETE CASCADE"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.usage_records ADD CONSTRAINT usage_records_account_id_fkey FOREIGN KEY "
        "(account_id) REFERENCES public.accounts(id) ON UPDATE RESTRICT ON DELETE CASCADE"
    )
    # takes SHARE
    op.execute(
        "CREATE INDEX audit_logs_actor_user_id_idx ON public.audit_logs USING btree "
        "(actor_user_id) WHERE (actor_user_id IS NOT NULL)"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.usage_records ADD CONSTRAINT usage_records_bucket_fkey FOREIGN KEY "
        "(account_id, bucket_id) REFERENCES public.buckets(account_id, id) ON UPDATE RESTRICT ON "
        "DELETE SET NULL (bucket_id)"
    )
    # takes SHARE
    op.execute(
        "CREATE INDEX buckets_lifecycle_enabled_idx ON public.buckets USING btree (id) WHERE "
        '(lifecycle_rules @> \'[{"Status": "Enabled"}]\'::jsonb)'
    )
    # takes SHARE
    op.execute(
        "CREATE INDEX invitations_account_id_invited_by_idx ON public.invitations USING btree "
        "(account_id, invited_by)"
    )
    # takes SHARE
    op.execute(
        "CREATE INDEX invitations_pending_email_idx ON public.invitations USING btree "
        "(lower(email)) WHERE (status = 'pending'::text)"
    )
    # takes SHARE
    op.execute(
        "CREATE UNIQUE INDEX invitations_pending_email_key ON public.invitations USING btree "
        "(account_id, lower(email)) WHERE (status = 'pending'::text)"
    )
    # takes SHARE
    op.execute(
        "CREATE INDEX invoices_open_due_idx ON public.invoices USING btree (due_at) WHERE (status "
        "= 'open'::text)"
    )
    # takes SHARE
    op.execute(
        "CREATE INDEX notifications_account_id_idx ON public.notifications USING btree "
        "(account_id) WHERE (account_id IS NOT NULL)"
    )
    # takes SHARE
    op.execute(
        "CREATE INDEX notifications_user_read_created_idx ON public.notifications USING btree "
        "(user_id, read, created_at DESC, id DESC)"
    )
    # takes SHARE
    op.execute(
        "CREATE INDEX orders_account_created_idx ON public.orders USING btree (account_id, "
        "created_at DESC, id DESC)"
    )
    # takes SHARE
    op.execute("CREATE INDEX orders_product_id_idx ON public.orders USING btree (product_id)")
    # takes SHARE
    op.execute(
        "CREATE INDEX orders_subscription_idx ON public.orders USING btree (account_id, "
        "subscription_id) WHERE (subscription_id IS NOT NULL)"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.orders ADD CONSTRAINT orders_product_id_fkey FOREIGN KEY (product_id) "
        "REFERENCES public.products(id) ON UPDATE RESTRICT ON DELETE RESTRICT"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.subscriptions ADD CONSTRAINT subscriptions_product_id_fkey FOREIGN KEY "
        "(product_id) REFERENCES public.products(id) ON UPDATE RESTRICT ON DELETE RESTRICT"
    )
    # takes SHARE
    op.execute(
        "CREATE INDEX quota_requests_account_id_requested_by_idx ON public.quota_requests USING "
        "btree (account_id, requested_by)"
    )
    # takes SHARE
    op.execute(
        "CREATE INDEX quota_requests_decided_by_idx ON public.quota_requests USING btree "
        "(decided_by) WHERE (decided_by IS NOT NULL)"
    )
    # takes SHARE
    op.execute(
        "CREATE UNIQUE INDEX quota_requests_one_pending_per_resource ON public.quota_requests "
        "USING btree (account_id, resource) WHERE (status = 'pending'::text)"
    )
    # takes SHARE
    op.execute(
        "CREATE INDEX quota_requests_pending_idx ON public.quota_requests USING btree (created_at) "
        "WHERE (status = 'pending'::text)"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.invoices ADD CONSTRAINT invoices_subscription_fkey FOREIGN KEY "
        "(account_id, subscription_id) REFERENCES public.subscriptions(account_id, id) ON UPDATE "
        "RESTRICT ON DELETE RESTRICT"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.orders ADD CONSTRAINT orders_subscription_fkey FOREIGN KEY "
        "(account_id, subscription_id) REFERENCES public.subscriptions(account_id, id) ON UPDATE "
        "RESTRICT ON DELETE RESTRICT"
    )
    # takes SHARE
    op.execute(
        "CREATE UNIQUE INDEX subscriptions_one_live_per_product ON public.subscriptions USING "
        "btree (account_id, product_id) WHERE (status <> 'canceled'::text)"
    )
    # takes SHARE
    op.execute(
        "CREATE INDEX subscriptions_product_id_idx ON public.subscriptions USING btree (product_id)"
    )
    # takes SHARE
    op.execute(
        "CREATE INDEX usage_records_bucket_idx ON public.usage_records USING btree (account_id, "
        "bucket_id, recorded_at) WHERE (bucket_id IS NOT NULL)"
    )
    # takes SHARE
    op.execute(
        "CREATE UNIQUE INDEX users_email_lower_key ON public.users USING btree (lower(email))"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.account_members ADD CONSTRAINT account_members_user_id_fkey FOREIGN "
        "KEY (user_id) REFERENCES public.users(id) ON UPDATE RESTRICT ON DELETE CASCADE"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.audit_logs ADD CONSTRAINT audit_logs_actor_user_id_fkey FOREIGN KEY "
        "(actor_user_id) REFERENCES public.users(id) ON UPDATE RESTRICT ON DELETE SET NULL"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.notifications ADD CONSTRAINT notifications_user_id_fkey FOREIGN KEY "
        "(user_id) REFERENCES public.users(id) ON UPDATE RESTRICT ON DELETE CASCADE"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "ALTER TABLE public.quota_requests ADD CONSTRAINT quota_requests_decided_by_fkey FOREIGN "
        "KEY (decided_by) REFERENCES public.users(id) ON UPDATE RESTRICT ON DELETE SET NULL"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER access_keys_access_key_id_immutable BEFORE UPDATE OF access_key_id ON "
        "public.access_keys FOR EACH ROW WHEN ((old.access_key_id IS DISTINCT FROM "
        "new.access_key_id)) EXECUTE FUNCTION public.access_keys_access_key_id_immutable()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER access_keys_no_delete BEFORE DELETE ON public.access_keys FOR EACH ROW "
        "EXECUTE FUNCTION public.access_keys_no_delete()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER access_keys_revoked_is_final BEFORE UPDATE ON public.access_keys FOR EACH "
        "ROW WHEN (((old.status = 'revoked'::text) AND ((new.status <> 'revoked'::text) OR "
        "(new.secret_ciphertext IS DISTINCT FROM old.secret_ciphertext)))) EXECUTE FUNCTION "
        "public.access_keys_revoked_is_final()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER access_keys_set_updated_at BEFORE UPDATE ON public.access_keys FOR EACH "
        "ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION public.set_updated_at()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER access_keys_stamp BEFORE UPDATE OF secret_ciphertext, status ON "
        "public.access_keys FOR EACH ROW EXECUTE FUNCTION public.access_keys_stamp()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE CONSTRAINT TRIGGER account_members_owner_deleted AFTER DELETE ON "
        "public.account_members DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((old.role = "
        "'owner'::text)) EXECUTE FUNCTION public.accounts_owner_required()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE CONSTRAINT TRIGGER account_members_owner_demoted AFTER UPDATE ON "
        "public.account_members DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (((old.role = "
        "'owner'::text) AND ((new.role <> 'owner'::text) OR (new.account_id <> old.account_id)))) "
        "EXECUTE FUNCTION public.accounts_owner_required()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER account_members_set_updated_at BEFORE UPDATE ON public.account_members FOR "
        "EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION public.set_updated_at()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER accounts_cnpj_normalize BEFORE INSERT OR UPDATE OF cnpj ON public.accounts "
        "FOR EACH ROW EXECUTE FUNCTION public.accounts_cnpj_normalize()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE CONSTRAINT TRIGGER accounts_owner_required AFTER INSERT ON public.accounts "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "
        "public.accounts_owner_required()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER accounts_set_updated_at BEFORE UPDATE ON public.accounts FOR EACH ROW WHEN "
        "((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION public.set_updated_at()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER accounts_status_transition BEFORE UPDATE OF status ON public.accounts FOR "
        "EACH ROW WHEN ((old.status IS DISTINCT FROM new.status)) EXECUTE FUNCTION "
        "public.accounts_status_transition()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER audit_logs_append_only BEFORE DELETE OR UPDATE ON public.audit_logs FOR "
        "EACH ROW EXECUTE FUNCTION public.audit_logs_append_only()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER buckets_lifecycle_rules_explain BEFORE INSERT OR UPDATE OF lifecycle_rules "
        "ON public.buckets FOR EACH ROW EXECUTE FUNCTION public.buckets_lifecycle_rules_explain()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER buckets_set_updated_at BEFORE UPDATE ON public.buckets FOR EACH ROW WHEN "
        "((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION public.set_updated_at()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER buckets_versioning_transition BEFORE UPDATE OF versioning ON "
        "public.buckets FOR EACH ROW WHEN ((old.versioning IS DISTINCT FROM new.versioning)) "
        "EXECUTE FUNCTION public.buckets_versioning_transition()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER invitations_set_updated_at BEFORE UPDATE ON public.invitations FOR EACH "
        "ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION public.set_updated_at()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER invoices_set_updated_at BEFORE UPDATE ON public.invoices FOR EACH ROW WHEN "
        "((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION public.set_updated_at()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER orders_set_updated_at BEFORE UPDATE ON public.orders FOR EACH ROW WHEN "
        "((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION public.set_updated_at()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER products_set_updated_at BEFORE UPDATE ON public.products FOR EACH ROW WHEN "
        "((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION public.set_updated_at()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER quota_requests_set_updated_at BEFORE UPDATE ON public.quota_requests FOR "
        "EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION public.set_updated_at()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER quota_requests_status_transition BEFORE UPDATE ON public.quota_requests "
        "FOR EACH ROW WHEN ((old.status <> 'pending'::text)) EXECUTE FUNCTION "
        "public.quota_requests_status_transition()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER subscriptions_set_updated_at BEFORE UPDATE ON public.subscriptions FOR "
        "EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION public.set_updated_at()"
    )
    # takes SHARE ROW EXCLUSIVE
    op.execute(
        "CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON public.users FOR EACH ROW WHEN "
        "((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION public.set_updated_at()"
    )
    # takes ACCESS EXCLUSIVE
    op.execute(
        "SELECT public.ensure_monthly_partitions('public.audit_logs', months_ahead => 3, "
        "months_back => 12)"
    )
    # takes ACCESS EXCLUSIVE
    op.execute(
        "SELECT public.ensure_monthly_partitions('public.usage_records', months_ahead => 3, "
        "months_back => 12)"
    )


def downgrade() -> None:
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER users_set_updated_at ON public.users")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER subscriptions_set_updated_at ON public.subscriptions")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER quota_requests_status_transition ON public.quota_requests")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER quota_requests_set_updated_at ON public.quota_requests")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER products_set_updated_at ON public.products")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER orders_set_updated_at ON public.orders")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER invoices_set_updated_at ON public.invoices")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER invitations_set_updated_at ON public.invitations")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER buckets_versioning_transition ON public.buckets")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER buckets_set_updated_at ON public.buckets")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER buckets_lifecycle_rules_explain ON public.buckets")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER audit_logs_append_only ON public.audit_logs")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER accounts_status_transition ON public.accounts")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER accounts_set_updated_at ON public.accounts")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER accounts_owner_required ON public.accounts")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER accounts_cnpj_normalize ON public.accounts")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER account_members_set_updated_at ON public.account_members")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER account_members_owner_demoted ON public.account_members")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER account_members_owner_deleted ON public.account_members")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER access_keys_stamp ON public.access_keys")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER access_keys_set_updated_at ON public.access_keys")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER access_keys_revoked_is_final ON public.access_keys")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER access_keys_no_delete ON public.access_keys")
    # takes ACCESS EXCLUSIVE; hazards: behaviour_change
    op.execute("DROP TRIGGER access_keys_access_key_id_immutable ON public.access_keys")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.quota_requests DROP CONSTRAINT quota_requests_decided_by_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.notifications DROP CONSTRAINT notifications_user_id_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.audit_logs DROP CONSTRAINT audit_logs_actor_user_id_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.account_members DROP CONSTRAINT account_members_user_id_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.orders DROP CONSTRAINT orders_subscription_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.invoices DROP CONSTRAINT invoices_subscription_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.subscriptions DROP CONSTRAINT subscriptions_product_id_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.orders DROP CONSTRAINT orders_product_id_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.usage_records DROP CONSTRAINT usage_records_bucket_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.usage_records DROP CONSTRAINT usage_records_account_id_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.subscriptions DROP CONSTRAINT subscriptions_account_id_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.quota_requests DROP CONSTRAINT quota_requests_account_id_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.orders DROP CONSTRAINT orders_account_id_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.notifications DROP CONSTRAINT notifications_account_id_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.invoices DROP CONSTRAINT invoices_account_id_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.invitations DROP CONSTRAINT invitations_account_id_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.buckets DROP CONSTRAINT buckets_account_id_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.account_members DROP CONSTRAINT account_members_account_id_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.access_keys DROP CONSTRAINT access_keys_account_id_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.quota_requests DROP CONSTRAINT quota_requests_requested_by_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.invitations DROP CONSTRAINT invitations_invited_by_fkey")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.buckets DROP CONSTRAINT buckets_name_valid")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.buckets DROP CONSTRAINT buckets_lifecycle_rules_valid")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.accounts DROP CONSTRAINT accounts_cnpj_valid")
    # takes ACCESS EXCLUSIVE
    op.execute("ALTER TABLE public.accounts DROP CONSTRAINT accounts_cnpj_normalized")
    # takes ACCESS EXCLUSIVE; hazards: deletes_data
    op.execute("DROP TABLE public.users")
    # takes ACCESS EXCLUSIVE; hazards: deletes_data
    op.execute("DROP TABLE public.usage_records_default")
    # takes ACCESS EXCLUSIVE; hazards: deletes_data
    op.execute("DROP TABLE public.usage_records")
    # takes ACCESS EXCLUSIVE; hazards: deletes_data
    op.execute("DROP TABLE public.subscriptions")
    # takes ACCESS EXCLUSIVE; hazards: deletes_data
    op.execute("DROP TABLE public.quota_requests")
    # takes ACCESS EXCLUSIVE; hazards: deletes_data
    op.execute("DROP TABLE public.products")
    # takes ACCESS EXCLUSIVE; hazards: deletes_data
    op.execute("DROP TABLE public.orders")
    # takes ACCESS EXCLUSIVE; hazards: deletes_data
    op.execute("DROP TABLE public.notifications")
    # takes ACCESS EXCLUSIVE; hazards: deletes_data
    op.execute("DROP TABLE public.invoices")
    # takes ACCESS EXCLUSIVE; hazards: deletes_data
    op.execute("DROP TABLE public.invitations")
    # takes ACCESS EXCLUSIVE; hazards: deletes_data
    op.execute("DROP TABLE public.buckets")
    # takes ACCESS EXCLUSIVE; hazards: deletes_data
    op.execute("DROP TABLE public.audit_logs_default")
    # takes ACCESS EXCLUSIVE; hazards: deletes_data
    op.execute("DROP TABLE public.audit_logs")
    # takes ACCESS EXCLUSIVE; hazards: deletes_data
    op.execute("DROP TABLE public.accounts")
    # takes ACCESS EXCLUSIVE; hazards: deletes_data
    op.execute("DROP TABLE public.account_members")
    # takes ACCESS EXCLUSIVE; hazards: deletes_data
    op.execute("DROP TABLE public.access_keys")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.set_updated_at()")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.raise_rule_violation(name, regclass, text, text, text, text)")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.quota_requests_status_transition()")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.monthly_partition_key(regclass)")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.lifecycle_rules_is_valid(jsonb)")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.lifecycle_rules_problem(jsonb)")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.lifecycle_object_has_keys(jsonb, text[])")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.lifecycle_days_is_valid(jsonb)")
    # hazards: behaviour_change
    op.execute(
        "DROP FUNCTION public.ensure_monthly_partitions(regclass, integer, integer, timestamp with "
        "time zone)"
    )
    # hazards: behaviour_change
    op.execute(
        "DROP FUNCTION public.drop_partitions_older_than(regclass, integer, timestamp with time "
        "zone)"
    )
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.cnpj_normalize(text)")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.cnpj_is_valid(text)")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.cnpj_check_digits(text)")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.buckets_versioning_transition()")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.buckets_lifecycle_rules_explain()")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.bucket_name_is_valid(text)")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.audit_logs_append_only()")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.accounts_status_transition()")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.accounts_owner_required()")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.accounts_cnpj_normalize()")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.accounts_check_owner(bigint)")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.account_status_transition_allowed(text, text)")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.access_keys_stamp()")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.access_keys_revoked_is_final()")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.access_keys_no_delete()")
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.access_keys_access_key_id_immutable()")
