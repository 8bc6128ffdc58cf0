"""Databases the corpus reuses: made once per worker, emptied between cases.

`CREATE DATABASE` costs 0.4 to 1 s on a busy two-core machine, about as much
as a whole case; emptying a database costs a few milliseconds. So each
worker keeps a few databases cloned from the empty template and, after a
case, drops what the case made: every user schema (`public` included, made
again as the template has it: owner, comment, privileges), the extensions
the template does not have (those it has come back at their versions), and
the database-wide default privileges. A fingerprint of the template, taken
once, must match after the reset; a database that does not match is dropped
and cloned again, so no case ever sees what another left.

Roles are cluster objects: the corpus uses a fixed set (`ROLES`), created
once per session, idempotently (parallel workers may race to create them).
"""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import psycopg.sql

from primedb.pg import create_database, drop_database, with_dbname

# The roles cases may grant to, own objects as, or name in policies.
ROLES = ("corpus_app", "corpus_reader", "corpus_owner", "corpus_auditor")

_CREATE_ROLES = """
DO $corpus$
DECLARE
    wanted text;
BEGIN
    FOREACH wanted IN ARRAY {roles}::text[] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = wanted) THEN
            BEGIN
                EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', wanted);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;  -- another worker made it first
            END;
        END IF;
    END LOOP;
END
$corpus$
"""

_FINGERPRINT = """
SELECT
  (SELECT pg_catalog.array_agg(n.nspname || ':' || n.nspowner::regrole::text || ':'
          || coalesce(n.nspacl::text, '') || ':'
          || coalesce(pg_catalog.obj_description(n.oid, 'pg_namespace'), '') ORDER BY n.nspname)
   FROM pg_catalog.pg_namespace AS n
   WHERE n.nspname NOT LIKE 'pg\\_%%' AND n.nspname <> 'information_schema') AS schemas,
  (SELECT pg_catalog.array_agg(x.extname || ':' || x.extversion ORDER BY x.extname)
   FROM pg_catalog.pg_extension AS x) AS extensions,
  (SELECT count(*) FROM pg_catalog.pg_class AS c
   JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
   WHERE n.nspname NOT LIKE 'pg\\_%%' AND n.nspname <> 'information_schema') AS relations,
  (SELECT count(*) FROM pg_catalog.pg_type AS t
   JOIN pg_catalog.pg_namespace AS n ON n.oid = t.typnamespace
   WHERE n.nspname NOT LIKE 'pg\\_%%' AND n.nspname <> 'information_schema') AS types,
  (SELECT count(*) FROM pg_catalog.pg_proc AS p
   JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
   WHERE n.nspname NOT LIKE 'pg\\_%%' AND n.nspname <> 'information_schema') AS routines,
  (SELECT count(*) FROM pg_catalog.pg_default_acl) AS default_acls,
  (SELECT count(*) FROM pg_catalog.pg_collation AS c
   JOIN pg_catalog.pg_namespace AS n ON n.oid = c.collnamespace
   WHERE n.nspname NOT LIKE 'pg\\_%%' AND n.nspname <> 'information_schema') AS collations
"""

