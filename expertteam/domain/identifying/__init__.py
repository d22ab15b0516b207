"""The one identity detector: what in a free text identifies a child.

Every way out of the app asks this package (through ``services/privacy.py``): pseudonymised
documents replace what it finds, letters to the Jeugdautoriteit and escalation letters refuse
it, and the editors underline it while the chair types. Text is normalised first
(``normalise``), then searched for

* the names of the children concerned and the other names their cases hide (``names``);
* BSNs and telephone numbers (``numbers``);
* the children's birth dates in any notation (``dates``); other dates are ordinary text;
* postcodes, street addresses and e-mail addresses (``places``).

A ``Finding`` gives the kind, where it is (offsets in the original text) and what replaces it,
never the text itself, so a refusal can be logged and shown without repeating the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from expertteam.domain.identifying.dates import find_birth_dates
from expertteam.domain.identifying.names import NameNeedles, allowed_spans, find_names
from expertteam.domain.identifying.normalise import compact, fold, folded
from expertteam.domain.identifying.numbers import find_bsns, find_phones
from expertteam.domain.identifying.places import find_emails, find_postcodes, find_streets
from expertteam.i18n import N_, _

__all__ = ["ChildIdentity", "Detector", "Finding", "IdentifyingKind", "find_identifying",
           "fold", "kinds_found"]


class IdentifyingKind(StrEnum):
    FULL_NAME = "full_name"
    GIVEN_NAME = "given_name"
    SURNAME = "surname"
    OTHER_NAME = "other_name"
    BSN = "bsn"
    BIRTH_DATE = "birth_date"
    ADDRESS = "address"
    EMAIL = "email"
    PHONE = "phone"

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self])

    @property
    def placeholder(self) -> str:
        """What replaces an item of this kind in a pseudonymised text."""
        return _(_PLACEHOLDERS[self])

    @property
    def is_name(self) -> bool:
        return self in (IdentifyingKind.FULL_NAME, IdentifyingKind.GIVEN_NAME,
                        IdentifyingKind.SURNAME, IdentifyingKind.OTHER_NAME)


_KIND_LABELS = {
    IdentifyingKind.FULL_NAME: N_("de naam van een kind"),
    IdentifyingKind.GIVEN_NAME: N_("de voornaam van een kind"),
    IdentifyingKind.SURNAME: N_("de achternaam van een kind"),
    IdentifyingKind.OTHER_NAME: N_("een naam die bij een kind hoort"),
    IdentifyingKind.BSN: N_("een BSN"),
    IdentifyingKind.BIRTH_DATE: N_("de geboortedatum van een kind"),
    IdentifyingKind.ADDRESS: N_("een adres of postcode"),
    IdentifyingKind.EMAIL: N_("een e-mailadres"),
    IdentifyingKind.PHONE: N_("een telefoonnummer"),
}
_NAME = N_("[naam]")
_PLACEHOLDERS = {
    IdentifyingKind.FULL_NAME: _NAME, IdentifyingKind.GIVEN_NAME: _NAME,
    IdentifyingKind.SURNAME: _NAME, IdentifyingKind.OTHER_NAME: _NAME,
    IdentifyingKind.BSN: N_("[BSN]"), IdentifyingKind.BIRTH_DATE: N_("[datum]"),
    IdentifyingKind.ADDRESS: N_("[adres]"), IdentifyingKind.EMAIL: N_("[e-mail]"),
    IdentifyingKind.PHONE: N_("[telefoon]"),
}


@dataclass(frozen=True, slots=True)
class ChildIdentity:
    """What identifies one child: ``bsn`` as nine digits; ``hidden_names`` the other names its
    case hides (parents, siblings, nicknames, school)."""

    given_names: str
    surname: str
    birth_date: date | None = None
    bsn: str | None = None
    hidden_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    kind: IdentifyingKind
    start: int
    end: int
    replacement: str = field(default="", compare=False)
    """The child's initials for a child's name; empty for the kind's placeholder."""

    @property
    def placeholder(self) -> str:
        return self.replacement or self.kind.placeholder

    def describe(self) -> str:
        """``de geboortedatum van een kind (teken 120)``: kind and position, not the data."""
        return _("{kind} (teken {pos})").format(kind=self.kind.label, pos=self.start + 1)


