"""Search text folded the same way everywhere (register, actions, organisations; GUI and CLI):
lowercase without accents, so that typing "noel" finds "Noël" and "koc" finds "Koç"."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lowercase without accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def matches(needle: str, *texts: str) -> bool:
    """Whether the folded ``needle`` occurs in the folded ``texts`` (an empty needle: yes)."""
    wanted = fold(needle.strip())
    return not wanted or wanted in fold(" ".join(texts))
