"""Find the PostgreSQL server binaries on this machine.

Order: `PRIMEDB_PG_BINDIR`, then `pg_config --bindir`, then `initdb` on
`PATH`, then the newest `/usr/lib/postgresql/*/bin`. A directory counts only
when it holds the server programs we run (`initdb`, `postgres`).
"""

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from primedb.errors import PostgresNotFound

_NEEDED = ("initdb", "postgres")
_DEBIAN_ROOT = Path("/usr/lib/postgresql")


@dataclass(frozen=True, slots=True)
class Binaries:
    bindir: Path
    major: int

    def path(self, program: str) -> str:
        return str(self.bindir / program)

    @property
    def sharedir(self) -> Path:
        """Where extension control files live (`<sharedir>/extension`)."""
        out = _run_quiet([self.path("pg_config"), "--sharedir"])
        if out:
            return Path(out)
        return Path(f"/usr/share/postgresql/{self.major}")

    def has_extension(self, name: str) -> bool:
        return (self.sharedir / "extension" / f"{name}.control").exists()


def _run_quiet(argv: list[str]) -> str | None:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def _usable(bindir: Path) -> bool:
    return all(os.access(bindir / p, os.X_OK) for p in _NEEDED)


def _candidates() -> list[Path]:
    found: list[Path] = []
    if env := os.environ.get("PRIMEDB_PG_BINDIR"):
        found.append(Path(env))
    if pg_config := shutil.which("pg_config"):
        bindir = _run_quiet([pg_config, "--bindir"])
        if bindir:
            found.append(Path(bindir))
    if initdb := shutil.which("initdb"):
        found.append(Path(initdb).resolve().parent)
    versions = sorted(
        (p for p in _DEBIAN_ROOT.glob("*/bin") if p.parent.name.isdigit()),
        key=lambda p: int(p.parent.name),
        reverse=True,
    )
    found.extend(versions)
    return found


def _major(bindir: Path) -> int:
    out = _run_quiet([str(bindir / "postgres"), "--version"]) or ""
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    if not match:
        raise PostgresNotFound(f"cannot read the version of {bindir / 'postgres'}")
    return int(match.group(1))


def find_binaries() -> Binaries:
    """The first usable PostgreSQL binary directory, or a clear error."""
    if (env := os.environ.get("PRIMEDB_PG_BINDIR")) and not _usable(Path(env)):
        # An explicit choice that does not work is an error, not a hint to look elsewhere.
        raise PostgresNotFound(
            f"PRIMEDB_PG_BINDIR={env} does not hold {' and '.join(_NEEDED)}; "
            "point it at a PostgreSQL bin directory, or unset it"
        )
    for bindir in _candidates():
        if _usable(bindir):
            return Binaries(bindir=bindir, major=_major(bindir))
    raise PostgresNotFound(
        "no PostgreSQL server binaries found (looked at PRIMEDB_PG_BINDIR, pg_config, PATH "
        "and /usr/lib/postgresql/*/bin); install them with "
        "`apt-get install postgresql-15 postgresql-15-hypopg`"
    )
