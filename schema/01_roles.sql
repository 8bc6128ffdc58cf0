-- The roles of PrimeCloudProV2, made when missing.
--
-- Roles belong to the cluster, not to this database: primedb's schema model
-- and its diff leave them out, so no migration creates them (a migration that
-- grants to one first checks that it exists, and stops naming the missing
-- ones). This file makes them: `primedb schema apply` runs it with the other
-- files, `primedb check`, `primedb revision`, the embedded default database
-- and the tests run it on their server before any migration (it is the
-- schema's *roles file*, any `*roles.sql`), and on a production server a DBA
-- runs it once with a role that has CREATEROLE:
--
--     psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f schema/01_roles.sql
--
-- It may run again, and in several sessions at once (the tests' workers do):
-- a role another session created meanwhile is simply there. The roles are
-- NOLOGIN: give each a password and LOGIN (or make login roles members of
-- them) where the application, the analysts and the exporter connect.
--
--   primecloud_app       the application (primedb.storage): the DML it needs,
--                        table by table; no TRUNCATE, no DELETE of fiscal
--                        records, owns nothing, so no DDL and no DISABLE TRIGGER
--   primecloud_analytics read-only: SELECT on the business tables (secrets of
--                        access keys left out, column by column)
--   primecloud_exporter  the Prometheus exporter: a member of pg_monitor
--                        (pg_stat_statements, pg_stat_*), no table at all

DO $roles$
DECLARE
    wanted text;
BEGIN
    FOREACH wanted IN ARRAY ARRAY['primecloud_app', 'primecloud_analytics', 'primecloud_exporter']
    LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = wanted) THEN
            BEGIN
                EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', wanted);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;  -- another session made it first
            END;
        END IF;
    END LOOP;
    IF NOT pg_catalog.pg_has_role('primecloud_exporter', 'pg_monitor', 'MEMBER') THEN
        BEGIN
            GRANT pg_monitor TO primecloud_exporter;
        EXCEPTION WHEN unique_violation THEN
            NULL;  -- granted by another session meanwhile
        END;
    END IF;
END
$roles$;
