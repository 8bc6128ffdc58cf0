"""The revisions of a migrations folder, in order, with what each file declares.

A revision file is an Alembic script with a few more module constants (see
`render.py` for the format): its message, when it was made, the schema hashes
it starts from and ends at, the timeouts it wants and the hazards it carries
and allows. primedb keeps the history linear: one head, each revision revising
the one before, so "the next revision" and "the previous one" always make sense.
"""

from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from alembic.config import Config
from alembic.script import Script, ScriptDirectory
from alembic.util import CommandError

from primedb.diff.hazards import HazardKind
from primedb.errors import BadInput, UsageError
from primedb.migrations.errors import RevisionNotFound

__all__ = ["History", "RevisionInfo", "alembic_config"]

BASE = "base"
HEAD = "head"


def alembic_config(folder: Path, **attributes: Any) -> Config:
    """An Alembic config for `folder`, carrying primedb's objects in `attributes`.

    The folder's own `alembic.ini` (for plain `alembic`) is not read: its
    logging set-up would fight primedb's, and its only setting, the script
    location, is the folder itself.
    """
    config = Config(attributes={"primedb": True, **attributes})
    config.set_main_option("script_location", str(folder))
    return config


@dataclass(frozen=True, slots=True, kw_only=True)
class RevisionInfo:
    """One revision file and what it declares."""

    revision: str
    down_revision: str | None
    message: str
    path: Path
    created_at: str | None = None
    expects_schema: str | None = None
    produces_schema: str | None = None
    allowed_hazards: tuple[HazardKind, ...] = ()
    upgrade_hazards: tuple[HazardKind, ...] | None = None  # None: the file does not say
    downgrade_hazards: tuple[HazardKind, ...] | None = None
    lock_timeout_ms: int | None = None
    statement_timeout_ms: int | None = None

    @property
    def label(self) -> str:
        return f"{self.revision} ({self.message})" if self.message else self.revision


class History:
    """The linear list of revisions of one migrations folder, oldest first."""

    def __init__(self, folder: Path) -> None:
        if not (folder / "env.py").is_file():
            raise UsageError(
                f"{folder} is not a migrations folder (no env.py); "
                "pass --migrations-dir or set [tool.primedb] migrations_dir"
            )
        self.folder = folder
        try:
            self.script = ScriptDirectory.from_config(alembic_config(folder))
            heads = self.script.get_heads()
            scripts = list(self.script.walk_revisions(BASE, HEAD))
        except CommandError as exc:
            raise BadInput(f"{folder}: {exc}") from exc
        if len(heads) > 1:
            raise BadInput(
                f"{folder} has {len(heads)} heads ({', '.join(sorted(heads))}); primedb keeps "
                "one line of revisions: merge them (alembic merge) or rebase one onto the other"
            )
        self.revisions: tuple[RevisionInfo, ...] = tuple(_info(s) for s in reversed(scripts))
        self._index = {r.revision: i for i, r in enumerate(self.revisions)}

    @property
    def head(self) -> str | None:
        return self.revisions[-1].revision if self.revisions else None

    def get(self, revision: str) -> RevisionInfo:
        return self.revisions[self.position(revision)]

    def position(self, revision: str | None) -> int:
        """Index of `revision` in the list; -1 for base (None)."""
        if revision is None:
            return -1
        if revision in self._index:
            return self._index[revision]
        raise RevisionNotFound(
            f"revision {revision} is not in {self.folder / 'versions'}; "
            "check the folder (or the database's alembic_version) and run primedb status"
        )

    def resolve(self, target: str) -> str | None:
        """A revision id from `head`, `base`, a full id or a unique prefix; None is base."""
        if target == BASE:
            return None
        if target == HEAD:
            return self.head
        if target in self._index:
            return target
        matches = [r.revision for r in self.revisions if r.revision.startswith(target)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise RevisionNotFound(
                f"revision prefix {target} is ambiguous ({', '.join(matches)}); give more of it"
            )
        raise RevisionNotFound(
            f"no revision {target} in {self.folder / 'versions'}; "
            "run primedb status to list the revisions"
        )

    def upgrades(self, current: str | None, target: str | None) -> tuple[RevisionInfo, ...]:
        """The revisions to apply, oldest first, to go from `current` up to `target`."""
        here, there = self.position(current), self.position(target)
        if there < here:
            raise UsageError(
                f"--to {target or BASE} is older than the database's revision "
                f"{current}; use primedb rollback to go back"
            )
        return self.revisions[here + 1 : there + 1]

    def downgrades(self, current: str | None, target: str | None) -> tuple[RevisionInfo, ...]:
        """The revisions to undo, newest first, to go from `current` down to `target`."""
        here, there = self.position(current), self.position(target)
        if there > here:
            raise UsageError(
                f"--to {target} is newer than the database's revision {current or BASE}; "
                "use primedb migrate to go forward"
            )
        return tuple(reversed(self.revisions[there + 1 : here + 1]))

    def steps_back(self, current: str | None, steps: int) -> str | None:
        """The revision `steps` before `current` (None: base)."""
        here = self.position(current)
        if steps < 1:
            raise UsageError("--steps must be 1 or more")
        if steps > here + 1:
            raise UsageError(
                f"--steps {steps} goes past base: the database has {here + 1} revisions applied"
            )
        there = here - steps
        return self.revisions[there].revision if there >= 0 else None


def _info(script: Script) -> RevisionInfo:
    module = script.module
    down = script.down_revision
    if isinstance(down, tuple | list):
        raise BadInput(f"{script.path}: merge revisions are not supported; keep one line")
    return RevisionInfo(
        revision=script.revision,
        down_revision=down,
        message=str(getattr(module, "message", None) or (script.doc or "").strip()),
        path=Path(script.path),
        created_at=_optional_str(module, "created_at"),
        expects_schema=_optional_str(module, "expects_schema"),
        produces_schema=_optional_str(module, "produces_schema"),
        allowed_hazards=_kinds(module, "allowed_hazards", script.path) or (),
        upgrade_hazards=_kinds(module, "upgrade_hazards", script.path),
        downgrade_hazards=_kinds(module, "downgrade_hazards", script.path),
        lock_timeout_ms=_optional_int(module, "lock_timeout_ms", script.path),
        statement_timeout_ms=_optional_int(module, "statement_timeout_ms", script.path),
    )


def _optional_str(module: ModuleType, name: str) -> str | None:
    value = getattr(module, name, None)
    return None if value is None else str(value)


def _optional_int(module: ModuleType, name: str, path: str) -> int | None:
    value = getattr(module, name, None)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise BadInput(f"{path}: {name} must be a number of milliseconds, not {value!r}")
    return value


def _kinds(module: ModuleType, name: str, path: str) -> tuple[HazardKind, ...] | None:
    value = getattr(module, name, None)
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, tuple | list):
        raise BadInput(f"{path}: {name} must be a tuple of hazard kinds, not {value!r}")
    kinds: list[HazardKind] = []
    for item in value:
        try:
            kinds.append(HazardKind(item))
        except ValueError:
            known = ", ".join(k.value for k in HazardKind)
            raise BadInput(
                f"{path}: unknown hazard kind {item!r} in {name}; known: {known}"
            ) from None
    return tuple(kinds)
