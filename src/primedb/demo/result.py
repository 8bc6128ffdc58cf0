"""What the demo did: each step's outcome, and everything it found, as one screen or one JSON.

The JSON is the demo's combined document (`"kind": "primedb demo"`): the
pipeline's steps with their status and time, the server, the schema and the
migration status, the seed, then each analysis step's output exactly as its
own command prints it (`explain`, `audit`, `advise`, `bench`), and the
comparison of the advice with `schema/`'s own indexes. `primedb report`
renders that document, like the demo's step 7 does.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from primedb import __version__
from primedb.demo.context import DemoSettings
from primedb.demo.pipeline import Outcome, Status
from primedb.errors import PrimedbError
from primedb.report import DEMO_KIND, shown
from primedb.texttable import table

__all__ = ["DemoResult", "demo_document"]


# The document's parts in the order written; each step's output fills some of them.
PARTS = ("server", "schema", "seed", "explain", "audit", "advise", "advice_check", "bench")


def demo_document(
    settings: DemoSettings,
    outcomes: dict[str, Outcome],
    query_texts: dict[str, dict[str, str]],
    generated_at: str,
) -> dict[str, Any]:
    """The combined document of the outcomes so far (see the module docstring); the part of
    a step that did not run is null."""
    doc: dict[str, Any] = {
        "kind": DEMO_KIND,
        "version": __version__,
        "generated_at": generated_at,
        "database": settings.database,
        "settings": {
            "scale": settings.scale,
            "seed": settings.seed,
            "as_of": f"{settings.as_of:%Y-%m}" if settings.as_of else None,
        },
        "steps": [o.as_dict() for o in outcomes.values()],
        "failed": any(o.status is not Status.OK for o in outcomes.values()),
        "query_texts": query_texts,
        **dict.fromkeys(PARTS),
    }
    for outcome in outcomes.values():
        if outcome.output is not None:
            doc.update(outcome.output.parts())
    return doc


# The unit every step counts work in, said once on the screen.
BUFFERS = "(buffers: 8 kB pages a query read, from PostgreSQL's cache or from disk)"


@dataclass(frozen=True, slots=True)
class DemoResult:
    settings: DemoSettings
    outcomes: tuple[Outcome, ...]
    query_texts: dict[str, dict[str, str]]
    generated_at: str
    report: Path | None

    @property
    def failed(self) -> bool:
        return any(o.status is not Status.OK for o in self.outcomes)

    def first_error(self) -> BaseException | None:
        """The error of the first step that failed, to end the command with its code."""
        return next((o.error for o in self.outcomes if o.error is not None), None)

    def exit_error(self) -> PrimedbError | None:
        error = self.first_error()
        return error if isinstance(error, PrimedbError) else None

    def as_dict(self) -> dict[str, Any]:
        doc = demo_document(
            self.settings,
            {o.name: o for o in self.outcomes},
            self.query_texts,
            self.generated_at,
        )
        doc["report"] = str(self.report) if self.report else None
        return doc

    def as_text(self) -> str:
        s = self.settings
        rows = [
            {
                "step": f"{n}. {o.title}",
                "status": o.status.value,
                "seconds": f"{o.seconds:.1f}",
                "what it did": o.line(),
            }
            for n, o in enumerate(self.outcomes, 1)
        ]
        total = sum(o.seconds for o in self.outcomes)
        month = f", as of {s.as_of:%Y-%m}" if s.as_of else ""
        lines = [
            f"primedb demo: database {s.database}, scale {s.scale:g}, seed {s.seed}{month}",
            "",
            table(rows),
            "",
            f"{len(self.outcomes)} steps in {total:.1f} s; "
            + (
                "something failed: "
                + "; ".join(f"{o.name} {o.status.value}" for o in self.outcomes if not o.ok)
                if self.failed
                else "every step succeeded"
            ),
        ]
        said = [line for o in self.outcomes if o.output for line in o.output.highlights()]
        if said:
            lines += ["", *said]
        lines.append(BUFFERS)
        if self.report is not None:
            lines += ["", f"report: {shown(self.report)}"]  # as step 7 says it
        return "\n".join([*lines, "", *self.next_steps()])

    def next_steps(self) -> list[str]:
        """Where the database is, how to look at the report, what to run next."""
        s = self.settings
        steps = ["next:"]
        if self.report is not None:
            steps.append(
                f"  open {shown(self.report)} in a browser: one file, no server, works offline"
            )
        if s.throwaway:
            steps += [
                f"  {s.database} went with the throwaway cluster; to keep the database, "
                "run on a server that stays:",
                "    DSN=$(primedb server start --data-dir ./pgdata)",
                '    primedb demo --dsn "$DSN"',
            ]
        else:
            steps.append(
                f"  {s.database} stays on your server (DROP DATABASE {s.database} removes it)"
            )
        steps.append(
            "  on a database of yours: primedb audit --dsn DSN, primedb explain --dsn DSN, "
            "primedb advise --dsn DSN"
        )
        return steps
