"""Alembic revisions with rollbacks: running them, reporting on them, checking hand-written SQL.

- `runner`: `migrate()` / `rollback()` under the migration lock (`lock`), with
  per-revision timeouts (`settings`), retries on lock timeouts and a line per
  statement (`engine`, `reporter`); `offline` prints the SQL instead.
- `status`: the database's revision, the pending ones and their hazards.
- `render`: a `Plan` as a revision file (the format `primedb revision` writes);
  `pysource` and `sqltext` keep its SQL exact through Python and Alembic.
- `generate`: `primedb revision`, the next revision from the migrations at head
  to `schema/`, refused on hazards not allowed, `proof`-ed before it is written.
- `check`: `primedb check`, for CI (the stairway over rows, hashes, lint, schema/).
- `lint`: the hazards of hand-written SQL, in the words of `primedb.diff.hazards`;
  `revision_lint` lints one revision against the schema it starts from.
- `schemahash`: the hash revisions record; `drift`: the live schema against it,
  with `differences` naming the objects; `scratch`: runs on primedb's own databases.
- `environment`: the body of `migrations/env.py`; `history`: the revisions of a folder.

Modules are imported where used: the package itself loads nothing heavy.
"""
