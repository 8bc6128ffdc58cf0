"""Who runs the embedded server.

PostgreSQL refuses to run as root. When primedb runs as root, the cluster runs
as the `postgres` system user where it exists, else as a `primedb` system user
created on first use; otherwise it runs as the current user.
"""

import os
import pwd
import subprocess
from dataclasses import dataclass
from pathlib import Path

from primedb.errors import UsageError

_FALLBACK_USER = "primedb"


@dataclass(frozen=True, slots=True)
class Owner:
    name: str
    uid: int
    gid: int

    @property
    def is_current(self) -> bool:
        return self.uid == os.geteuid()

    def chown(self, path: Path) -> None:
        if not self.is_current:
            os.chown(path, self.uid, self.gid)

    def can_write(self, directory: Path) -> bool:
        """Whether this user can create entries in `directory` (and reach it)."""
        if self.is_current:
            return os.access(directory, os.W_OK | os.X_OK)
        done = subprocess.run(
            ["test", "-w", str(directory), "-a", "-x", str(directory)],
            user=self.uid,
            group=self.gid,
            check=False,
        )
        return done.returncode == 0


def _from_pwd(entry: pwd.struct_passwd) -> Owner:
    return Owner(name=entry.pw_name, uid=entry.pw_uid, gid=entry.pw_gid)


def server_owner() -> Owner:
    """The user the server processes run as (never root)."""
    if os.geteuid() != 0:
        return _from_pwd(pwd.getpwuid(os.geteuid()))
    for name in ("postgres", _FALLBACK_USER):
        try:
            return _from_pwd(pwd.getpwnam(name))
        except KeyError:
            continue
    done = subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", _FALLBACK_USER],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise UsageError(
            f"running as root and cannot create the user {_FALLBACK_USER!r} to run PostgreSQL: "
            f"{done.stderr.strip()}; create an unprivileged user named postgres"
        )
    return _from_pwd(pwd.getpwnam(_FALLBACK_USER))
