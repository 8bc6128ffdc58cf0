<%!
from primedb.migrations.pysource import literal
%>"""${message or "Describe the change"}.

Written by hand (alembic revision); primedb revision generates revisions from schema/.

Upgrade hazards:
- none (list them here, in plain words)

Downgrade hazards:
- none (list them here, in plain words)
"""

from alembic import op  # noqa: F401  (used once the bodies are written)

revision: str = ${literal(up_revision)}
down_revision: str | None = ${literal(down_revision) if down_revision else "None"}
branch_labels = None
depends_on = None

message = ${literal(message or "")}
created_at = ${literal(create_date.strftime("%Y-%m-%dT%H:%M:%S"))}
expects_schema: str | None = None
produces_schema: str | None = None
allowed_hazards: tuple[str, ...] = ()


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
