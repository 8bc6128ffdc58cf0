"""Least privilege roles.

Upgrade hazards:
- changes what a function, trigger or view does for its callers
  (public.ensure_monthly_partitions(regclass, integer, integer, timestamp with time zone))
- changes who may read, write, run or own an object (privileges of primecloud_analytics on
  column public.access_keys.access_key_id)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on
  column public.access_keys.account_id)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on
  column public.access_keys.created_at)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on
  column public.access_keys.id)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on
  column public.access_keys.last_used_at)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on
  column public.access_keys.revoked_at)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on
  column public.access_keys.rotated_at)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on
  column public.access_keys.status)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on
  column public.access_keys.updated_at)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.account_members)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.accounts)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.audit_logs)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.audit_logs_default)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.buckets)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.invitations)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.invoices)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.notifications)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.orders)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.products)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.quota_requests)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.subscriptions)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.usage_records)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.usage_records_default)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.users)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.access_keys)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.account_members)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.accounts)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.audit_logs)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.audit_logs_default)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.buckets)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.invitations)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.invoices)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.notifications)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.orders)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.products)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.quota_requests)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.subscriptions)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.usage_records)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.usage_records_default)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.users)
- changes who may read, write, run or own an object (privileges of public on function
  public.drop_partitions_older_than(regclass, integer, timestamp with time zone))
- changes who may read, write, run or own an object (privileges of public on function
  public.ensure_monthly_partitions(regclass, integer, integer, timestamp with time zone))

Downgrade hazards:
- changes who may read, write, run or own an object (privileges of public on function
  public.ensure_monthly_partitions(regclass, integer, integer, timestamp with time zone))
- changes who may read, write, run or own an object (privileges of public on function
  public.drop_partitions_older_than(regclass, integer, timestamp with time zone))
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.users)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.usage_records_default)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.usage_records)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.subscriptions)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.quota_requests)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.products)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.orders)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.notifications)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.invoices)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.invitations)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.buckets)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.audit_logs_default)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.audit_logs)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.accounts)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.account_members)
- changes who may read, write, run or own an object (privileges of primecloud_app on table
  public.access_keys)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.users)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.usage_records_default)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.usage_records)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.subscriptions)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.quota_requests)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.products)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.orders)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.notifications)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.invoices)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.invitations)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.buckets)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.audit_logs_default)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.audit_logs)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.accounts)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on table
  public.account_members)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on
  column public.access_keys.updated_at)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on
  column public.access_keys.status)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on
  column public.access_keys.rotated_at)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on
  column public.access_keys.revoked_at)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on
  column public.access_keys.last_used_at)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on
  column public.access_keys.id)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on
  column public.access_keys.created_at)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on
  column public.access_keys.account_id)
- changes who may read, write, run or own an object (privileges of primecloud_analytics on
  column public.access_keys.access_key_id)
- changes what a function, trigger or view does for its callers
  (public.ensure_monthly_partitions(regclass, integer, integer, timestamp with time zone))
- changes what a function, trigger or view does for its callers
  (public.copy_table_privileges(regclass, regclass)): its callers fail
"""

from alembic import op

revision: str = "5109603f1f89"
down_revision: str | None = "7398540ac289"
branch_labels = None
depends_on = None

message = "least privilege roles"
created_at = "2026-12-05T02:43:26Z"
expects_schema: str | None = (
    "sha256:22b1014dcc1119aeacd9c8fb98365d584d1f1894f9b21e8bb0aa928633637688"
)
produces_schema: str | None = (
    "sha256:6c2133fe020f62b752802c610e9c71b2a81d8c665c096009aeb9de393147bced"
)
lock_timeout_ms = 3000
statement_timeout_ms = 600_000
allowed_hazards: tuple[str, ...] = ("behaviour_change", "privilege_change")
upgrade_hazards: tuple[str, ...] = ("behaviour_change", "privilege_change")
downgrade_hazards: tuple[str, ...] = ("behaviour_change", "privilege_change")


