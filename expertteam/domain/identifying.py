"""Find identifying data about a child in free text: name, BSN, birth date, address.

Used to keep a letter to the Jeugdautoriteit free of anything that identifies a child (PRODUCT.md:
"never a name, BSN, address or other identifying detail"). The search is deliberately forgiving
about how something is written:

* names: case and diacritics do not matter (``Noël`` = ``NOEL``), nor spaces or hyphens inside
  the name (``de Vries``, ``deVries``, ``De-Vries``, ``N o ë l``); a match starts and ends at a
  word boundary, so ``Eva`` is not found in ``evaluatie``; a possessive ``s`` is allowed;
* BSN: nine digits that pass the elfproef, with or without spaces or dots between groups, and
  the child's own BSN also when its leading zero was dropped;
* birth date: the child's birth date in the usual notations (``2-3-2014``, ``02-03-2014``,
  ``02.03.14``, ``2/3/2014``, ``2014-03-02``, ``2 maart 2014``, ``2 mrt. 2014``,
  ``2maart2014``, ``02032014``); a birth *year* on its own is allowed (it is in the pseudonym);
* address: a Dutch postcode (``1621 AB``) or a street with a house number (``Dorpsstraat 12a``).

A ``Finding`` gives the kind and where it is (character offsets in the original text), never the
text itself, so a refusal can be logged and shown without repeating the data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from expertteam.domain.bsn import passes_elfproef
from expertteam.i18n import N_, _


class IdentifyingKind(StrEnum):
    FULL_NAME = "full_name"
    GIVEN_NAME = "given_name"
    SURNAME = "surname"
    BSN = "bsn"
    BIRTH_DATE = "birth_date"
    ADDRESS = "address"

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self])


_KIND_LABELS = {
    IdentifyingKind.FULL_NAME: N_("de naam van een kind"),
    IdentifyingKind.GIVEN_NAME: N_("de voornaam van een kind"),
    IdentifyingKind.SURNAME: N_("de achternaam van een kind"),
    IdentifyingKind.BSN: N_("een BSN"),
    IdentifyingKind.BIRTH_DATE: N_("de geboortedatum van een kind"),
    IdentifyingKind.ADDRESS: N_("een adres of postcode"),
}


@dataclass(frozen=True, slots=True)
class ChildIdentity:
    """What identifies one child; ``bsn`` as nine digits."""

    given_names: str
    surname: str
    birth_date: date | None = None
    bsn: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    kind: IdentifyingKind
    start: int
    end: int

    def describe(self) -> str:
        """``de geboortedatum van een kind (teken 120)``: kind and position, not the data."""
        return _("{kind} (teken {pos})").format(kind=self.kind.label, pos=self.start + 1)


# --------------------------------------------------------------------------- normalising

_EXTRA_FOLDS = {"ı": "i", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ð": "d",
                "þ": "th", "ŀ": "l"}


@dataclass(frozen=True, slots=True)
class _Folded:
    """Text folded to lower-case ASCII-ish letters; ``origin[i]`` is the index in the original
    text of folded character ``i`` (``origin`` has one extra entry for the end)."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.origin[end - 1] + 1 if end > start else self.origin[start]


def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "".join(_EXTRA_FOLDS.get(c, c) for c in kept)


def fold(text: str) -> str:
    """Case- and diacritics-insensitive form: ``"Noël Yılmaz"`` → ``"noel yilmaz"``."""
    return "".join(_fold_char(ch) for ch in text)


def _folded(text: str) -> _Folded:
    chars: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        for out in _fold_char(ch):
            chars.append(out)
            origin.append(index)
    origin.append(len(text))
    return _Folded("".join(chars), tuple(origin))


