"""What a server is: its version and the extensions it offers."""

from dataclasses import dataclass

from primedb.pg.connect import connect

SERVER_VERSION = "SELECT pg_catalog.current_setting('server_version'), pg_catalog.version()"
EXTENSIONS = """
SELECT name, default_version, installed_version
FROM pg_catalog.pg_available_extensions
ORDER BY name
"""


@dataclass(frozen=True, slots=True)
class Extension:
    name: str
    default_version: str
    installed_version: str | None


@dataclass(frozen=True, slots=True)
class ServerInfo:
    version: str
    full_version: str
    extensions: tuple[Extension, ...]

    @property
    def installed(self) -> tuple[Extension, ...]:
        return tuple(e for e in self.extensions if e.installed_version)


def server_info(dsn: str) -> ServerInfo:
    with connect(dsn) as conn:
        version, full = conn.execute(SERVER_VERSION).fetchone() or ("", "")
        rows = conn.execute(EXTENSIONS).fetchall()
    return ServerInfo(version, full, tuple(Extension(*row) for row in rows))
