"""The workload's secret box: real sealing for keys it makes, a stand-in for seeded ones.

The seed fills `secret_ciphertext` with random bytes under the key id
`seed-kek-1` that no keyring can open (it never had a plaintext). The access
key lookup still runs its query and returns the row; only the unsealing is
replaced, for the seed's rows alone.
"""

from dataclasses import dataclass

from primedb.storage import AesGcmKeyring

__all__ = ["SEED_KEK_ID", "SeededSecrets"]

SEED_KEK_ID = "seed-kek-1"


@dataclass(frozen=True, slots=True)
class SeededSecrets:
    keyring: AesGcmKeyring

    def seal(self, plaintext: str, context: str) -> tuple[bytes, str]:
        return self.keyring.seal(plaintext, context)

    def open(self, sealed: bytes, kek_id: str, context: str) -> str:
        if kek_id == SEED_KEK_ID:
            return ""  # the seed's secrets were never anything but random bytes
        return self.keyring.open(sealed, kek_id, context)
