"""`primedb check`: do the revisions hold what they promise? For CI.

- the migrations at head reproduce `schema/` exactly (an empty diff both ways);
- every revision passes upgrade -> downgrade -> upgrade on a scratch database
  holding rows (`stairway.py`), each step giving exactly the schema that
  revision records, the rows of the tables it does not touch kept;
- no revision carries a hazard it does not allow, and the upgrade SQL of
  each passes `primedb lint` with the revision's `allowed_hazards`;
- the schema hashes chain: each revision expects what the one before
  produces, and produces what it records.

`check_project()` runs them all and returns a `CheckReport`; nothing raises
for a problem found: each is a `Finding` in the report, in plain words.
"""

from primedb.migrations.check.findings import Check, CheckReport, Finding
from primedb.migrations.check.project import check_project
from primedb.migrations.check.rows import RowSource, SeedRows

__all__ = ["Check", "CheckReport", "Finding", "RowSource", "SeedRows", "check_project"]
