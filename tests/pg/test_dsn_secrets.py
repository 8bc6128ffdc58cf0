"""No password reaches any output: generated malformed DSNs carrying a known password.

Every form is written the way people get it wrong (a raw `@`, `/`, `?` or space
in the password, a bad percent-escape, an unquoted space or quote in
key=value, a typo in the scheme, SQLAlchemy's `postgresql+psycopg://`). For
each: the masked DSN, the usage error of a malformed one, the error of a failed
connection, and what the CLI prints never hold the password nor any 3-letter
fragment of it; a malformed DSN is a usage error (exit 2), an unreachable
database exit 3, never a bug (70).
"""

import logging
import subprocess
import sys

import pytest

from primedb.cli import _configure_logging
from primedb.errors import DatabaseUnreachable, UsageError
from primedb.pg.connect import connect
from primedb.pg.dsn import check, normalize
from primedb.secrets import Scrubber, mask

PASSWORD = "Qx7Kv9Lm"
FRAGMENTS = ("Qx7", "Kv9", PASSWORD)
CLOSED = "127.0.0.1:1"  # nothing listens there: connections are refused at once

PASSWORDS = {
    "plain": PASSWORD,
    "raw slash": "Qx7/Kv9Lm",
    "raw at": "Qx7@Kv9Lm",
    "bad escape": "Qx7%zzKv9Lm",
    "trailing percent": "Qx7Kv9Lm%",
    "space": "Qx7 Kv9Lm",
    "colon": "Qx7:Kv9Lm",
    "hash": "Qx7#Kv9Lm",
    "question mark": "Qx7?Kv9Lm",
    "quote": "Qx7'Kv9Lm",
    "backslash": "Qx7\\Kv9Lm",
}
SCHEMES = ("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2", "postgresq")


def _forms() -> dict[str, str]:
    forms = {}
    for scheme in SCHEMES:
        for name, password in PASSWORDS.items():
            forms[f"{scheme} url, {name}"] = f"{scheme}://alice:{password}@{CLOSED}/db"
    for name, password in PASSWORDS.items():
        forms[f"key=value, {name}"] = f"host=127.0.0.1 port=1 user=alice password={password}"
        forms[f"key=value quoted, {name}"] = f"host=127.0.0.1 port=1 password='{password}'"
    forms["query password"] = f"postgresql://alice@{CLOSED}/db?password={PASSWORD}&x=1"
    forms["bad option"] = f"postgresql://alice:{PASSWORD}@{CLOSED}/db?sslmode=bogus"
    forms["bad port"] = f"postgresql://alice:{PASSWORD}@127.0.0.1:notaport/db"
    forms["open bracket"] = f"postgresql://alice:{PASSWORD}@[::1/db"
    forms["stray word"] = f"password={PASSWORD} host=127.0.0.1 port=1 bogus"
    return forms


FORMS = _forms()


def _clean(text: str) -> bool:
    return not any(fragment in text for fragment in FRAGMENTS)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_no_fragment_of_the_password_in_any_message(form: str) -> None:
    dsn = FORMS[form]
    assert _clean(mask(dsn))
    try:
        checked = check(dsn)
    except UsageError as exc:
        assert _clean(str(exc)) and str(exc).startswith("invalid DSN ")
        return
    with pytest.raises(DatabaseUnreachable) as failed:
        connect(checked, connect_timeout=2)
    assert _clean(str(failed.value)), str(failed.value)


def test_libpq_s_reason_is_kept() -> None:
    with pytest.raises(DatabaseUnreachable, match="Connection refused; Is the server running"):
        connect(f"postgresql://alice:{PASSWORD}@{CLOSED}/db", connect_timeout=2)


def test_sqlalchemy_form_is_accepted() -> None:
    assert normalize("postgresql+psycopg://u:p@h/db") == "postgresql://u:p@h/db"
    assert check("postgres+psycopg2://u:p@h/db") == "postgres://u:p@h/db"


CLI_FORMS = (
    "postgresql url, raw at",
    "postgresql url, bad escape",
    "key=value, space",
    "bad port",
    "postgresql+psycopg url, plain",
    "postgresq url, plain",
    "query password",
)


@pytest.mark.parametrize("form", CLI_FORMS)
@pytest.mark.parametrize("command", [["status"], ["schema", "dump"], ["seed"]])
def test_cli_prints_no_password(form: str, command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "primedb", *command, "--dsn", FORMS[form]],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode in (2, 3), done.stderr
    assert _clean(done.stdout + done.stderr), done.stderr


def test_diff_sources_are_checked_and_hidden() -> None:
    bad = FORMS["postgresql url, raw slash"]
    done = subprocess.run(
        [sys.executable, "-m", "primedb", "schema", "diff", "--from", bad, "--to", bad],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "percent-encode" in done.stderr.replace(
        "percent-encoded", "percent-encode"
    )
    assert _clean(done.stdout + done.stderr)


def test_log_records_of_psycopg_pass_the_scrubber(capsys: pytest.CaptureFixture[str]) -> None:
    scrub = Scrubber()
    scrub.add(FORMS["postgresql url, raw at"])
    _configure_logging(logging.INFO, scrub)
    # What psycopg_pool logs when a connection attempt fails: libpq names a "host".
    logging.getLogger("psycopg.pool").warning(
        "error connecting in 'pool-1': could not translate host name %r", "Kv9Lm@127.0.0.1"
    )
    logging.getLogger("primedb").info("using %s", f"alice:{PASSWORD}")
    err = capsys.readouterr().err
    assert "error connecting in 'pool-1'" in err and "using alice:***" in err
    assert _clean(err), err
