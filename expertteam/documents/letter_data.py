"""The input of the two escalation letters, and its frozen form (JSON).

A case letter goes to a bovenregionaal expertisenetwerk or the OZJ about one child, who appears
only as case number, initials and birth year. A continuity letter goes to the Jeugdautoriteit
about a threat to the continuity of crucial youth care; children appear only as counts and as
pseudonymous case references (case number and birth year).

A finalised letter is stored as the JSON of these classes (``freeze``/``thaw``), letterhead
included, so it can be rendered again exactly as it was sent even after the letterhead changed.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import types
import typing
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar, Union

from expertteam.documents.data import Letterhead

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class LetterFrame:
    """What every letter states: who to, from whom, when, about what, and who signs."""

    reference: str
    version: int
    letter_date: date
    addressee: str
    subject: str
    contact: str
    concept: bool
    letterhead: Letterhead


@dataclass(frozen=True, slots=True)
class CountLine:
    label: str
    count: int
    detail: str = ""


@dataclass(frozen=True, slots=True)
class MeasureRef:
    kind: str
    ruling_date: date | None


@dataclass(frozen=True, slots=True)
class BlockerRef:
    kind: str
    organisation: str
    since: date | None


@dataclass(frozen=True, slots=True)
class TimelineLine:
    """One dated step in the agreements: made, postponed, met or not met."""

    on: date
    participant: str
    text: str
    missed: bool = False
    met: bool = False


@dataclass(frozen=True, slots=True)
class MissedLine:
    """An agreement a participant did not meet, and how often."""

    participant: str
    number: int
    description: str
    due_on: date
    outcome: str


@dataclass(frozen=True, slots=True)
class EarlierEscalation:
    reference: str
    level: str
    addressee: str
    opened_on: date
    sent_on: date | None
    status: str
    response_on: date | None
    response: str


@dataclass(frozen=True, slots=True)
class CaseLetter:
    frame: LetterFrame
    case_number: str
    initials: str
    birth_year: int | None
    measures: tuple[MeasureRef, ...]
    municipality: str
    gi: str
    waiting: str
    blockers: tuple[BlockerRef, ...]
    goal: str
    introduction: str
    timeline: tuple[TimelineLine, ...]
    missed: tuple[MissedLine, ...]
    earlier: tuple[EarlierEscalation, ...]
    request: str
    closing: str

    @property
    def child(self) -> str:
        parts = [self.case_number, self.initials or "?"]
        if self.birth_year is not None:
            parts.append(str(self.birth_year))
        return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class ContinuityLetter:
    frame: LetterFrame
    care: str
    subject_organisation: str
    subject_kind: str
    since: date | None
    municipalities: tuple[str, ...]
    blocker_kinds: tuple[str, ...]
    problem: str
    children: int
    by_kind: tuple[CountLine, ...]
    by_municipality: tuple[CountLine, ...]
    waiting_count: int
    waiting_median_days: int | None
    waiting_longest_days: int | None
    agreements_total: int
    not_met_by: tuple[CountLine, ...]
    case_refs: tuple[str, ...]
    earlier: tuple[EarlierEscalation, ...]
    tried: str
    request: str
    closing: str


# --------------------------------------------------------------------------- freezing

FORMAT_VERSION = 1


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def freeze(letter: CaseLetter | ContinuityLetter) -> str:
    """The letter as JSON text (stable: keys sorted), to store when it is finalised."""
    kind = "case" if isinstance(letter, CaseLetter) else "continuity"
    return json.dumps({"format": FORMAT_VERSION, "kind": kind, "letter": _plain(letter)},
                      ensure_ascii=False, sort_keys=True)


def _build(hint: Any, raw: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        if raw is None:
            return None
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _build(options[0], raw)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        return tuple(_build(item, value) for value in raw)
    if hint is date:
        return date.fromisoformat(raw)
    if hint is bytes:
        return base64.b64decode(raw)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _construct(hint, raw)
    return raw


def _construct(cls: type[T], raw: dict[str, Any]) -> T:
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    return cls(**{name: _build(hints[name], raw[name]) for name in names if name in raw})


def thaw(text: str) -> CaseLetter | ContinuityLetter:
    """The letter from its frozen JSON. Raises ``ValueError`` for text that is not one."""
    stored = json.loads(text)
    if not isinstance(stored, dict) or stored.get("format") != FORMAT_VERSION:
        raise ValueError("not a frozen letter")
    cls: type[CaseLetter] | type[ContinuityLetter] = \
        CaseLetter if stored.get("kind") == "case" else ContinuityLetter
    return _construct(cls, stored["letter"])