def upgrade() -> None:
    op.execute(
        "DO $primedb$\n"
        "DECLARE\n"
        "    missing text;\n"
        "BEGIN\n"
        "    SELECT pg_catalog.string_agg(r.name, ', ' ORDER BY r.name) INTO missing\n"
        "    FROM pg_catalog.unnest(ARRAY['primecloud_analytics', 'primecloud_app']::text[]) AS "
        "r(name)\n"
        "    WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_roles AS x WHERE x.rolname = r.name);\n"
        "    IF missing IS NOT NULL THEN\n"
        "        RAISE EXCEPTION 'the migration needs roles that do not exist: %', missing\n"
        "            USING ERRCODE = 'undefined_object',\n"
        "                  HINT = 'roles are cluster objects outside the schema: create them first "
        "'\n"
        "                         '(CREATE ROLE name NOLOGIN), then run the migration again';\n"
        "    END IF;\n"
        "END\n"
        "$primedb$"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION public.copy_table_privileges(source regclass, target "
        "regclass)\n"
        " RETURNS void\n"
        " LANGUAGE plpgsql\n"
        "AS $function$\n"
        "DECLARE\n"
        "    entry record;\n"
        "BEGIN\n"
        "    FOR entry IN\n"
        "        SELECT a.grantee, a.privilege_type, a.is_grantable\n"
        "        FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a\n"
        "        WHERE c.oid = source AND a.grantee <> c.relowner\n"
        "    LOOP\n"
        "        EXECUTE format('GRANT %s ON %s TO %s%s', entry.privilege_type, target,\n"
        "                       CASE WHEN entry.grantee = 0 THEN 'PUBLIC'\n"
        "                            ELSE quote_ident(pg_catalog.pg_get_userbyid(entry.grantee)) "
        "END,\n"
        "                       CASE WHEN entry.is_grantable THEN ' WITH GRANT OPTION' ELSE '' "
        "END);\n"
        "    END LOOP;\n"
        "END\n"
        "$function$"
    )
    op.execute(
        "COMMENT ON FUNCTION public.copy_table_privileges(regclass, regclass) IS 'Grants on target "
        "what is granted on source (the owner''s own privileges aside).'"
    )
    # hazards: behaviour_change
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
        "        PERFORM copy_table_privileges(parent, default_rel);\n"
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
        "        PERFORM copy_table_privileges(parent, format('%I.%I', sch, part)::regclass);\n"
        "        RETURN NEXT part;\n"
        "    END LOOP;\n"
        "END\n"
        "$function$"
    )
    # hazards: privilege_change
    op.execute("GRANT SELECT (access_key_id) ON TABLE public.access_keys TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT (account_id) ON TABLE public.access_keys TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT (created_at) ON TABLE public.access_keys TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT (id) ON TABLE public.access_keys TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT (last_used_at) ON TABLE public.access_keys TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT (revoked_at) ON TABLE public.access_keys TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT (rotated_at) ON TABLE public.access_keys TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT (status) ON TABLE public.access_keys TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT (updated_at) ON TABLE public.access_keys TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT ON TABLE public.account_members TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT ON TABLE public.accounts TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT ON TABLE public.audit_logs TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT ON TABLE public.audit_logs_default TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT ON TABLE public.buckets TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT ON TABLE public.invitations TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT ON TABLE public.invoices TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT ON TABLE public.notifications TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT ON TABLE public.orders TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT ON TABLE public.products TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT ON TABLE public.quota_requests TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT ON TABLE public.subscriptions TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT ON TABLE public.usage_records TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT ON TABLE public.usage_records_default TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT SELECT ON TABLE public.users TO primecloud_analytics")
    # hazards: privilege_change
    op.execute("GRANT INSERT, SELECT, UPDATE ON TABLE public.access_keys TO primecloud_app")
    # hazards: privilege_change
    op.execute(
        "GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE public.account_members TO primecloud_app"
    )
    # hazards: privilege_change
    op.execute("GRANT INSERT, SELECT, UPDATE ON TABLE public.accounts TO primecloud_app")
    # hazards: privilege_change
    op.execute("GRANT INSERT, SELECT ON TABLE public.audit_logs TO primecloud_app")
    # hazards: privilege_change
    op.execute("GRANT INSERT, SELECT ON TABLE public.audit_logs_default TO primecloud_app")
    # hazards: privilege_change
    op.execute("GRANT INSERT, SELECT, UPDATE ON TABLE public.buckets TO primecloud_app")
    # hazards: privilege_change
    op.execute("GRANT INSERT, SELECT, UPDATE ON TABLE public.invitations TO primecloud_app")
    # hazards: privilege_change
    op.execute("GRANT SELECT ON TABLE public.invoices TO primecloud_app")
    # hazards: privilege_change
    op.execute("GRANT INSERT, SELECT, UPDATE ON TABLE public.notifications TO primecloud_app")
    # hazards: privilege_change
    op.execute("GRANT SELECT ON TABLE public.orders TO primecloud_app")
    # hazards: privilege_change
    op.execute("GRANT SELECT ON TABLE public.products TO primecloud_app")
    # hazards: privilege_change
    op.execute("GRANT INSERT, SELECT, UPDATE ON TABLE public.quota_requests TO primecloud_app")
    # hazards: privilege_change
    op.execute("GRANT SELECT ON TABLE public.subscriptions TO primecloud_app")
    # hazards: privilege_change
    op.execute("GRANT INSERT, SELECT ON TABLE public.usage_records TO primecloud_app")
    # hazards: privilege_change
    op.execute("GRANT INSERT, SELECT ON TABLE public.usage_records_default TO primecloud_app")
    # hazards: privilege_change
    op.execute("GRANT INSERT, SELECT ON TABLE public.users TO primecloud_app")
    op.execute(
        "REVOKE EXECUTE ON FUNCTION public.copy_table_privileges(regclass, regclass) FROM PUBLIC"
    )
    # hazards: privilege_change
    op.execute(
        "REVOKE EXECUTE ON FUNCTION public.drop_partitions_older_than(regclass, integer, timestamp "
        "with time zone) FROM PUBLIC"
    )
    # hazards: privilege_change
    op.execute(
        "REVOKE EXECUTE ON FUNCTION public.ensure_monthly_partitions(regclass, integer, integer, "
        "timestamp with time zone) FROM PUBLIC"
    )


