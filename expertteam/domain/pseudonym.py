"""Pseudonyms for children: what leaves the app by default (initials, birth year, case number)."""

from __future__ import annotations

from datetime import date

_PARTICLES = frozenset(
    {"van", "de", "der", "den", "het", "ten", "ter", "te", "in", "'t", "op", "la", "le", "du", "da",
     "von", "zu", "el", "al", "di", "do", "dos", "das", "d'", "l'"}
)


def initials(given_names: str, surname: str) -> str:
    """``"Noël Anne", "van der Berg"`` → ``"N.A.B."``: particles (tussenvoegsels) are skipped."""
    letters = [part[0].upper() for part in given_names.split() if part]
    surname_parts = [p for p in surname.replace("-", " ").split() if p.lower() not in _PARTICLES]
    if surname_parts:
        letters.append(surname_parts[0][0].upper())
    return "".join(f"{letter}." for letter in letters)


def pseudonym(case_number: str, given_names: str, surname: str, birth_date: date | None) -> str:
    """The child as shown in documents and on the projector: ``ET-2026-0007 · N.B. · 2014``."""
    parts = [case_number, initials(given_names, surname) or "?"]
    if birth_date is not None:
        parts.append(str(birth_date.year))
    return " · ".join(parts)


def format_case_number(year: int, sequence: int) -> str:
    return f"ET-{year}-{sequence:04d}"
