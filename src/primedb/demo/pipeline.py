"""The pipeline's machinery: steps run in order, each timed, a failure reported, not fatal.

A step is a name, a title, the steps it needs and a function of the
pipeline's context and the outcomes so far to an output (its parts of the
demo's JSON document, a one-line `summary()`). The runner times each step and announces it through a
callback before and after; a step that raises is recorded as failed with its
error, and the steps that need it are skipped, saying which failure they
wait on, while the others go on. An output whose `findings()` is true (a
benchmark regression, an audit error) marks its step as having findings:
done, but failing its gate.

Catching every exception here is deliberate: one broken step must not hide
what the others would show. The error is kept (a `PrimedbError` for its
exit code, anything else as a bug with its traceback in the log).
"""

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, Protocol, TypeVar

from primedb.errors import PrimedbError

__all__ = ["Outcome", "Output", "Status", "Step", "run_steps"]

log = logging.getLogger("primedb")

Context = TypeVar("Context")


class Output(Protocol):
    """What a step gives back: its parts of the demo's document and one line saying what it
    did; `findings()` is true when what it found fails a gate."""

    def parts(self) -> dict[str, Any]: ...

    def summary(self) -> str: ...

    def highlights(self) -> list[str]:
        """A few lines worth a place on the demo's one screen (may be none)."""
        ...

    def findings(self) -> bool: ...


class Status(Enum):
    OK = "ok"
    FINDINGS = "findings"  # done, and found what fails a gate
    FAILED = "failed"
    SKIPPED = "skipped"  # a step it needs did not succeed


@dataclass(frozen=True, slots=True)
class Step(Generic[Context]):
    name: str
    title: str
    run: Callable[[Context, Mapping[str, "Outcome"]], Output]
    needs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str
    title: str
    status: Status
    seconds: float
    output: Output | None = None
    error: BaseException | None = None
    note: str = ""  # why it was skipped, or what failed, in words

    @property
    def ok(self) -> bool:
        return self.status is Status.OK

    def line(self) -> str:
        """`summary` of the step, or what went wrong."""
        if self.output is not None:
            return self.output.summary()
        return self.note

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "status": self.status.value,
            "seconds": round(self.seconds, 3),
            "summary": self.output.summary() if self.output is not None else None,
            "error": None if self.status is not Status.FAILED else self.note,
            "skipped_because": self.note if self.status is Status.SKIPPED else None,
        }


Announce = Callable[[int, int, Step[Any], Outcome | None], None]  # before (None) and after


def _error_words(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, PrimedbError) else f"bug: {type(exc).__name__}: {exc}"


def run_steps(
    steps: Sequence[Step[Context]], context: Context, announce: Announce | None = None
) -> list[Outcome]:
    """Run `steps` in order on `context` (see the module docstring); one outcome each."""
    outcomes: dict[str, Outcome] = {}
    for number, step in enumerate(steps, 1):
        if announce is not None:
            announce(number, len(steps), step, None)
        missing = [n for n in step.needs if outcomes[n].output is None]
        started = time.perf_counter()
        if missing:
            failed = ", ".join(missing)
            outcome = Outcome(
                step.name, step.title, Status.SKIPPED, 0.0, note=f"needs {failed}, which failed"
            )
        else:
            try:
                output = step.run(context, outcomes)
            except Exception as exc:  # reported, and the steps that do not need it go on
                log.debug("step %s failed", step.name, exc_info=True)
                outcome = Outcome(
                    step.name,
                    step.title,
                    Status.FAILED,
                    time.perf_counter() - started,
                    error=exc,
                    note=_error_words(exc),
                )
            else:
                status = Status.FINDINGS if output.findings() else Status.OK
                outcome = Outcome(
                    step.name, step.title, status, time.perf_counter() - started, output
                )
        outcomes[step.name] = outcome
        if announce is not None:
            announce(number, len(steps), step, outcome)
    return list(outcomes.values())