def _compact(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


# --------------------------------------------------------------------------- names

_TOKEN = re.compile(r"[^\W_]+")
_PARTICLES = frozenset({"van", "de", "der", "den", "het", "ten", "ter", "te", "in", "t", "op",
                        "la", "le", "du", "da", "von", "zu", "el", "al", "di", "do", "dos",
                        "das", "d", "l"})
MIN_NAME_LENGTH = 2


def _name_needles(child: ChildIdentity) -> list[tuple[IdentifyingKind, str]]:
    needles: list[tuple[IdentifyingKind, str]] = []
    given = [part for part in child.given_names.split() if part]
    surname_words = child.surname.replace("-", " ").split()
    core = [word for word in surname_words if fold(word) not in _PARTICLES]
    full = _compact(child.given_names + child.surname)
    if full:
        needles.append((IdentifyingKind.FULL_NAME, full))
    for name in given:
        needles.append((IdentifyingKind.GIVEN_NAME, _compact(name)))
    if len(given) > 1:
        needles.append((IdentifyingKind.GIVEN_NAME, _compact(" ".join(given))))
    needles.append((IdentifyingKind.SURNAME, _compact(child.surname)))
    for name in given:  # "Noël van der Berg" for "Noël Anne van der Berg"
        needles.append((IdentifyingKind.FULL_NAME, _compact(name + child.surname)))
    if core and len(core) < len(surname_words):
        # "van Dijk": the core alone ("Dijk") is too common a word to refuse on its own
        # ("JeugdzorgPlus De Dijk"), but with the given names it is still the full name.
        for first in (child.given_names, *given):
            needles.append((IdentifyingKind.FULL_NAME, _compact(first + " ".join(core))))
    elif len(core) > 1:  # a double surname: each part
        needles.extend((IdentifyingKind.SURNAME, _compact(word)) for word in core)
    seen: set[str] = set()
    result: list[tuple[IdentifyingKind, str]] = []
    for kind, needle in needles:
        if len(needle) >= MIN_NAME_LENGTH and needle not in seen:
            seen.add(needle)
            result.append((kind, needle))
    return result


def _find_names(folded: _Folded, children: Sequence[ChildIdentity]) -> list[Finding]:
    needles: dict[str, IdentifyingKind] = {}
    for child in children:
        for kind, needle in _name_needles(child):
            # The widest kind wins when two children share a string (a full name over a part).
            if needle not in needles or kind is IdentifyingKind.FULL_NAME:
                needles[needle] = kind
    return _find_token_sequences(folded, needles)


def _find_token_sequences(folded: _Folded,
                          needles: dict[str, IdentifyingKind]) -> list[Finding]:
    """Runs of whole words that, joined without separators, spell one of ``needles`` (a
    possessive ``s`` after a needle of three or more letters allowed)."""
    if not needles:
        return []
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded.text)]
    longest = max(len(needle) for needle in needles)
    findings: list[Finding] = []
    for first in range(len(tokens)):
        joined = ""
        for last in range(first, len(tokens)):
            joined += tokens[last][0]
            if len(joined) > longest + 1:
                break
            possessive = joined[:-1] if joined.endswith("s") and len(joined) > 3 else None
            for candidate in (joined, possessive):
                if candidate and candidate in needles:
                    start, end = folded.span(tokens[first][1], tokens[last][2])
                    findings.append(Finding(needles[candidate], start, end))
                    break
    return findings


# --------------------------------------------------------------------------- BSN

_DIGIT_GROUP = re.compile(r"\d+")
_BSN_SEPARATOR = re.compile(r"^[ .\u00a0]{1,2}$")


def _find_bsns(text: str, children: Sequence[ChildIdentity]) -> list[Finding]:
    known = {child.bsn for child in children if child.bsn}
    groups = [(m.group(), m.start(), m.end()) for m in _DIGIT_GROUP.finditer(text)]
    findings: list[Finding] = []
    for first in range(len(groups)):
        digits = ""
        short_groups = len(groups[first][0]) < 2
        for last in range(first, len(groups)):
            if last > first and not _BSN_SEPARATOR.match(text[groups[last - 1][2]:
                                                              groups[last][1]]):
                break
            part = groups[last][0]
            # Any elfproef number in groups of two or more digits ("123 456 782"); the child's
            # own number also when split anyhow ("12345678 2") or without its leading zero.
            short_groups = short_groups or (last > first and len(part) < 2)
            digits += part
            if len(digits) > 9:
                break
            start, end = groups[first][1], groups[last][2]
            own = digits in known or (len(digits) == 8 and "0" + digits in known)
            any_bsn = len(digits) == 9 and passes_elfproef(digits) and not short_groups
            if own or any_bsn:
                findings.append(Finding(IdentifyingKind.BSN, start, end))
    return findings


# --------------------------------------------------------------------------- birth dates

