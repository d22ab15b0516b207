"""Typed errors with a Dutch message a user can act on. Services raise only these."""

from __future__ import annotations


class ExpertteamError(Exception):
    """Base of every error a service may raise; ``str(error)`` is the Dutch message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(ExpertteamError):
    """Input that cannot be accepted. ``field`` names the offending field (code name)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(ExpertteamError):
    """A record that was asked for does not exist (or no longer exists)."""


class LockedError(ExpertteamError):
    """A record that may no longer change (a closed meeting, a finalised letter)."""


class StateError(ExpertteamError):
    """An operation that does not fit the record's current status."""


class StorageError(ExpertteamError):
    """The database cannot be opened or written (wrong passphrase, damaged file, …)."""


class NeedsConfirmationError(ExpertteamError):
    """Input that is unusual but possible: nothing was saved; the same call with
    ``confirmed=True`` saves it. ``warnings`` are (field, Dutch message) pairs."""

    def __init__(self, warnings: tuple[tuple[str, str], ...]) -> None:
        super().__init__("\n".join(message for _field, message in warnings))
        self.warnings = warnings

    @property
    def field(self) -> str:
        return self.warnings[0][0] if self.warnings else ""
