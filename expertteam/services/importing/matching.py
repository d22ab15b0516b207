"""Organisations found by name: exact when the folded names are equal, near (difflib) when
they are alike enough; a near match counts only when the user confirmed it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from difflib import SequenceMatcher

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam.domain.enums import OrganisationKind
from expertteam.domain.identifying.normalise import compact
from expertteam.storage.models.organisations import Organisation

NEAR_RATIO = 0.8


@dataclass(frozen=True, slots=True)
class NearMatch:
    written: str  # as in the file
    candidate: str  # our organisation's name
    kind: OrganisationKind | None


@dataclass(frozen=True, slots=True)
class Found:
    organisation_id: int | None
    near: NearMatch | None = None  # set when only a near match exists


class OrganisationIndex:
    """The organisations of the kinds asked for, by folded name."""

    def __init__(self, session: Session, confirmed: Collection[str]) -> None:
        self._by_kind: dict[OrganisationKind, dict[str, tuple[int, str]]] = {}
        for org in session.scalars(select(Organisation)):
            self.add(org.kind, org.id, org.name)
        self._confirmed = {compact(name) for name in confirmed}

    def add(self, kind: OrganisationKind, organisation_id: int, name: str) -> None:
        self._by_kind.setdefault(kind, {})[compact(name)] = (organisation_id, name)

    def find(self, kind: OrganisationKind | None, written: str) -> Found:
        """The organisation ``written`` names (of ``kind``, or of any kind): exact, or near and
        confirmed; otherwise ``organisation_id`` None with the best near match (if any) to
        confirm."""
        folded = compact(written)
        names = self._by_kind.get(kind, {}) if kind is not None else {
            key: value for by_name in self._by_kind.values() for key, value in by_name.items()}
        if folded in names:
            return Found(names[folded][0])
        best: tuple[float, int, str] | None = None
        for key, (organisation_id, name) in names.items():
            ratio = SequenceMatcher(None, folded, key).ratio()
            if ratio >= NEAR_RATIO and (best is None or ratio > best[0]):
                best = (ratio, organisation_id, name)
        if best is None:
            return Found(None)
        near = NearMatch(written.strip(), best[2], kind)
        return Found(best[1] if folded in self._confirmed else None, near)