class Detector:
    """Finds what identifies ``children`` (and, with ``generic``, any BSN, telephone number,
    e-mail address, postcode or street address) in free text.

    ``allowed`` are names that are not a child's: organisations, contacts, users. A child's
    name inside one of them ("Gezinshuis De Linde" for a child called Linde) is not a finding.
    ``own`` are texts with the region's own contact data and that of its professional contacts
    (the letterhead's address, a contact's e-mail address and telephone number): a telephone
    number, e-mail address or address that occurs in them is not a finding either.
    ``others`` are children whose identifiers are not looked for: a name spelling, birth date
    or BSN that one of them shares with ``children`` (two children called Daan, twins) is left
    alone (used when purging one child).
    """

    def __init__(self, children: Iterable[ChildIdentity], allowed: Iterable[str] = (), *,
                 own: Iterable[str] = (), generic: bool = True,
                 others: Iterable[ChildIdentity] = ()) -> None:
        kids = list(children)
        self.generic = generic
        self._needles = NameNeedles()
        for child in kids:
            self._needles.add_person(child.given_names, child.surname, child=True)
        for child in kids:
            for name in child.hidden_names:
                self._needles.add_hidden(name)
        shared = NameNeedles()
        for other in others:
            shared.add_person(other.given_names, other.surname, child=True)
            for name in other.hidden_names:
                shared.add_hidden(name)
        for needle in (*shared.plain, *shared.titled):
            self._needles.plain.pop(needle, None)
            self._needles.titled.pop(needle, None)
        not_theirs = {other.birth_date for other in others} | {other.bsn for other in others}
        self._bsns = [child.bsn for child in kids if child.bsn and child.bsn not in not_theirs]
        self._births = [child.birth_date for child in kids
                        if child.birth_date is not None and child.birth_date not in not_theirs]
        self._allowed_names = [name for name in allowed if name and name.strip()]
        self._allowed_values: set[tuple[IdentifyingKind, str]] = set()
        if generic:
            for text in own:
                if text and text.strip():
                    self._allowed_values |= {self._value(f, text) for f in self._generic(text)}

    @staticmethod
    def _value(finding: Finding, text: str) -> tuple[IdentifyingKind, str]:
        return finding.kind, finding.replacement or compact(text[finding.start:finding.end])

    def _generic(self, text: str) -> list[Finding]:
        f = folded(text)
        found = [Finding(IdentifyingKind.ADDRESS, s, e) for s, e in find_postcodes(f)]
        found += [Finding(IdentifyingKind.ADDRESS, s, e) for s, e in find_streets(f)]
        found += [Finding(IdentifyingKind.EMAIL, s, e) for s, e in find_emails(f)]
        # The E.164 key travels in ``replacement`` only until the allowed values are compared.
        found += [Finding(IdentifyingKind.PHONE, s, e, key) for s, e, key in find_phones(f)]
        return found

    def find(self, text: str) -> list[Finding]:
        """Every finding in ``text``, by position; overlapping findings merged to the widest."""
        if not text or not text.strip():
            return []
        f = folded(text)
        names = [Finding(IdentifyingKind(span.hit.kind), span.start, span.end,
                         span.hit.replacement)
                 for span in find_names(f, self._needles.plain, self._needles.titled)]
        if names and self._allowed_names:
            safe = allowed_spans(f, self._allowed_names)
            names = [n for n in names
                     if not any(s <= n.start and n.end <= e for s, e in safe)]
        found = names
        found += [Finding(IdentifyingKind.BSN, s, e) for s, e in
                  find_bsns(f, self._bsns, any_bsn=self.generic)]
        found += [Finding(IdentifyingKind.BIRTH_DATE, s, e) for s, e in
                  find_birth_dates(f, self._births)]
        if self.generic:
            found += [Finding(g.kind, g.start, g.end) for g in self._generic(text)
                      if self._value(g, text) not in self._allowed_values]
        return _merge(found)

    def redact(self, text: str) -> str:
        """``text`` with every finding replaced by the child's initials or a placeholder."""
        return replace_findings(text, self.find(text))


def _merge(found: list[Finding]) -> list[Finding]:
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    result: list[Finding] = []
    for finding in found:
        if result and finding.start < result[-1].end:
            last = result[-1]
            if finding.end > last.end:  # overlapping: one finding over both
                result[-1] = Finding(last.kind, last.start, finding.end, last.replacement)
            continue
        result.append(finding)
    return result


def replace_findings(text: str, findings: Sequence[Finding]) -> str:
    """Replace each finding (non-overlapping, by position) by its placeholder. A name that
    ends a sentence keeps one full stop: "voor Chloë." becomes "voor C." (not "C..")."""
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        placeholder = finding.placeholder
        end = finding.end
        if placeholder.endswith(".") and text[end:end + 1] == ".":
            end += 1
        text = text[:finding.start] + placeholder + text[end:]
    return text


def find_identifying(text: str, children: Iterable[ChildIdentity],
                     allowed: Iterable[str] = (), own: Iterable[str] = ()) -> list[Finding]:
    """Everything in ``text`` that identifies one of ``children`` or is a BSN, telephone
    number, e-mail address or address, ordered by position (see ``Detector``)."""
    return Detector(children, allowed, own=own).find(text)


def kinds_found(findings: Iterable[Finding]) -> list[IdentifyingKind]:
    """The distinct kinds, in a fixed order (for messages and log entries)."""
    present = {finding.kind for finding in findings}
    return [kind for kind in IdentifyingKind if kind in present]
