"""Birth dates, in any notation.

The rule: a date is identifying when it is a known birth date (the child's). Other dates (the
meeting's, a due date, "gesprek op 3 maart") are ordinary minutes and stay. A birth date is
found in every notation we know of: numeric with any separators and two- or four-digit years
(``2-3-2014``, ``02.03.14``, ``2 / 3 / 2014``), day and month swapped (``3/2/2014``), ISO
(``2014-03-02``), compact (``02032014``, ``20140302``, ``020314``), and with Dutch or English
month names, full or abbreviated, with or without ordinal, spaces or punctuation (``2 maart
2014``, ``2e mrt. '14``, ``2-mrt-2014``, ``2maart2014``, ``March 2nd, 2014``, ``2 Mar 2014``).
A birth *year* on its own is not a finding: it is part of the pseudonym.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from expertteam.domain.identifying.normalise import Folded

MONTHS = {
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "febr": 2,
    "february": 2, "maart": 3, "mrt": 3, "mar": 3, "march": 3, "maa": 3, "april": 4, "apr": 4,
    "mei": 5, "may": 5, "juni": 6, "jun": 6, "june": 6, "juli": 7, "jul": 7, "july": 7,
    "augustus": 8, "aug": 8, "august": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10,
    "okt": 10, "oct": 10, "october": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_SEP = r"\s*[-/.\s]\s*"
_LOOSE = r"[\s\-/.,']*"
_ORDINAL = r"(?:e|ste|de|st|nd|rd|th)?"
_NUMERIC = re.compile(rf"(?<!\d)(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}})(?!\d)")
_ISO = re.compile(rf"(?<!\d)(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})(?!\d)")
_DAY_MONTH = re.compile(rf"(?<!\d)(\d{{1,2}}){_ORDINAL}{_LOOSE}({_MONTH})(?![a-z]){_LOOSE}"
                        rf"(\d{{4}}|\d{{2}})(?!\d)")
_MONTH_DAY = re.compile(rf"(?<![a-z])({_MONTH})(?![a-z]){_LOOSE}(\d{{1,2}}){_ORDINAL}"
                        rf"[\s,]*(\d{{4}}|\d{{2}})(?!\d)")
_COMPACT = re.compile(r"(?<!\d)(\d{8}|\d{6})(?!\d)")


def _same(day: int, month: int, year: int, birth: date, *, short_year: bool) -> bool:
    if (day, month) != (birth.day, birth.month):
        return False
    return year == birth.year % 100 if short_year else year == birth.year


def find_birth_dates(text: Folded, births: Iterable[date]) -> list[tuple[int, int]]:
    known = list(dict.fromkeys(births))
    if not known or not any(ch.isdigit() for ch in text.text):
        return []
    spans: list[tuple[int, int]] = []

    def check(match: re.Match[str], day: str, month: int, year: str, *,
              swap: bool = False) -> None:
        d, y, short = int(day), int(year), len(year) == 2
        if any(_same(d, month, y, b, short_year=short) or
               (swap and _same(month, d, y, b, short_year=short)) for b in known):
            spans.append(text.span(match.start(), match.end()))

    for match in _NUMERIC.finditer(text.text):
        check(match, match[1], int(match[2]), match[3], swap=True)
    for match in _ISO.finditer(text.text):
        check(match, match[3], int(match[2]), match[1])
    for match in _DAY_MONTH.finditer(text.text):
        check(match, match[1], MONTHS[match[2]], match[3])
    for match in _MONTH_DAY.finditer(text.text):
        check(match, match[2], MONTHS[match[1]], match[3])
    for match in _COMPACT.finditer(text.text):
        digits = match[1]
        if len(digits) == 8:
            check(match, digits[:2], int(digits[2:4]), digits[4:])     # ddmmyyyy
            check(match, digits[6:], int(digits[4:6]), digits[:4])     # yyyymmdd
        else:
            check(match, digits[:2], int(digits[2:4]), digits[4:])     # ddmmyy
            check(match, digits[4:], int(digits[2:4]), digits[:2])     # yymmdd
    return spans
