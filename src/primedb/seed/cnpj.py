"""Valid, unique CNPJs by the million, vectorised.

Each account index maps to a distinct 8-character root through an affine
permutation (so neighbours don't look alike), with branch 0001. A share of
them use the alphanumeric form of July 2026 (letters in the root). Check
digits follow the Receita Federal rule: each character counts as its ASCII
code minus 48, weights 5..2,9..2 (then 6..2,9..2), modulo 11.
"""

import numpy as np
import numpy.typing as npt

_W1 = np.array([5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2], dtype=np.int64)
_W2 = np.array([6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2], dtype=np.int64)
_ROOTS = 10**8
_STRIDE = 48_271  # coprime with 10**8, so index -> root is a permutation


def _check_digit(
    values: npt.NDArray[np.int64], weights: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    remainder = (values @ weights) % 11
    return np.where(remainder < 2, 0, 11 - remainder)


def check_digits(base: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The two check digits of (n, 12) character values (ASCII code - 48)."""
    first = _check_digit(base, _W1)
    second = _check_digit(np.concatenate([base, first[:, None]], axis=1), _W2)
    return np.stack([first, second], axis=1)


def generate(
    indexes: npt.NDArray[np.int64], alphanumeric: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bytes_]:
    """Normalised CNPJs (`S14`) for distinct `indexes` (< 10**8)."""
    roots = (indexes * _STRIDE + 7_919) % _ROOTS
    digits = (roots[:, None] // 10 ** np.arange(7, -1, -1)) % 10
    # Alphanumeric roots: the first two digits become letters A..J (code 17..26).
    letters = digits.copy()
    letters[:, :2] += 17
    root = np.where(alphanumeric[:, None], letters, digits)
    branch = np.tile(np.array([0, 0, 0, 1], dtype=np.int64), (len(indexes), 1))
    base = np.concatenate([root, branch], axis=1)
    values = np.concatenate([base, check_digits(base)], axis=1)
    return (values + 48).astype(np.uint8).view("S14").ravel()
