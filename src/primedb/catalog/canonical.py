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

The other way round, an IN list over a column that needs a cast to compare
prints as an array cast as a whole, `(ARRAY['a'::character varying,
...])::text[]`, which PostgreSQL parses into another expression (the cast goes
into each element) that prints differently. `canonical()` writes such an
array `(ARRAY[...]::character varying[])::text[]`, which parses back into the
very expression it came from and prints as it did: the text the model keeps
builds the same database (see `_array_casts`).
"""

from primedb.sqllex import Token, TokenKind, lex, significant

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


def _span(sql: str, tokens: list[Token]) -> str:
    return sql[tokens[0].start : tokens[-1].start + len(tokens[-1].text)]


def _closing(tokens: list[Token], at: int, opening: str, closing: str) -> int | None:
    """The index (in `tokens`) of the bracket closing the one at `at`."""
    depth = 0
    for i in range(at, len(tokens)):
        if tokens[i].text == opening:
            depth += 1
        elif tokens[i].text == closing:
            depth -= 1
            if depth == 0:
                return i
    return None


def _elements(tokens: list[Token]) -> list[list[Token]]:
    """The comma-separated elements of an ARRAY[...] (top level only)."""
    found: list[list[Token]] = [[]]
    depth = 0
    for t in tokens:
        if t.text in ("(", "["):
            depth += 1
        elif t.text in (")", "]"):
            depth -= 1
        elif t.text == "," and depth == 0:
            found.append([])
            continue
        found[-1].append(t)
    return found


def _element_type(sql: str, element: list[Token]) -> str | None:
    """`character varying` of `'a'::character varying`; None for anything else."""
    if len(element) < 3 or element[0].kind is not TokenKind.STRING or element[1].text != "::":
        return None
    return " ".join(_span(sql, element[2:]).split())


def _array_casts(sql: str) -> str:
    """`(ARRAY['a'::S, ...])::T[]` written `(ARRAY['a'::S, ...]::S[])::T[]` (also unwrapped).

    That is how PostgreSQL prints an IN list over a column whose type needs a
    cast to compare (`status IN ('a', 'b')` on a varchar column): an array of
    the column's type, cast as a whole. Parsed again, the outer cast would go
    into each element instead (`ARRAY[('a'::S)::T, ...]`), a different
    expression that prints differently; cast to its own type first, the array
    stays an array cast as a whole, and prints exactly as before.
    """
    tokens = significant(lex(sql))
    inserts: dict[int, str] = {}  # offset in `sql` -> text to insert there
    for n in range(1, len(tokens) - 2):
        if tokens[n].upper != "ARRAY" or tokens[n + 1].text != "[":
            continue
        close = _closing(tokens, n + 1, "[", "]")
        if close is None or close + 2 >= len(tokens):
            continue
        # `(ARRAY[...])::T[]`, or pretty-printed `ARRAY[...]::T[]`
        wrapped = tokens[n - 1].text == "(" and tokens[close + 1].text == ")"
        cast = close + 2 if wrapped else close + 1
        if cast >= len(tokens) or tokens[cast].text != "::":
            continue
        end = next((i for i in range(cast + 1, len(tokens)) if tokens[i].text == "["), None)
        if end is None or end == cast + 1 or end + 1 >= len(tokens) or tokens[end + 1].text != "]":
            continue
        outer = " ".join(_span(sql, tokens[cast + 1 : end]).split())
        kinds = {_element_type(sql, e) for e in _elements(tokens[n + 2 : close])}
        if len(kinds) != 1 or None in kinds or outer in kinds:
            continue
        element_type = kinds.pop()
        assert element_type is not None
        inserts[tokens[close].start + 1] = f"::{element_type}[]"
    for offset in sorted(inserts, reverse=True):
        sql = sql[:offset] + inserts[offset] + sql[offset:]
    return sql


def canonical(sql: str) -> str:
    """`sql` with nested boolean chains of one connective flattened, and arrays cast as a
    whole kept so when parsed again (see the module doc)."""
    if "(" not in sql:
        return sql
    flat = _join(_flatten(_tree(_tokens(sql))))
    return _array_casts(flat) if "ARRAY[" in flat else flat


def canonical_or_none(sql: str | None) -> str | None:
    return None if sql is None else canonical(sql)
