-- name: try_migration_lock
-- Take the session-level migration lock if it is free; never waits.
SELECT pg_catalog.pg_try_advisory_lock(%(key)s::bigint) AS locked;

-- name: release_migration_lock
-- Give the migration lock back (closing the session would too).
SELECT pg_catalog.pg_advisory_unlock(%(key)s::bigint) AS released;

-- name: migration_lock_holder
-- Who holds the migration lock of this database: a bigint key shows in pg_locks as
-- classid (high 32 bits), objid (low 32 bits) and objsubid 1.
SELECT a.pid, a.application_name, a.usename, a.client_addr::text AS client_addr,
       a.backend_start, a.state, a.state_change
FROM pg_catalog.pg_locks AS l
JOIN pg_catalog.pg_stat_activity AS a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.database = (SELECT d.oid FROM pg_catalog.pg_database AS d
                    WHERE d.datname = pg_catalog.current_database())
  AND l.classid = %(classid)s::bigint::oid AND l.objid = %(objid)s::bigint::oid
LIMIT 1;
