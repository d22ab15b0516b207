"""Pseudonyms for children: what leaves the app by default (initials, birth year, case number)."""

from __future__ import annotations

from datetime import date

from expertteam.domain.identifying.names import initials

__all__ = ["format_case_number", "initials", "pseudonym"]


def pseudonym(case_number: str, given_names: str, surname: str, birth_date: date | None) -> str:
    """The child as shown in documents and on the projector: ``ET-2026-0007 · N.B. · 2014``."""
    parts = [case_number, initials(given_names, surname) or "?"]
    if birth_date is not None:
        parts.append(str(birth_date.year))
    return " · ".join(parts)


def format_case_number(year: int, sequence: int) -> str:
    return f"ET-{year}-{sequence:04d}"
