"""The metrics server: loopback by default, HOST:PORT parsing, TLS with a certificate."""

import datetime
import ipaddress
import ssl
import urllib.request
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from prometheus_client import CollectorRegistry

from primedb.errors import UsageError
from primedb.exporters import InstrumentedPool
from primedb.exporters.http import DEFAULT_EXPORTER_PORT, MetricsServer, parse_listen


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("127.0.0.1:9188", ("127.0.0.1", 9188)),
        ("9464", ("127.0.0.1", 9464)),
        (":9464", ("127.0.0.1", 9464)),
        ("[::1]:9188", ("::1", 9188)),
        ("0.0.0.0:0", ("0.0.0.0", 0)),
    ],
)
def test_parse_listen(text: str, expected: tuple[str, int]) -> None:
    assert parse_listen(text) == expected


@pytest.mark.parametrize("text", ["", "host:", "host:port", "1.2.3.4:70000", "a:b:c"])
def test_parse_listen_refuses(text: str) -> None:
    with pytest.raises(UsageError, match="HOST:PORT"):
        parse_listen(text)


def test_the_default_port_is_not_postgres_exporters() -> None:
    assert DEFAULT_EXPORTER_PORT != 9187


def self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_serves_over_tls_on_loopback(dsn: str, tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    registry = CollectorRegistry()
    with (
        InstrumentedPool(dsn, registry=registry, name="api", min_size=1, open=True),
        MetricsServer(registry, certfile=cert, keyfile=key) as server,
    ):
        assert server.url.startswith("https://127.0.0.1:")
        context = ssl.create_default_context(cafile=str(cert))
        with urllib.request.urlopen(server.url, context=context, timeout=10) as reply:
            page = reply.read().decode()
        with pytest.raises(OSError):  # plain HTTP on the TLS port is refused
            urllib.request.urlopen(server.url.replace("https", "http"), timeout=10).read()
    assert 'primedb_pool_connections{pool="api",state="idle"}' in page


def test_tls_needs_both_files(tmp_path: Path) -> None:
    cert, _key = self_signed(tmp_path)
    with pytest.raises(UsageError, match="both --tls-cert and --tls-key"):
        MetricsServer(CollectorRegistry(), certfile=cert)
    with pytest.raises(UsageError, match="does not exist"):
        MetricsServer(CollectorRegistry(), certfile=cert, keyfile=tmp_path / "missing.pem")


def test_a_taken_port_is_a_usage_error() -> None:
    with (
        MetricsServer(CollectorRegistry()) as first,
        pytest.raises(UsageError, match="cannot serve metrics"),
    ):
        MetricsServer(CollectorRegistry(), port=first.port).start()
