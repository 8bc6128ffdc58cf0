"""Make PostgreSQL's deparsed SQL a fixed point, so the same schema always reads the same.

The definitions in the model are PostgreSQL's own deparsed text. Deparsing is
not quite idempotent: a boolean chain PostgreSQL built itself, such as the
ORs a row `IN` list expands into, is a nested tree and prints as
`(((a OR b) OR c) OR d)`; the parser flattens that text into one chain, which
prints as `(a OR b OR c OR d)`. So a function created from a schema file and
the same function created from a dump would read differently, and the diff
would see a change that is not there.

`canonical()` flattens such chains in the text: when the first operand of an
OR chain is a parenthesized OR chain, its parentheses go (likewise for AND),
which is what the parser itself does. Regrouping an associative chain changes
nothing it means, and the result is what PostgreSQL prints after one more
round trip. Quoted strings, quoted
identifiers and dollar-quoted bodies (a plpgsql body is stored verbatim) are
left untouched.
"""

from primedb.sqllex import lex

__all__ = ["canonical"]

_CONNECTIVES = frozenset({"and", "or"})


class Group:
    """A parenthesized run of items: tokens (strings) and nested groups."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[str | Group] = []

    def text(self) -> str:
        return "(" + _join(self.items) + ")"


def _join(items: list[str | Group]) -> str:
    return "".join(i if isinstance(i, str) else i.text() for i in items)


def _tokens(sql: str) -> list[str]:
    """The token texts of `sql` (strings, quoted names and bodies stay whole)."""
    return [t.text for t in lex(sql)]


def _tree(tokens: list[str]) -> list[str | Group]:
    root: list[str | Group] = []
    stack: list[list[str | Group]] = [root]
    for tok in tokens:
        if tok == "(":
            group = Group()
            stack[-1].append(group)
            stack.append(group.items)
        elif tok == ")" and len(stack) > 1:
            stack.pop()
        else:
            stack[-1].append(tok)
    return root


def _connectives(items: list[str | Group]) -> set[str]:
    return {i.lower() for i in items if isinstance(i, str) and i.lower() in _CONNECTIVES}


def _operands(items: list[str | Group]) -> list[list[str | Group]]:
    """The runs of items between top-level ANDs / ORs (connectives excluded)."""
    runs: list[list[str | Group]] = [[]]
    for item in items:
        if isinstance(item, str) and item.lower() in _CONNECTIVES:
            runs.append([])
        else:
            runs[-1].append(item)
    return runs


def _flatten(items: list[str | Group]) -> list[str | Group]:
    for item in items:
        if isinstance(item, Group):
            item.items = _flatten(item.items)
    words = _connectives(items)
    if len(words) != 1:
        return items
    first = _operands(items)[0]
    groups = [i for i in first if isinstance(i, Group)]
    lone = len(groups) == 1 and all(isinstance(i, Group) or not i.strip() for i in first)
    if not lone or _connectives(groups[0].items) != words:
        return items
    # Only the first operand: the parser appends to a chain on its left
    # (`(a OR b) OR c` becomes one chain) but keeps `a OR (b OR c)` nested.
    at = next(n for n, i in enumerate(items) if i is groups[0])
    return [*items[:at], *groups[0].items, *items[at + 1 :]]


def canonical(sql: str) -> str:
    """`sql` with nested boolean chains of one connective flattened (see the module doc)."""
    if "(" not in sql:
        return sql
    return _join(_flatten(_tree(_tokens(sql))))


def canonical_or_none(sql: str | None) -> str | None:
    return None if sql is None else canonical(sql)
