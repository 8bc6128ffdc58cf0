#!/usr/bin/env bash
# The main job on the embedded default database (or --dsn / PRIMEDB_DSN).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
exec "${PRIMEDB_VENV:-$ROOT/.venv}/bin/primedb" demo "$@"
