"""Alembic environment of the PrimeCloudProV2 migrations.

All of it lives in `primedb.migrations.environment`, typed and tested: this
file only hands Alembic's context over. See README.md beside it.
"""

from alembic import context

from primedb.migrations.environment import run_environment

run_environment(context)
