"""Cheap per-row checks: empty lifecycle rules and cnpj.

Upgrade hazards:
- changes what a function, trigger or view does for its callers (public.cnpj_check_digits(text))
- changes what a function, trigger or view does for its callers (public.cnpj_is_valid(text))
- changes what a function, trigger or view does for its callers
  (public.lifecycle_object_has_keys(jsonb, text[]))
- changes what a function, trigger or view does for its callers
  (public.lifecycle_rules_problem(jsonb))
- changes what a function, trigger or view does for its callers
  (public.lifecycle_rules_is_valid(jsonb))
- changes what a function, trigger or view does for its callers (trigger
  buckets_lifecycle_rules_explain on public.buckets)

Downgrade hazards:
- changes what a function, trigger or view does for its callers (trigger
  buckets_lifecycle_rules_explain on public.buckets)
- changes what a function, trigger or view does for its callers
  (public.lifecycle_rules_is_valid(jsonb))
- changes what a function, trigger or view does for its callers
  (public.lifecycle_rules_problem(jsonb))
- changes what a function, trigger or view does for its callers
  (public.lifecycle_object_has_keys(jsonb, text[]))
- changes what a function, trigger or view does for its callers (public.cnpj_is_valid(text))
- changes what a function, trigger or view does for its callers (public.cnpj_check_digits(text))
"""

from alembic import op

revision: str = "39b165f3602e"
down_revision: str | None = "5109603f1f89"
branch_labels = None
depends_on = None

message = "cheap per-row checks: empty lifecycle rules and cnpj"
created_at = "2026-12-05T04:18:56Z"
expects_schema: str | None = (
    "sha256:6c2133fe020f62b752802c610e9c71b2a81d8c665c096009aeb9de393147bced"
)
produces_schema: str | None = (
    "sha256:602f5dd150156816b491d1739665b07a7ba5712eb2146bfd1802577c7362fa9c"
)
lock_timeout_ms = 3000
statement_timeout_ms = 600_000
allowed_hazards: tuple[str, ...] = ("behaviour_change",)
upgrade_hazards: tuple[str, ...] = ("behaviour_change",)
downgrade_hazards: tuple[str, ...] = ("behaviour_change",)


