"""`--apply-to-schema`: write verified indexes into the schema file that creates their table.

`schema/*.sql` is the desired state, in the plain form (`CREATE INDEX`, not
CONCURRENTLY: `primedb revision` writes the online form into the
migration). Each verified index goes after the last statement of the file
about its table (its CREATE TABLE, indexes, comments), under a comment naming
the queries it serves and the gain measured, so the reason stays beside the
index. An index whose name the file already holds is left alone.
"""

import dataclasses
import re
from pathlib import Path

from primedb.analyzers.advice.report import AdviceReport, AdvisedIndex
from primedb.errors import BadInput
from primedb.lint.tokens import SqlStatement, split_statements

__all__ = ["apply_to_schema", "comment_for"]


def comment_for(index: AdvisedIndex) -> str:
    """`-- primedb advise: <query> [sample] 1,234 -> 5 buffers (12.3 -> 0.1 ms); ...`."""
    gains = []
    for served in index.served:
        b, a = served.before, served.after
        gains.append(
            f"{served.name} [{served.sample}] {b.buffers:,} -> {a.buffers:,} buffers "
            f"({b.execution_ms:.2f} -> {a.execution_ms:.2f} ms)"
        )
    return "-- primedb advise: " + "; ".join(gains) + "."


def _wrap(comment: str, width: int = 100) -> str:
    lines, line = [], ""
    for word in comment.removeprefix("-- ").split(" "):
        if line and len(line) + 1 + len(word) > width - 3:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(f"-- {text}" for text in lines)


def _about(statement: SqlStatement, table: str) -> bool:
    """True for CREATE TABLE t, CREATE INDEX ... ON t, COMMENT ON ... t, ALTER TABLE t."""
    names = [w.text.lower() for w in statement.words]
    upper = [w.upper for w in statement.words]
    if upper[:2] == ["CREATE", "TABLE"] or upper[:2] == ["ALTER", "TABLE"]:
        rest = [n for n in names[2:6] if n not in ("if", "not", "exists", "only", "public", ".")]
        return bool(rest) and rest[0] == table
    if upper[:1] == ["CREATE"] and "INDEX" in upper[:4] and "ON" in upper:
        after = names[upper.index("ON") + 1 :]
        after = [n for n in after if n not in ("only", "public", ".")]
        return bool(after) and after[0] == table
    if upper[:2] == ["COMMENT", "ON"]:
        target = [n for n in names[3:6] if n not in ("public", ".")]
        return bool(target) and target[0] == table
    return False


def _creates(statement: SqlStatement, table: str) -> bool:
    upper = [w.upper for w in statement.words]
    return upper[:2] == ["CREATE", "TABLE"] and _about(statement, table)


def _end_of(text: str, statement: SqlStatement) -> int:
    """The offset just after the statement's semicolon and the rest of its line."""
    line_start = 0
    for _ in range(statement.line - 1):
        line_start = text.index("\n", line_start) + 1
    start = text.index(statement.text, line_start)
    semicolon = text.index(";", start + len(statement.text))
    newline = text.find("\n", semicolon)
    return len(text) if newline < 0 else newline + 1


def _file_of(schema_dir: Path, table: str) -> tuple[Path, str, list[SqlStatement]]:
    for path in sorted(schema_dir.glob("*.sql")):
        text = path.read_text()
        if not re.search(rf"\b{re.escape(table)}\b", text, re.IGNORECASE):
            continue
        statements = list(split_statements(text))
        if any(_creates(s, table) for s in statements):
            return path, text, statements
    raise BadInput(
        f"no file of {schema_dir} creates table {table}; add its CREATE TABLE there, or "
        "write the index in by hand"
    )


def apply_to_schema(report: AdviceReport, schema_dir: Path) -> AdviceReport:
    """Write each verified index of `report` into `schema_dir`; the report, with notes."""
    notes = list(report.notes)
    for index in report.indexes:
        if not index.verified:
            notes.append(f"{index.name} is not verified: not written to {schema_dir}")
            continue
        path, text, statements = _file_of(schema_dir, index.spec.table)
        if re.search(rf"\b{re.escape(index.name)}\b", text):
            notes.append(f"{path} already holds {index.name}: left as it is")
            continue
        last = [s for s in statements if _about(s, index.spec.table)][-1]
        at = _end_of(text, last)
        block = f"{_wrap(comment_for(index))}\n{index.definition};\n"
        path.write_text(text[:at] + block + text[at:])
        notes.append(f"wrote {index.name} into {path}")
    return dataclasses.replace(report, notes=tuple(notes))
