-- The database side's view of the sessions: pg_stat_activity and the xmin horizon.

-- name: connections_by_state
-- Client connections by database and state (NULL state: a backend not yet reporting).
SELECT coalesce(datname, '') AS datname, coalesce(state, 'unknown') AS state, count(*) AS connections
FROM pg_catalog.pg_stat_activity
WHERE backend_type = 'client backend'
GROUP BY 1, 2
ORDER BY 1, 2;

-- name: horizon
-- max_connections, the longest open transaction and the oldest xmin still held back, by a
-- session, a replication slot or a prepared transaction (the exporter's own session excluded).
SELECT
    current_setting('max_connections')::float8 AS max_connections,
    coalesce((
        SELECT max(extract(epoch FROM clock_timestamp() - a.xact_start))
        FROM pg_catalog.pg_stat_activity a
        WHERE a.backend_type = 'client backend' AND a.xact_start IS NOT NULL
          AND a.pid <> pg_catalog.pg_backend_pid()
    ), 0)::float8 AS longest_transaction_seconds,
    coalesce(greatest(
        (SELECT max(age(a.backend_xmin)) FROM pg_catalog.pg_stat_activity a
         WHERE a.backend_xmin IS NOT NULL AND a.pid <> pg_catalog.pg_backend_pid()),
        (SELECT max(age(s.xmin)) FROM pg_catalog.pg_replication_slots s WHERE s.xmin IS NOT NULL),
        (SELECT max(age(s.catalog_xmin)) FROM pg_catalog.pg_replication_slots s
         WHERE s.catalog_xmin IS NOT NULL),
        (SELECT max(age(p.transaction)) FROM pg_catalog.pg_prepared_xacts p)
    ), 0)::float8 AS oldest_xmin_age;
