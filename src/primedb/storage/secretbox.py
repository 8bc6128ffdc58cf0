"""Sealing access-key secrets: AES-256-GCM under a key-encryption key (KEK).

S3 Signature V4 checks a request by recomputing an HMAC keyed by the secret,
so the service must get the secret back: it is stored encrypted, not hashed
(see `schema/40_access_keys.sql`). The stored bytes are nonce (12) ||
ciphertext || tag (16); the KEK's id is stored beside them so KEKs can be
rotated. The access key id is bound in as associated data, so a ciphertext
copied onto another key's row does not open.

Where the KEKs live (a KMS, a secret store, the environment) is the
application's business: it builds an `AesGcmKeyring` and hands it to
`DatabaseStorage`.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from primedb.storage.errors import ValidationError

__all__ = ["AesGcmKeyring", "SecretBox"]

_NONCE = 12
_KEY_BYTES = 32


class SecretBox(Protocol):
    """Encrypts secrets for storage and decrypts them for request signing."""

    def seal(self, plaintext: str, context: str) -> tuple[bytes, str]:
        """(stored bytes, KEK id) of `plaintext`, bound to `context`."""
        ...

    def open(self, sealed: bytes, kek_id: str, context: str) -> str:
        """The plaintext of `sealed`, if it was sealed with `context` under `kek_id`."""
        ...


_KEK_ID_MAX = 64


@dataclass(frozen=True, slots=True)
class AesGcmKeyring:
    """KEKs by id; new secrets are sealed under `current`, old ones open under theirs."""

    keys: Mapping[str, bytes]
    current: str

    def __post_init__(self) -> None:
        if self.current not in self.keys:
            raise ValueError(f"current KEK {self.current!r} is not in the keyring")
        for kek_id, key in self.keys.items():
            if len(key) != _KEY_BYTES:
                raise ValueError(f"KEK {kek_id!r} must be {_KEY_BYTES} bytes, got {len(key)}")
            if not 1 <= len(kek_id) <= _KEK_ID_MAX:  # access_keys_secret_kek_id_length
                raise ValueError(f"KEK ids have 1 to {_KEK_ID_MAX} characters: {kek_id[:20]!r}")

    def __repr__(self) -> str:  # never print key material
        return f"AesGcmKeyring(keys=<{len(self.keys)} hidden>, current={self.current!r})"

    @classmethod
    def generate(cls, kek_id: str = "local-1") -> "AesGcmKeyring":
        """A keyring with one fresh random KEK (development and tests)."""
        return cls(keys={kek_id: AESGCM.generate_key(bit_length=256)}, current=kek_id)

    def seal(self, plaintext: str, context: str) -> tuple[bytes, str]:
        nonce = os.urandom(_NONCE)
        sealed = AESGCM(self.keys[self.current]).encrypt(
            nonce, plaintext.encode(), context.encode()
        )
        return nonce + sealed, self.current

    def open(self, sealed: bytes, kek_id: str, context: str) -> str:
        key = self.keys.get(kek_id)
        if key is None:
            raise ValidationError("secret_kek_id", f"KEK {kek_id!r} is not in the keyring")
        try:
            plain = AESGCM(key).decrypt(sealed[:_NONCE], sealed[_NONCE:], context.encode())
        except InvalidTag as exc:
            raise ValidationError("secret", "does not open under its KEK and key id") from exc
        return plain.decode()
