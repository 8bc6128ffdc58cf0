#!/usr/bin/env bash
# The whole test suite, against a throwaway PostgreSQL (or PRIMEDB_TEST_DSN).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
exec "${PRIMEDB_VENV:-$ROOT/.venv}/bin/pytest" "$@"