def downgrade() -> None:
    # hazards: privilege_change
    op.execute(
        "GRANT EXECUTE ON FUNCTION public.ensure_monthly_partitions(regclass, integer, integer, "
        "timestamp with time zone) TO PUBLIC"
    )
    # hazards: privilege_change
    op.execute(
        "GRANT EXECUTE ON FUNCTION public.drop_partitions_older_than(regclass, integer, timestamp "
        "with time zone) TO PUBLIC"
    )
    # hazards: privilege_change
    op.execute("REVOKE INSERT, SELECT ON TABLE public.users FROM primecloud_app")
    # hazards: privilege_change
    op.execute("REVOKE INSERT, SELECT ON TABLE public.usage_records_default FROM primecloud_app")
    # hazards: privilege_change
    op.execute("REVOKE INSERT, SELECT ON TABLE public.usage_records FROM primecloud_app")
    # hazards: privilege_change
    op.execute("REVOKE SELECT ON TABLE public.subscriptions FROM primecloud_app")
    # hazards: privilege_change
    op.execute("REVOKE INSERT, SELECT, UPDATE ON TABLE public.quota_requests FROM primecloud_app")
    # hazards: privilege_change
    op.execute("REVOKE SELECT ON TABLE public.products FROM primecloud_app")
    # hazards: privilege_change
    op.execute("REVOKE SELECT ON TABLE public.orders FROM primecloud_app")
    # hazards: privilege_change
    op.execute("REVOKE INSERT, SELECT, UPDATE ON TABLE public.notifications FROM primecloud_app")
    # hazards: privilege_change
    op.execute("REVOKE SELECT ON TABLE public.invoices FROM primecloud_app")
    # hazards: privilege_change
    op.execute("REVOKE INSERT, SELECT, UPDATE ON TABLE public.invitations FROM primecloud_app")
    # hazards: privilege_change
    op.execute("REVOKE INSERT, SELECT, UPDATE ON TABLE public.buckets FROM primecloud_app")
    # hazards: privilege_change
    op.execute("REVOKE INSERT, SELECT ON TABLE public.audit_logs_default FROM primecloud_app")
    # hazards: privilege_change
    op.execute("REVOKE INSERT, SELECT ON TABLE public.audit_logs FROM primecloud_app")
    # hazards: privilege_change
    op.execute("REVOKE INSERT, SELECT, UPDATE ON TABLE public.accounts FROM primecloud_app")
    # hazards: privilege_change
    op.execute(
        "REVOKE DELETE, INSERT, SELECT, UPDATE ON TABLE public.account_members FROM primecloud_app"
    )
    # hazards: privilege_change
    op.execute("REVOKE INSERT, SELECT, UPDATE ON TABLE public.access_keys FROM primecloud_app")
    # hazards: privilege_change
    op.execute("REVOKE SELECT ON TABLE public.users FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT ON TABLE public.usage_records_default FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT ON TABLE public.usage_records FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT ON TABLE public.subscriptions FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT ON TABLE public.quota_requests FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT ON TABLE public.products FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT ON TABLE public.orders FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT ON TABLE public.notifications FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT ON TABLE public.invoices FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT ON TABLE public.invitations FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT ON TABLE public.buckets FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT ON TABLE public.audit_logs_default FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT ON TABLE public.audit_logs FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT ON TABLE public.accounts FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT ON TABLE public.account_members FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT (updated_at) ON TABLE public.access_keys FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT (status) ON TABLE public.access_keys FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT (rotated_at) ON TABLE public.access_keys FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT (revoked_at) ON TABLE public.access_keys FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT (last_used_at) ON TABLE public.access_keys FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT (id) ON TABLE public.access_keys FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT (created_at) ON TABLE public.access_keys FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute("REVOKE SELECT (account_id) ON TABLE public.access_keys FROM primecloud_analytics")
    # hazards: privilege_change
    op.execute(
        "REVOKE SELECT (access_key_id) ON TABLE public.access_keys FROM primecloud_analytics"
    )
    # hazards: behaviour_change
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
    # hazards: behaviour_change
    op.execute("DROP FUNCTION public.copy_table_privileges(regclass, regclass)")
