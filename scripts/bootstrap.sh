#!/usr/bin/env bash
# Install what primedb needs on a Debian or Ubuntu machine, idempotently:
# PostgreSQL server binaries and HypoPG, Prometheus' binaries and Chromium for
# the tests (through apt-get when root, else the exact packages to install are
# named), and a virtual environment (.venv) holding the project with its
# pinned dependencies.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PRIMEDB_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
say() { echo "bootstrap: $*" >&2; }

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1
APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    say "apt-get update"
    apt-get update -qq >&2
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# -- PostgreSQL and HypoPG ---------------------------------------------------
pg_bindir() {
  local dir
  for dir in "${PRIMEDB_PG_BINDIR:-}" "$(pg_config --bindir 2>/dev/null || true)" \
      $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

pg_major() { "$1/postgres" --version | sed -E 's/[^0-9]*([0-9]+).*/\1/'; }

has_hypopg() {
  local major="$1"
  [ -f "/usr/share/postgresql/$major/extension/hypopg.control" ] ||
    [ -f "$(pg_config --sharedir 2>/dev/null || echo /nonexistent)/extension/hypopg.control" ]
}

choose_major() {
  # The newest PostgreSQL this machine's apt sources offer, 15 when it is there.
  if apt-cache show postgresql-15 >/dev/null 2>&1; then echo 15; return; fi
  apt-cache search --names-only '^postgresql-[0-9]+$' 2>/dev/null |
    sed -E 's/^postgresql-([0-9]+).*/\1/' | sort -n | tail -1
}

if ! BINDIR="$(pg_bindir)"; then
  if [ "$IS_ROOT" -eq 1 ]; then
    # Don't let the package create and start a system cluster: primedb runs its own.
    mkdir -p /etc/postgresql-common
    [ -f /etc/postgresql-common/createcluster.conf ] ||
      echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
    apt-get update -qq >&2 && APT_UPDATED=1
    MAJOR="$(choose_major)"
    [ -n "$MAJOR" ] || { say "no postgresql-<major> package in the apt sources"; exit 2; }
    apt_install "postgresql-$MAJOR" "postgresql-$MAJOR-hypopg"
    BINDIR="$(pg_bindir)"
  else
    say "PostgreSQL server binaries are missing; as root run:"
    say "  apt-get install postgresql-15 postgresql-15-hypopg"
    exit 2
  fi
fi
MAJOR="$(pg_major "$BINDIR")"
if ! has_hypopg "$MAJOR"; then
  if [ "$IS_ROOT" -eq 1 ]; then
    apt_install "postgresql-$MAJOR-hypopg"
  else
    say "HypoPG is missing (index advice is then not verified); as root run:"
    say "  apt-get install postgresql-$MAJOR-hypopg"
  fi
fi
say "PostgreSQL $MAJOR at $BINDIR"

# -- Prometheus (promtool, and a server the exporter tests start on loopback) --
# The Debian package would run a system Prometheus on *:9090 (and enable it for the next
# boot); primedb only needs the binaries, so service starts are refused while it installs
# (policy-rc.d, honoured by invoke-rc.d and deb-systemd-invoke) and the unit is disabled.
if ! command -v promtool >/dev/null 2>&1 || ! command -v prometheus >/dev/null 2>&1; then
  if [ "$IS_ROOT" -eq 1 ]; then
    POLICY=/usr/sbin/policy-rc.d
    OWN_POLICY=0
    if [ ! -e "$POLICY" ]; then
      printf '#!/bin/sh\n# primedb bootstrap: no service starts while packages install\nexit 101\n' >"$POLICY"
      chmod 755 "$POLICY"
      OWN_POLICY=1
    fi
    INSTALLED=0
    apt_install prometheus && INSTALLED=1
    if [ "$OWN_POLICY" -eq 1 ]; then rm -f "$POLICY"; fi
    [ "$INSTALLED" -eq 1 ] || { say "apt-get install prometheus failed"; exit 2; }
    # Not started at the next boot either (systemctl disable also works without systemd).
    if command -v systemctl >/dev/null 2>&1; then
      systemctl disable prometheus.service >/dev/null 2>&1 || true
      [ ! -d /run/systemd/system ] || systemctl stop prometheus.service >/dev/null 2>&1 || true
    fi
    if [ -x /etc/init.d/prometheus ] && command -v update-rc.d >/dev/null 2>&1; then
      update-rc.d prometheus disable >/dev/null 2>&1 || true
    fi
  else
    say "Prometheus is missing (the exporter tests need promtool and prometheus); as root run:"
    say "  apt-get install --no-install-recommends prometheus"
  fi
fi

# -- Chromium (the report's test opens it headless, offline) -------------------
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  if [ "$IS_ROOT" -eq 1 ]; then
    apt_install chromium
  else
    say "Chromium is missing (the HTML report's test opens the report in it); as root run:"
    say "  apt-get install --no-install-recommends chromium"
  fi
fi

# -- Python virtual environment ----------------------------------------------
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  say "primedb needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version 2>&1)"
  exit 2
fi
if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV"
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    if [ "$IS_ROOT" -eq 1 ]; then
      apt_install python3-venv
      "$PYTHON" -m venv "$VENV"
    else
      say "python3 cannot create a virtual environment; as root run: apt-get install python3-venv"
      exit 2
    fi
  fi
fi
STAMP="$VENV/.primedb-installed"
WANT="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$WANT" ]; then
  say "installing primedb and its pinned dependencies into $VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >&2
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$ROOT[dev]" >&2
  echo "$WANT" >"$STAMP"
fi
case ":$PATH:" in
  *":$VENV/bin:"*) ;;
  *) say "primedb is $VENV/bin/primedb; to call it as plain \`primedb\`: source $VENV/bin/activate" ;;
esac
