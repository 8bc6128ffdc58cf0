-- Buckets: S3-style names, versioning state, lifecycle rules as a JSONB array.

-- Bucket names (S3's rules) --------------------------------------------------------
-- 3 to 63 characters; lower-case letters, digits, hyphens and dots; starts and
-- ends with a letter or digit; no two adjacent dots; not shaped like an IPv4
-- address (192.168.5.4). primedb.storage mirrors this function.
CREATE FUNCTION bucket_name_is_valid(name text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN name ~ '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$'
    AND strpos(name, '..') = 0
    AND name !~ '^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$';
COMMENT ON FUNCTION bucket_name_is_valid(text) IS
    'S3 bucket naming rules: 3-63 of [a-z0-9.-], letter or digit at both ends, no "..", not an IP address.';

-- Lifecycle rules (S3's own PascalCase spelling) -----------------------------------
-- buckets.lifecycle_rules is a JSON array (at most 1000) of objects:
--   {"ID": "archive-logs",                      required, string of 1-255 characters, unique in the array
--    "Status": "Enabled",                       required, "Enabled" or "Disabled"
--    "Filter": {"Prefix": "logs/"},             optional; Prefix optional, string of at most 1024 characters
--    "Expiration": {"Days": 365},               optional
--    "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"}],   optional, non-empty array
--    "NoncurrentVersionExpiration": {"NoncurrentDays": 90}}          optional
-- At least one action (Expiration, Transitions, NoncurrentVersionExpiration).
-- Days and NoncurrentDays are JSON integers from 1 to 999999999. StorageClass is
-- one of STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER,
-- DEEP_ARCHIVE. Any other key, at any level, is refused.

CREATE FUNCTION lifecycle_days_is_valid(days jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
-- The text form refuses 1.5, 1.0, -3, "30" and true alike.
RETURN coalesce(jsonb_typeof(days) = 'number' AND days::text ~ '^[1-9][0-9]{0,8}$', false);

-- True when obj is a JSON object with exactly these keys (given distinct): all of
-- them and no other, in two jsonb operators rather than a query over its keys.
-- Keys are ordered byte-wise (COLLATE "C") below, so the first problem reported
-- does not depend on the database's collation, and primedb.storage's mirror
-- reports the same one.
CREATE FUNCTION lifecycle_object_has_keys(obj jsonb, keys text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN jsonb_typeof(obj) = 'object' THEN obj ?& keys AND obj - keys = '{}'::jsonb
            ELSE false END;

-- The first problem of a lifecycle rules document, in words, or NULL when it is
-- valid: the CHECK uses lifecycle_rules_is_valid(), and a DBA (or the trigger
-- buckets_lifecycle_rules_explain) asks this function why a document is refused.
CREATE FUNCTION lifecycle_rules_problem(rules jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    rule jsonb;
    at text;
    rule_id text;
    part jsonb;
    item jsonb;
    bad text;
    seen text[] := '{}';
BEGIN
    -- Runs for every row a bucket write checks: the loops index the arrays and
    -- the key checks use jsonb operators, so a valid document costs no query;
    -- the queries below only find the words of a problem already found.
    IF rules IS NULL OR jsonb_typeof(rules) <> 'array' THEN
        RETURN 'lifecycle rules must be a JSON array';
    END IF;
    IF jsonb_array_length(rules) > 1000 THEN
        RETURN format('at most 1000 lifecycle rules, got %s', jsonb_array_length(rules));
    END IF;
    FOR pos IN 0 .. jsonb_array_length(rules) - 1 LOOP
        rule := rules -> pos;
        at := 'rule [' || pos || ']';
        IF jsonb_typeof(rule) <> 'object' THEN
            RETURN at || ' must be a JSON object';
        END IF;
        IF rule - '{ID,Status,Filter,Expiration,Transitions,NoncurrentVersionExpiration}'::text[]
           <> '{}' THEN
            SELECT k INTO bad FROM jsonb_object_keys(rule) AS k
            WHERE k <> ALL ('{ID,Status,Filter,Expiration,Transitions,NoncurrentVersionExpiration}')
            ORDER BY k COLLATE "C" LIMIT 1;
            RETURN format('%s: unknown key %s', at, bad);
        END IF;
        -- ID
        IF jsonb_typeof(rule -> 'ID') IS DISTINCT FROM 'string' THEN
            RETURN at || ': ID is required and must be a string';
        END IF;
        rule_id := rule ->> 'ID';
        IF length(rule_id) NOT BETWEEN 1 AND 255 THEN
            RETURN at || ': ID must be 1 to 255 characters';
        END IF;
        IF rule_id = ANY (seen) THEN
            RETURN format('%s: ID %s is used by an earlier rule', at, rule_id);
        END IF;
        seen := seen || rule_id;
        -- Status
        IF (rule -> 'Status') IS NULL OR (rule -> 'Status') NOT IN ('"Enabled"', '"Disabled"') THEN
            RETURN at || ': Status is required and must be "Enabled" or "Disabled"';
        END IF;
        -- Filter
        part := rule -> 'Filter';
        IF part IS NOT NULL THEN
            IF jsonb_typeof(part) <> 'object' THEN
                RETURN at || ': Filter must be an object';
            END IF;
            IF part - 'Prefix' <> '{}' THEN
                SELECT k INTO bad FROM jsonb_object_keys(part) AS k WHERE k <> 'Prefix'
                ORDER BY k COLLATE "C" LIMIT 1;
                RETURN format('%s: unknown key Filter.%s', at, bad);
            END IF;
            IF part ? 'Prefix' AND (jsonb_typeof(part -> 'Prefix') <> 'string'
                                    OR length(part ->> 'Prefix') > 1024) THEN
                RETURN at || ': Filter.Prefix must be a string of at most 1024 characters';
            END IF;
        END IF;
        -- Actions
        IF NOT (rule ?| '{Expiration,Transitions,NoncurrentVersionExpiration}') THEN
            RETURN at || ': needs an action: Expiration, Transitions or NoncurrentVersionExpiration';
        END IF;
        part := rule -> 'Expiration';
        IF part IS NOT NULL THEN
            IF NOT lifecycle_object_has_keys(part, '{Days}') THEN
                RETURN at || ': Expiration must be {"Days": n}';
            END IF;
            IF NOT lifecycle_days_is_valid(part -> 'Days') THEN
                RETURN at || ': Expiration.Days must be a positive integer';
            END IF;
        END IF;
        part := rule -> 'NoncurrentVersionExpiration';
        IF part IS NOT NULL THEN
            IF NOT lifecycle_object_has_keys(part, '{NoncurrentDays}') THEN
                RETURN at || ': NoncurrentVersionExpiration must be {"NoncurrentDays": n}';
            END IF;
            IF NOT lifecycle_days_is_valid(part -> 'NoncurrentDays') THEN
                RETURN at || ': NoncurrentVersionExpiration.NoncurrentDays must be a positive integer';
            END IF;
        END IF;
        part := rule -> 'Transitions';
        IF part IS NOT NULL THEN
            IF jsonb_typeof(part) <> 'array' OR jsonb_array_length(part) = 0 THEN
                RETURN at || ': Transitions must be a non-empty array';
            END IF;
            FOR item_pos IN 0 .. jsonb_array_length(part) - 1 LOOP
                item := part -> item_pos;
                IF NOT lifecycle_object_has_keys(item, '{Days,StorageClass}') THEN
                    RETURN format('%s: Transitions[%s] must be {"Days": n, "StorageClass": "..."}',
                                  at, item_pos);
                END IF;
                IF NOT lifecycle_days_is_valid(item -> 'Days') THEN
                    RETURN format('%s: Transitions[%s].Days must be a positive integer', at, item_pos);
                END IF;
                IF (item -> 'StorageClass') NOT IN ('"STANDARD_IA"', '"ONEZONE_IA"',
                        '"INTELLIGENT_TIERING"', '"GLACIER_IR"', '"GLACIER"', '"DEEP_ARCHIVE"') THEN
                    RETURN format('%s: Transitions[%s].StorageClass must be one of STANDARD_IA, '
                                  'ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE',
                                  at, item_pos);
                END IF;
            END LOOP;
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION lifecycle_rules_problem(jsonb) IS
    'Why a lifecycle rules document is invalid (the first problem found), or NULL when it is valid.';

-- Most buckets have no rules: the empty array is valid without a call (this SQL
-- function is inlined into the CHECK, so '[]' costs one jsonb comparison).
CREATE FUNCTION lifecycle_rules_is_valid(rules jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN rules = '[]'::jsonb THEN true ELSE lifecycle_rules_problem(rules) IS NULL END;
COMMENT ON FUNCTION lifecycle_rules_is_valid(jsonb) IS
    'True when the document is a valid lifecycle rules array (see lifecycle_rules_problem).';

-- buckets -------------------------------------------------------------------------

CREATE TABLE buckets (
    id bigint GENERATED BY DEFAULT AS IDENTITY,
    account_id bigint NOT NULL,
    name text NOT NULL,
    region text NOT NULL,
    versioning text NOT NULL DEFAULT 'unversioned',
    lifecycle_rules jsonb NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT buckets_pkey PRIMARY KEY (id),
    -- Names are unique within an account. Leading with account_id, this index
    -- also serves "buckets of an account" and the account_id foreign key, so
    -- the playbook's separate buckets(account_id) index would be a duplicate.
    CONSTRAINT buckets_account_id_name_key UNIQUE (account_id, name),
    -- Target of the tenant-consistent foreign keys (usage_records).
    CONSTRAINT buckets_account_id_id_key UNIQUE (account_id, id),
    CONSTRAINT buckets_name_valid CHECK (bucket_name_is_valid(name)),
    CONSTRAINT buckets_region_shape CHECK (region ~ '^[a-z]{2}(-[a-z0-9]+)+$'),
    CONSTRAINT buckets_region_length CHECK (length(region) <= 32),
    CONSTRAINT buckets_versioning_valid
        CHECK (versioning IN ('unversioned', 'enabled', 'suspended')),
    CONSTRAINT buckets_lifecycle_rules_valid CHECK (lifecycle_rules_is_valid(lifecycle_rules)),
    -- CASCADE: a deleted account takes its buckets (and their metadata) with it.
    CONSTRAINT buckets_account_id_fkey FOREIGN KEY (account_id)
        REFERENCES accounts (id) ON DELETE CASCADE ON UPDATE RESTRICT
);
COMMENT ON TABLE buckets IS 'S3-style storage buckets of an account, with versioning state and lifecycle rules (JSONB).';

-- The lifecycle worker visits only buckets with at least one enabled rule;
-- the partial index holds just those (most buckets have none).
CREATE INDEX buckets_lifecycle_enabled_idx ON buckets (id)
    WHERE lifecycle_rules @> '[{"Status": "Enabled"}]';

CREATE TRIGGER buckets_set_updated_at BEFORE UPDATE ON buckets
    FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION set_updated_at();

-- The CHECK buckets_lifecycle_rules_valid can only say "violates check
-- constraint"; this trigger runs first and raises the same rule name with the
-- reason (e.g. "rule [0]: unknown key Foo"). The CHECK stays as the guarantee.
CREATE FUNCTION buckets_lifecycle_rules_explain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    problem text := lifecycle_rules_problem(NEW.lifecycle_rules);
BEGIN
    IF problem IS NOT NULL AND NEW.lifecycle_rules IS NOT NULL THEN  -- NULL: NOT NULL's error
        PERFORM raise_rule_violation(
            'buckets_lifecycle_rules_valid', TG_RELID,
            'invalid bucket lifecycle rules: ' || problem,
            format('bucket %s of account %s', NEW.name, NEW.account_id),
            'see docs/glossary.md for the lifecycle rule keys (S3 spelling: ID, Status, Filter.Prefix, ...)');
    END IF;
    RETURN NEW;
END
$$;

-- The WHEN skips the call for the empty array, which has nothing to explain.
CREATE TRIGGER buckets_lifecycle_rules_explain BEFORE INSERT OR UPDATE OF lifecycle_rules ON buckets
    FOR EACH ROW WHEN (NEW.lifecycle_rules IS DISTINCT FROM '[]'::jsonb)
    EXECUTE FUNCTION buckets_lifecycle_rules_explain();

-- Versioning: unversioned -> enabled, enabled <-> suspended; never back to
-- unversioned (S3 semantics: once versions exist, they can only be suspended).
CREATE FUNCTION buckets_versioning_transition() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Values outside the three are left to the CHECK buckets_versioning_valid.
    IF NEW.versioning = 'unversioned' OR (OLD.versioning = 'unversioned' AND NEW.versioning = 'suspended') THEN
        PERFORM raise_rule_violation(
            'buckets_versioning_transition', TG_RELID,
            format('bucket versioning cannot change from %s to %s', OLD.versioning, NEW.versioning),
            format('bucket %s: unversioned -> enabled, then enabled <-> suspended; never back to unversioned',
                   OLD.id));
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER buckets_versioning_transition BEFORE UPDATE OF versioning ON buckets
    FOR EACH ROW WHEN (OLD.versioning IS DISTINCT FROM NEW.versioning)
    EXECUTE FUNCTION buckets_versioning_transition();
