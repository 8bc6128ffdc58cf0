-- name: journal_create
-- The journal of revisions in progress: bookkeeping, like alembic_version, never schema.
CREATE TABLE IF NOT EXISTS public.primedb_migration_journal (
    revision text NOT NULL,
    direction text NOT NULL,
    position integer NOT NULL,
    statement_md5 text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    PRIMARY KEY (revision, direction, position)
);

-- name: journal_exists
SELECT pg_catalog.to_regclass('public.primedb_migration_journal') IS NOT NULL AS found;

-- name: journal_read
-- What a run of this revision recorded: position 0 marks that it started.
SELECT position, statement_md5 FROM public.primedb_migration_journal
WHERE revision = %(revision)s AND direction = %(direction)s
ORDER BY position;

-- name: journal_record
INSERT INTO public.primedb_migration_journal (revision, direction, position, statement_md5)
VALUES (%(revision)s, %(direction)s, %(position)s, %(digest)s)
ON CONFLICT (revision, direction, position) DO UPDATE SET statement_md5 = EXCLUDED.statement_md5;

-- name: journal_clear
DELETE FROM public.primedb_migration_journal
WHERE revision = %(revision)s AND direction = %(direction)s;

-- name: index_validity
-- Whether an index of this name exists on the table, and whether it is valid.
SELECT i.indisvalid AS valid
FROM pg_catalog.pg_index AS i
JOIN pg_catalog.pg_class AS c ON c.oid = i.indexrelid
WHERE c.relname = %(name)s AND i.indrelid = pg_catalog.to_regclass(%(table)s);

-- name: journal_empty
SELECT NOT EXISTS (SELECT 1 FROM public.primedb_migration_journal) AS empty;

-- name: journal_drop
-- Nothing in progress any more: the journal goes, so a database at rest holds no trace of it.
DROP TABLE public.primedb_migration_journal;
