-- Replication as the primary sees it.

-- name: replication
-- One row per standby streaming from this server (or one row of NULLs when there is none);
-- lag in bytes only on a primary, where pg_current_wal_lsn() is defined.
SELECT r.in_recovery,
       coalesce(nullif(s.application_name, ''), 'walreceiver') || '@'
           || coalesce(host(s.client_addr), 'local') AS standby,
       extract(epoch FROM s.replay_lag)::float8 AS replay_lag_seconds,
       CASE WHEN r.in_recovery THEN NULL
            ELSE pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), s.replay_lsn)::float8
       END AS lag_bytes,
       s.pid IS NOT NULL AS present
FROM (SELECT pg_catalog.pg_is_in_recovery() AS in_recovery) r
LEFT JOIN pg_catalog.pg_stat_replication s ON true
ORDER BY standby;
