"""Alembic revisions with rollbacks: running them, reporting on them, checking hand-written SQL.

- `runner`: `migrate()` / `rollback()` under the migration lock (`lock`), with
  per-revision timeouts (`settings`), retries on lock timeouts and a line per
  statement (`engine`, `reporter`); `offline` prints the SQL instead.
- `status`: the database's revision, the pending ones and their hazards.
- `render`: a `Plan` as a revision file (the format `primedb revision` writes).
- `lint`: the hazards of hand-written SQL, in the words of `primedb.diff.hazards`.
- `environment`: the body of `migrations/env.py`; `history`: the revisions of a folder.
- `drift`: the hook where the live schema hash is compared before running.

Modules are imported where used: the package itself loads nothing heavy.
"""