_RESET = """
DO $corpus$
DECLARE
    gone text;
    entry record;
    grantee text;
    kind text;
BEGIN
    FOR gone IN SELECT n.nspname FROM pg_catalog.pg_namespace AS n
                WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
    LOOP
        EXECUTE pg_catalog.format('DROP SCHEMA %I CASCADE', gone);
    END LOOP;
    FOR gone IN SELECT x.extname FROM pg_catalog.pg_extension AS x WHERE x.extname <> 'plpgsql'
    LOOP
        EXECUTE pg_catalog.format('DROP EXTENSION %I CASCADE', gone);
    END LOOP;
    -- Database-wide default privileges (those of a schema went with it).
    FOR entry IN SELECT d.defaclrole::regrole::text AS owner, d.defaclobjtype AS objtype,
                        d.defaclacl AS acl
                 FROM pg_catalog.pg_default_acl AS d
    LOOP
        kind := CASE entry.objtype WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES'
                     WHEN 'f' THEN 'FUNCTIONS' WHEN 'T' THEN 'TYPES' ELSE 'SCHEMAS' END;
        FOR grantee IN SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC'
                                            ELSE pg_catalog.quote_ident(a.grantee::regrole::text)
                                       END
                       FROM pg_catalog.aclexplode(entry.acl) AS a
        LOOP
            EXECUTE pg_catalog.format(
                'ALTER DEFAULT PRIVILEGES FOR ROLE %I REVOKE ALL ON %s FROM %s',
                entry.owner, kind, grantee);
        END LOOP;
        EXECUTE pg_catalog.format('ALTER DEFAULT PRIVILEGES FOR ROLE %I GRANT ALL ON %s TO %I',
                                  entry.owner, kind, entry.owner);
        IF entry.objtype IN ('f', 'T') THEN
            EXECUTE pg_catalog.format(
                'ALTER DEFAULT PRIVILEGES FOR ROLE %I GRANT %s ON %s TO PUBLIC', entry.owner,
                CASE entry.objtype WHEN 'f' THEN 'EXECUTE' ELSE 'USAGE' END, kind);
        END IF;
    END LOOP;
END
$corpus$;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
COMMENT ON SCHEMA public IS 'standard public schema';
GRANT USAGE ON SCHEMA public TO PUBLIC;
"""

_EXTENSIONS = """
SELECT x.extname, n.nspname, x.extversion FROM pg_catalog.pg_extension AS x
JOIN pg_catalog.pg_namespace AS n ON n.oid = x.extnamespace
WHERE x.extname <> 'plpgsql' ORDER BY x.oid
"""


def create_roles(server_dsn: str) -> None:
    with psycopg.connect(server_dsn, autocommit=True) as conn:
        conn.execute(psycopg.sql.SQL(_CREATE_ROLES).format(roles=psycopg.sql.Literal(list(ROLES))))


class DatabasePool:
    """Databases cloned from `template` once, handed out empty, emptied when given back."""

    def __init__(self, server_dsn: str, template: str) -> None:
        self.server_dsn = server_dsn
        self.template = template
        self.free: list[str] = []
        self.made: list[str] = []
        with psycopg.connect(with_dbname(server_dsn, template)) as conn:
            self.fingerprint = _fingerprint(conn)
            self.extensions = conn.execute(_EXTENSIONS).fetchall()
        self.recloned = 0  # databases a reset could not empty (should stay 0)
        self.why: list[str] = []

    def _clone(self) -> str:
        name = f"corpus_{secrets.token_hex(4)}"
        create_database(self.server_dsn, name, template=self.template)
        self.made.append(name)
        return name

    @contextmanager
    def databases(self, count: int) -> Iterator[list[str]]:
        names = [self.free.pop() if self.free else self._clone() for _ in range(count)]
        try:
            yield [with_dbname(self.server_dsn, n) for n in names]
        finally:
            for name in names:
                self.free.append(self._reset(name))

    def _reset(self, name: str) -> str:
        dsn = with_dbname(self.server_dsn, name)
        try:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute("SET client_min_messages = warning")
                conn.execute(_RESET)
                for ext, schema, version in self.extensions:
                    conn.execute(
                        psycopg.sql.SQL("CREATE EXTENSION {} WITH SCHEMA {} VERSION {}").format(
                            psycopg.sql.Identifier(ext),
                            psycopg.sql.Identifier(schema),
                            psycopg.sql.Literal(version),
                        )
                    )
                found = _fingerprint(conn)
                if found == self.fingerprint:
                    return name
                self.why.append(f"{name}: {found} instead of {self.fingerprint}")
        except psycopg.Error as exc:
            self.why.append(f"{name}: {exc}")
        self.recloned += 1
        drop_database(self.server_dsn, name)
        self.made.remove(name)
        return self._clone()

    def close(self) -> None:
        for name in self.made:
            drop_database(self.server_dsn, name)
        self.made.clear()
        self.free.clear()


def _fingerprint(conn: psycopg.Connection[Any]) -> tuple[Any, ...]:
    row = conn.execute(_FINGERPRINT).fetchone()
    assert row is not None
    return tuple(row)
