#!/usr/bin/env bash
# The whole test suite, against a throwaway PostgreSQL (or PRIMEDB_TEST_DSN),
# in parallel xdist workers that share the one cluster: min(cores, 4) of them,
# or PRIMEDB_TEST_WORKERS (0 runs in this process, which a debugger needs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
CORES="$(nproc 2>/dev/null || echo 2)"
WORKERS="${PRIMEDB_TEST_WORKERS:-$((CORES < 4 ? CORES : 4))}"
# Benchmarks run on their own (README, Benchmarks); xdist would disable them anyway.
exec "${PRIMEDB_VENV:-$ROOT/.venv}/bin/pytest" -n "$WORKERS" -p no:benchmark "$@"
