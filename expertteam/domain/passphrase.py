"""Passphrase strength: a few explainable rules with Dutch feedback.

A passphrase is acceptable when it is long enough (12 characters) and mixes at least two kinds of
characters, or when it is a phrase of four or more words (16 characters or more). Well-known
passwords and long runs of one character are refused. No dictionary of millions of words: the
rules must be explainable in one sentence to the chair who types it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from expertteam.domain.errors import ValidationError
from expertteam.i18n import N_, _

MIN_LENGTH = 12
PHRASE_MIN_WORDS = 4
PHRASE_MIN_LENGTH = 16

# Passwords that top every leaked-password list, plus the obvious words of this field.
COMMON_PASSWORDS = frozenset({
    "password", "wachtwoord", "welkom", "welkom01", "qwerty", "azerty", "letmein", "geheim",
    "admin", "administrator", "beheerder", "expertteam", "jeugdzorg", "jeugdbescherming",
    "voorzitter", "coordinator", "coördinator", "gemeente", "wachtwoord123", "password123",
    "welkomwelkom", "zomer", "winter", "lente", "herfst", "iloveyou", "monkey", "dragon",
    "sunshine", "football", "voetbal", "ajax", "feyenoord", "psv", "nederland", "holland",
    "amsterdam", "rotterdam", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdef", "abcdefgh",
    "abc", "welcome", "secret", "changeme", "veranderen", "test", "testtest",
})
_KEYBOARD_RUNS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "1234567890",
                  "0987654321", "abcdefghijklmnopqrstuvwxyz")

LEVELS = (N_("te zwak"), N_("matig"), N_("goed"), N_("sterk"))


@dataclass(frozen=True, slots=True)
class Strength:
    """Result of the check: ``score`` 0 (refused) to 3, and what to improve (Dutch)."""

    score: int
    acceptable: bool
    problems: tuple[str, ...]

    @property
    def label(self) -> str:
        return _(LEVELS[self.score])


def _classes(text: str) -> int:
    kinds = (any(c.islower() for c in text), any(c.isupper() for c in text),
             any(c.isdigit() for c in text), any(not c.isalnum() and not c.isspace()
                                                  for c in text),
             any(c.isspace() for c in text))
    return sum(kinds)


def _is_phrase(text: str) -> bool:
    words = [w for w in re.split(r"[\s\-_.,]+", text) if len(w) >= 2]
    return len(words) >= PHRASE_MIN_WORDS and len(text) >= PHRASE_MIN_LENGTH


def _is_common(text: str) -> bool:
    core = re.sub(r"[\W\d_]+", "", text.lower())
    if text.lower() in COMMON_PASSWORDS or (core and core in COMMON_PASSWORDS and
                                            len(core) >= len(text) / 2):
        return True
    lowered = text.lower()
    return any(len(lowered) >= 6 and lowered in run for run in _KEYBOARD_RUNS)


def assess(passphrase: str) -> Strength:
    """Judge ``passphrase`` by the rules above; never raises."""
    text = passphrase or ""
    if not text.strip():
        return Strength(0, False, (_("Vul een wachtwoord in."),))
    problems: list[str] = []
    phrase = _is_phrase(text)
    if _is_common(text):
        problems.append(_("Dit is een veelgebruikt wachtwoord; kies iets dat niemand raadt."))
    if len(set(text)) < 5:
        problems.append(_("Gebruik meer verschillende tekens."))
    if not phrase:
        if len(text) < MIN_LENGTH:
            problems.append(_("Gebruik minstens {n} tekens, of een zin van minstens {w} woorden.")
                            .format(n=MIN_LENGTH, w=PHRASE_MIN_WORDS))
        if _classes(text) < 2:
            problems.append(_("Meng letters met cijfers, hoofdletters of leestekens, of gebruik "
                              "een zin van minstens {w} woorden.").format(w=PHRASE_MIN_WORDS))
    if problems:
        return Strength(0, False, tuple(problems))
    score = 1
    if len(text) >= 16 or phrase:
        score += 1
    if (_classes(text) >= 3 and len(text) >= 14) or len(text) >= 24:
        score += 1
    return Strength(min(score, 3), True, ())


def require_acceptable(passphrase: str, field: str = "passphrase") -> None:
    """Raise ``ValidationError`` on ``field`` with the first problem when too weak."""
    strength = assess(passphrase)
    if not strength.acceptable:
        raise ValidationError(field, strength.problems[0])
