"""The SQLCipher key of an encrypted database, derived once per open.

SQLCipher turns a passphrase into the page key with PBKDF2-HMAC-SHA512 (256 000 rounds over the
16-byte salt at the start of the file, ~0.1 s) on *every* connection it opens with that
passphrase: the read-only check before opening, each pooled connection, the unlock check. Here the
same derivation (SQLCipher 4's defaults) runs once in Python, and every connection gets the result
as a raw key (``x'…'``, which SQLCipher uses as is). The file stays an ordinary SQLCipher file
that opens with the passphrase elsewhere too.

The passphrase itself stays where it was (the engine URL's password), for the backups and the
audit key, which are made or unwrapped from it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

KDF_ALGORITHM = "sha512"  # SQLCipher 4: PBKDF2_HMAC_SHA512
KDF_ITERATIONS = 256_000  # SQLCipher 4: kdf_iter
KEY_BYTES = 32
SALT_BYTES = 16


def derive(passphrase: str, salt: bytes) -> bytes:
    """The page key SQLCipher would derive from ``passphrase`` and ``salt`` (the slow step)."""
    return hashlib.pbkdf2_hmac(KDF_ALGORITHM, passphrase.encode("utf-8"), salt, KDF_ITERATIONS,
                               KEY_BYTES)


def raw_key(key: bytes) -> str:
    """``key`` in the form ``PRAGMA key`` takes as a raw key (no derivation)."""
    return f"x'{key.hex()}'"


def is_raw(key: str) -> bool:
    return len(key) == 2 * KEY_BYTES + 3 and key.startswith("x'") and key.endswith("'")


def file_key(path: Path, passphrase: str) -> str | None:
    """The raw key of the encrypted file at ``path`` for ``passphrase`` (one derivation), or
    None when the salt cannot be read (the open then fails, or derives, as before)."""
    try:
        with open(os.path.abspath(path), "rb") as handle:
            salt = handle.read(SALT_BYTES)
    except OSError:
        return None
    if len(salt) != SALT_BYTES:
        return None
    return raw_key(derive(passphrase, salt))
