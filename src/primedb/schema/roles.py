"""The roles the schema files grant to: made before anything that needs them.

Roles belong to the cluster, not to a database: the catalog model and the
diff leave them out, and a plan that names one only checks that it exists
(`primedb.diff.roles`). A project makes its roles with a *roles file* in its
schema folder, any file named `*roles.sql` (PrimeCloudProV2's is
`schema/01_roles.sql`): cluster-level statements only, written to be run
again and by several sessions at once (a `DO` block that creates a role when
it is missing and shrugs off a concurrent creation). `schema apply` runs it
with the other files. Everything that runs the migrations on a server of its
own choosing (`primedb check`, `primedb revision`, the `migrations` source,
the embedded default database, the tests) runs `ensure_roles` on that server
first, since the migrations name roles they do not create. On a production
server, a DBA runs the file once (`psql -f schema/01_roles.sql`), or makes the
roles by other means; until then a migration that names them stops at its
first statement, saying which are missing.
"""

import logging
from pathlib import Path

import psycopg

from primedb.errors import BadInput
from primedb.pg.connect import connect

__all__ = ["ROLE_FILES", "ensure_roles", "role_files"]

ROLE_FILES = "*roles.sql"

log = logging.getLogger("primedb.schema")


def role_files(schema_dir: Path) -> list[Path]:
    """The roles files of `schema_dir`, in file-name order (none is fine)."""
    return sorted(schema_dir.glob(ROLE_FILES)) if schema_dir.is_dir() else []


def ensure_roles(dsn: str, schema_dir: Path) -> list[Path]:
    """Run the roles files of `schema_dir` on the server of `dsn`, in one transaction."""
    files = role_files(schema_dir)
    if not files:
        return []
    with connect(dsn) as conn:
        for path in files:
            log.info("making the roles of %s", path.name)
            try:
                conn.execute(path.read_text())
            except psycopg.Error as exc:
                conn.rollback()
                raise BadInput(
                    f"{path}: {str(exc).strip().splitlines()[0]}; the roles the schema grants to "
                    "could not be made: run it as a role with CREATEROLE, or create them first"
                ) from exc
        conn.commit()
    return files
