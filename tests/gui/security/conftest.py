"""The encrypted-database fixtures of the security tests, for the security screens."""

from tests.security.conftest import (  # noqa: F401 - fixtures
    CHAIR,
    PASSPHRASE,
    _encrypted_template,
    encrypted_path,
    encrypted_store,
)
