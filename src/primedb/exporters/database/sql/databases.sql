-- Per-database activity: pg_stat_database.

-- name: database_totals
-- Transactions, blocks, temporary bytes and deadlocks of every connectable database.
SELECT d.datname, d.xact_commit, d.xact_rollback, d.blks_hit, d.blks_read, d.temp_bytes,
       d.deadlocks
FROM pg_catalog.pg_stat_database d
JOIN pg_catalog.pg_database db ON db.oid = d.datid
WHERE db.datallowconn AND NOT db.datistemplate
ORDER BY d.datname;
