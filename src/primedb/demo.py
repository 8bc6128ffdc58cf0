"""The main job, end to end, on one new database: the pipeline `primedb demo` runs.

Each step is a library call of its own; this module only puts them in order
and collects what each one reports, so the command line can print one screen.
"""

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from primedb.pg import create_database
from primedb.pg.info import ServerInfo, server_info
from primedb.schema import apply_schema
from primedb.schema.summary import per_table, summarize

__all__ = ["DemoReport", "run_demo"]

log = logging.getLogger("primedb")


@dataclass(frozen=True, slots=True)
class DemoReport:
    database: str
    server: ServerInfo
    schema_files: tuple[str, ...]
    schema_objects: dict[str, int]
    tables: tuple[dict[str, Any], ...]


def run_demo(server_dsn: str, *, database: str, schema_dir: Path) -> DemoReport:
    """Create `database` on the server and bring it to the PrimeCloudProV2 schema."""
    target = create_database(server_dsn, database)
    log.info("created database %s", database)
    files = apply_schema(target, schema_dir)
    log.info("applied %d schema files from %s", len(files), schema_dir)
    return DemoReport(
        database=database,
        server=server_info(target),
        schema_files=tuple(f.name for f in files),
        schema_objects=summarize(target),
        tables=tuple(per_table(target)),
    )
