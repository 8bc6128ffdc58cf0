"""Invitation tokens and access keys: made here from the OS's CSPRNG, shown once.

Named `credentials` rather than `secrets` so that `import secrets` below reads as
the standard library. An invitation token is stored as its SHA-256 digest
(`invitations.token_hash`): 256 random bits cannot be guessed, so a fast digest
is enough (a slow, salted KDF such as scrypt protects guessable passwords).
An access-key secret cannot be hashed, because S3 request signing needs it back:
it is sealed with `secretbox` instead. A token is found by its digest through
the unique index on `token_hash`, so no comparison of secrets happens here.
"""

import base64
import hashlib
import secrets
from dataclasses import dataclass

__all__ = [
    "ACCESS_KEY_ID_PREFIX",
    "IssuedSecret",
    "hash_secret",
    "new_access_key_id",
    "new_access_key_secret",
    "new_invitation_token",
]

ACCESS_KEY_ID_PREFIX = "PCPK"  # PrimeCloud Pro Key, like AWS's AKIA
_ACCESS_KEY_ID_RANDOM = 16  # base32 characters after the prefix: 20 in all, as in S3


@dataclass(frozen=True, slots=True)
class IssuedSecret:
    """A credential as made: `plaintext` goes to the caller once, `digest` to the database."""

    plaintext: str
    digest: bytes

    def __repr__(self) -> str:  # never leak the plaintext into logs or tracebacks
        return f"IssuedSecret(plaintext=<hidden>, digest={self.digest.hex()[:12]}...)"


def hash_secret(plaintext: str) -> bytes:
    """The SHA-256 digest stored for a token or secret."""
    return hashlib.sha256(plaintext.encode()).digest()


def _issue(plaintext: str) -> IssuedSecret:
    return IssuedSecret(plaintext=plaintext, digest=hash_secret(plaintext))


def new_invitation_token() -> IssuedSecret:
    """An invitation token (43 URL-safe characters, 256 bits)."""
    return _issue(secrets.token_urlsafe(32))


def new_access_key_secret() -> str:
    """A secret access key (40 URL-safe characters, 240 bits), as long as S3's."""
    return secrets.token_urlsafe(30)


def new_access_key_id() -> str:
    """A public access key id: `PCPK` and 16 base32 characters (uppercase, digits 2-7)."""
    random_part = base64.b32encode(secrets.token_bytes(10)).decode()
    return ACCESS_KEY_ID_PREFIX + random_part[:_ACCESS_KEY_ID_RANDOM]