_MONTHS = {
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "maart": 3,
    "mrt": 3, "mar": 3, "march": 3, "maa": 3, "april": 4, "apr": 4, "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6, "juli": 7, "jul": 7, "july": 7, "augustus": 8, "aug": 8,
    "august": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10,
    "october": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH_ALTERNATION = "|".join(sorted(_MONTHS, key=len, reverse=True))
_SEP = r"\s*[-/.\s]\s*"
_NUMERIC = re.compile(rf"(?<!\d)(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}})(?!\d)")
_ISO = re.compile(rf"(?<!\d)(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})(?!\d)")
_WORDED = re.compile(rf"(?<!\d)(\d{{1,2}})(?:e|ste|de)?\s*({_MONTH_ALTERNATION})\.?\s*,?\s*"
                     rf"'?(\d{{4}}|\d{{2}})(?!\d)")
_EIGHT = re.compile(r"(?<!\d)(\d{8})(?!\d)")


def _same_day(day: int, month: int, year: int, birth: date) -> bool:
    if (day, month) != (birth.day, birth.month):
        return False
    return year == birth.year or (year < 100 and year == birth.year % 100)


def _find_birth_dates(folded: _Folded, children: Sequence[ChildIdentity]) -> list[Finding]:
    births = [child.birth_date for child in children if child.birth_date is not None]
    if not births:
        return []
    text = folded.text
    findings: list[Finding] = []

    def hit(match: re.Match[str], day: int, month: int, year: int) -> None:
        if any(_same_day(day, month, year, birth) for birth in births):
            start, end = folded.span(match.start(), match.end())
            findings.append(Finding(IdentifyingKind.BIRTH_DATE, start, end))

    for match in _NUMERIC.finditer(text):
        hit(match, int(match[1]), int(match[2]), int(match[3]))
    for match in _ISO.finditer(text):
        hit(match, int(match[3]), int(match[2]), int(match[1]))
    for match in _WORDED.finditer(text):
        hit(match, int(match[1]), _MONTHS[match[2]], int(match[3]))
    for match in _EIGHT.finditer(text):
        digits = match[1]
        hit(match, int(digits[:2]), int(digits[2:4]), int(digits[4:]))   # ddmmyyyy
        hit(match, int(digits[6:]), int(digits[4:6]), int(digits[:4]))   # yyyymmdd
    return findings


# --------------------------------------------------------------------------- addresses

_POSTCODE = re.compile(r"(?<![\w])[1-9]\d{3}\s?(?!SA|SD|SS|GI)[A-Z]{2}(?![\w'’])")
# Common endings of Dutch street names. Endings that are also ordinary words ("-oord" as in
# "antwoord", "-ring" as in "vergadering") are left out: a false refusal costs trust too.
_STREET_SUFFIXES = (
    "straat", "weg", "laan", "plein", "gracht", "kade", "dijk", "singel", "hof", "pad",
    "dreef", "steeg", "park", "markt", "wal", "haven", "plantsoen", "akker", "boulevard",
    "allee", "vaart", "sloot", "wetering", "dam",
)
_NOT_AFTER_NUMBER = ("kinder", "jongere", "jeugdige", "casus", "cas", "plaats", "plek", "maand",
                     "week", "weken", "dag", "jaar", "uur", "januari", "februari", "maart",
                     "april", "mei", "juni", "juli", "augustus", "september", "oktober",
                     "november", "december")
_STREET = re.compile(
    r"(?<![\w])[^\W\d_][^\W\d_'’.-]+(?:" + "|".join(_STREET_SUFFIXES) +
    r")[ \t\u00a0]+(?!(?:19|20)\d\d\b)\d{1,5}(?!\d)(?![-/.]\d{1,2}[-/.])"
    r"(?:\s?[a-z]\b|-\d{1,4}\b|\s?(?:hs|bis|huis)\b)?"
    r"(?![ \t]*(?:" + "|".join(_NOT_AFTER_NUMBER) + "))",
    re.IGNORECASE)


def _find_addresses(text: str) -> list[Finding]:
    findings = [Finding(IdentifyingKind.ADDRESS, m.start(), m.end())
                for m in _POSTCODE.finditer(text)]
    for match in _STREET.finditer(text):
        word = match.group().split()[0]
        suffix = next(s for s in _STREET_SUFFIXES if fold(word).endswith(s))
        if len(word) - len(suffix) >= 2:  # "Dorpsstraat", not the provider "De Dijk"
            findings.append(Finding(IdentifyingKind.ADDRESS, match.start(), match.end()))
    return findings


# --------------------------------------------------------------------------- the search


def find_identifying(text: str, children: Iterable[ChildIdentity],
                     allowed: Iterable[str] = ()) -> list[Finding]:
    """Everything in ``text`` that identifies one of ``children`` or is a BSN or an address,
    ordered by position; overlapping findings are reduced to the widest.

    ``allowed`` are names that may appear (the organisations of the region): a child's name
    found inside one of them ("Gezinshuis De Linde" for a child called Linde) is not refused.
    """
    if not text:
        return []
    kids = list(children)
    folded = _folded(text)
    names = _find_names(folded, kids)
    if names:
        safe = _find_token_sequences(folded, {_compact(name): IdentifyingKind.FULL_NAME
                                              for name in allowed if _compact(name)})
        names = [n for n in names
                 if not any(s.start <= n.start and n.end <= s.end for s in safe)]
    found = (names + _find_bsns(text, kids) + _find_birth_dates(folded, kids) +
             _find_addresses(text))
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    result: list[Finding] = []
    for finding in found:
        if result and finding.start < result[-1].end and finding.end <= result[-1].end:
            continue  # inside a wider finding
        result.append(finding)
    return result


def kinds_found(findings: Iterable[Finding]) -> list[IdentifyingKind]:
    """The distinct kinds, in a fixed order (for messages and log entries)."""
    present = {finding.kind for finding in findings}
    return [kind for kind in IdentifyingKind if kind in present]