def upgrade() -> None:
    # hazards: behaviour_change
    op.execute(
        "CREATE OR REPLACE FUNCTION public.cnpj_check_digits(base text)\n"
        " RETURNS text\n"
        " LANGUAGE plpgsql\n"
        " IMMUTABLE PARALLEL SAFE STRICT\n"
        "AS $function$\n"
        "DECLARE\n"
        "    b bytea;\n"
        "    s1 int;\n"
        "    s2 int;\n"
        "BEGIN\n"
        "    IF base !~ '^[0-9A-Z]{12}$' THEN\n"
        "        RETURN NULL;\n"
        "    END IF;\n"
        "    -- The weighted sums written out over the ASCII codes, one expression each\n"
        "    -- (less than half the time of a loop over the characters); subtracting 48,\n"
        "    -- the code of '0', times the sum of the weights (58, 62) makes codes values.\n"
        "    b := convert_to(base, 'UTF8');\n"
        "    s1 := 5 * get_byte(b, 0) + 4 * get_byte(b, 1) + 3 * get_byte(b, 2) + 2 * get_byte(b, "
        "3)\n"
        "        + 9 * get_byte(b, 4) + 8 * get_byte(b, 5) + 7 * get_byte(b, 6) + 6 * get_byte(b, "
        "7)\n"
        "        + 5 * get_byte(b, 8) + 4 * get_byte(b, 9) + 3 * get_byte(b, 10) + 2 * get_byte(b, "
        "11)\n"
        "        - 48 * 58;\n"
        "    s2 := 6 * get_byte(b, 0) + 5 * get_byte(b, 1) + 4 * get_byte(b, 2) + 3 * get_byte(b, "
        "3)\n"
        "        + 2 * get_byte(b, 4) + 9 * get_byte(b, 5) + 8 * get_byte(b, 6) + 7 * get_byte(b, "
        "7)\n"
        "        + 6 * get_byte(b, 8) + 5 * get_byte(b, 9) + 4 * get_byte(b, 10) + 3 * get_byte(b, "
        "11)\n"
        "        - 48 * 62;\n"
        "    s1 := CASE WHEN s1 % 11 < 2 THEN 0 ELSE 11 - s1 % 11 END;  -- the first check digit\n"
        "    s2 := s2 + 2 * s1;\n"
        "    RETURN s1::text || CASE WHEN s2 % 11 < 2 THEN 0 ELSE 11 - s2 % 11 END::text;\n"
        "END\n"
        "$function$"
    )
    # hazards: behaviour_change
    op.execute(
        "CREATE OR REPLACE FUNCTION public.cnpj_is_valid(value text)\n"
        " RETURNS boolean\n"
        " LANGUAGE plpgsql\n"
        " IMMUTABLE PARALLEL SAFE STRICT\n"
        "AS $function$\n"
        "DECLARE\n"
        "    v text := value;\n"
        "BEGIN\n"
        "    -- The stored form needs no normalising: skip the regexp_replace for it.\n"
        "    IF v !~ '^[0-9A-Z]{12}[0-9]{2}$' THEN\n"
        "        v := cnpj_normalize(v);\n"
        "        IF v !~ '^[0-9A-Z]{12}[0-9]{2}$' THEN\n"
        "            RETURN false;\n"
        "        END IF;\n"
        "    END IF;\n"
        "    RETURN v <> repeat(left(v, 1), 14)  -- 00000000000000 and friends pass the "
        "arithmetic\n"
        "        AND right(v, 2) = cnpj_check_digits(left(v, 12));\n"
        "END\n"
        "$function$"
    )
    op.execute("SET LOCAL check_function_bodies = off")
    # hazards: behaviour_change
    op.execute(
        "CREATE OR REPLACE FUNCTION public.lifecycle_object_has_keys(obj jsonb, keys text[])\n"
        " RETURNS boolean\n"
        " LANGUAGE sql\n"
        " IMMUTABLE PARALLEL SAFE\n"
        "RETURN CASE WHEN (jsonb_typeof(obj) = 'object'::text) THEN ((obj ?& keys) AND ((obj - "
        "keys) = '{}'::jsonb)) ELSE false END"
    )
    # hazards: behaviour_change
    op.execute(
        "CREATE OR REPLACE FUNCTION public.lifecycle_rules_problem(rules jsonb)\n"
        " RETURNS text\n"
        " LANGUAGE plpgsql\n"
        " IMMUTABLE PARALLEL SAFE\n"
        "AS $function$\n"
        "DECLARE\n"
        "    rule jsonb;\n"
        "    at text;\n"
        "    rule_id text;\n"
        "    part jsonb;\n"
        "    item jsonb;\n"
        "    bad text;\n"
        "    seen text[] := '{}';\n"
        "BEGIN\n"
        "    -- Runs for every row a bucket write checks: the loops index the arrays and\n"
        "    -- the key checks use jsonb operators, so a valid document costs no query;\n"
        "    -- the queries below only find the words of a problem already found.\n"
        "    IF rules IS NULL OR jsonb_typeof(rules) <> 'array' THEN\n"
        "        RETURN 'lifecycle rules must be a JSON array';\n"
        "    END IF;\n"
        "    IF jsonb_array_length(rules) > 1000 THEN\n"
        "        RETURN format('at most 1000 lifecycle rules, got %s', "
        "jsonb_array_length(rules));\n"
        "    END IF;\n"
        "    FOR pos IN 0 .. jsonb_array_length(rules) - 1 LOOP\n"
        "        rule := rules -> pos;\n"
        "        at := 'rule [' || pos || ']';\n"
        "        IF jsonb_typeof(rule) <> 'object' THEN\n"
        "            RETURN at || ' must be a JSON object';\n"
        "        END IF;\n"
        "        IF rule - "
        "'{ID,Status,Filter,Expiration,Transitions,NoncurrentVersionExpiration}'::text[]\n"
        "           <> '{}' THEN\n"
        "            SELECT k INTO bad FROM jsonb_object_keys(rule) AS k\n"
        "            WHERE k <> ALL "
        "('{ID,Status,Filter,Expiration,Transitions,NoncurrentVersionExpiration}')\n"
        '            ORDER BY k COLLATE "C" LIMIT 1;\n'
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
        "            IF part - 'Prefix' <> '{}' THEN\n"
        "                SELECT k INTO bad FROM jsonb_object_keys(part) AS k WHERE k <> 'Prefix'\n"
        '                ORDER BY k COLLATE "C" LIMIT 1;\n'
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
        "            FOR item_pos IN 0 .. jsonb_array_length(part) - 1 LOOP\n"
        "                item := part -> item_pos;\n"
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
    op.execute("SET LOCAL check_function_bodies = off")
    # hazards: behaviour_change
    op.execute(
        "CREATE OR REPLACE FUNCTION public.lifecycle_rules_is_valid(rules jsonb)\n"
        " RETURNS boolean\n"
        " LANGUAGE sql\n"
        " IMMUTABLE PARALLEL SAFE\n"
        "RETURN CASE WHEN (rules = '[]'::jsonb) THEN true ELSE "
        "(public.lifecycle_rules_problem(rules) IS NULL) END"
    )
    # takes SHARE ROW EXCLUSIVE; hazards: behaviour_change
    op.execute(
        "CREATE OR REPLACE TRIGGER buckets_lifecycle_rules_explain BEFORE INSERT OR UPDATE OF "
        "lifecycle_rules ON public.buckets FOR EACH ROW WHEN ((new.lifecycle_rules IS DISTINCT "
        "FROM '[]'::jsonb)) EXECUTE FUNCTION public.buckets_lifecycle_rules_explain()"
    )


def downgrade() -> None:
    # takes SHARE ROW EXCLUSIVE; hazards: behaviour_change
    op.execute(
        "CREATE OR REPLACE TRIGGER buckets_lifecycle_rules_explain BEFORE INSERT OR UPDATE OF "
        "lifecycle_rules ON public.buckets FOR EACH ROW EXECUTE FUNCTION "
        "public.buckets_lifecycle_rules_explain()"
    )
    op.execute("SET LOCAL check_function_bodies = off")
    # hazards: behaviour_change
    op.execute(
        "CREATE OR REPLACE FUNCTION public.lifecycle_rules_is_valid(rules jsonb)\n"
        " RETURNS boolean\n"
        " LANGUAGE sql\n"
        " IMMUTABLE PARALLEL SAFE\n"
        "RETURN (public.lifecycle_rules_problem(rules) IS NULL)"
    )
    # hazards: behaviour_change
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
    # hazards: behaviour_change
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
    # hazards: behaviour_change
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
    # hazards: behaviour_change
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
