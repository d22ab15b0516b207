"""Numbers that identify a person: a BSN and a telephone number.

BSN: nine digits (of any script, folded to ASCII first) that pass the elfproef, written in
groups of two or more digits with any short separators (``123 456 782``, ``123-45-6782``,
``1234.56.782``, ``123/456/782``), or unbroken; a case's own BSN in any grouping at all, and
also without its leading zero. Telephone numbers: what Google's libphonenumber (the
``phonenumbers`` package) finds as a valid number for the Netherlands or, with a country code,
anywhere (``06-12345678``, ``+31 (0)6 1234 5678``, ``(0229) 70 01 01``, ``0031 20 123 4567``),
written with its trunk prefix or country code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from expertteam.domain.bsn import passes_elfproef
from expertteam.domain.identifying.normalise import Folded

_DIGITS = re.compile(r"\d+")
_SEPARATOR = re.compile(r"^[ .\-/_,:\t]{1,3}$")


def find_bsns(text: Folded, known: Iterable[str], *, any_bsn: bool = True
              ) -> list[tuple[int, int]]:
    """The known BSNs in any grouping and, with ``any_bsn``, every number that passes the
    elfproef."""
    own = {bsn for bsn in known if bsn}
    groups = [(m.group(), m.start(), m.end()) for m in _DIGITS.finditer(text.text)]
    spans: list[tuple[int, int]] = []
    for first in range(len(groups)):
        digits = ""
        short_groups = False
        for last in range(first, len(groups)):
            if last > first and not _SEPARATOR.match(
                    text.text[groups[last - 1][2]:groups[last][1]]):
                break
            part = groups[last][0]
            short_groups = short_groups or len(part) < 2
            digits += part
            if len(digits) > 9:
                break
            mine = digits in own or (len(digits) == 8 and "0" + digits in own)
            other = any_bsn and len(digits) == 9 and not short_groups and \
                passes_elfproef(digits)
            if mine or other:
                spans.append(text.span(groups[first][1], groups[last][2]))
    return spans


def find_phones(text: Folded) -> list[tuple[int, int, str]]:
    """(start, end, E.164 key) of every telephone number."""
    if sum(ch.isdigit() for ch in text.text) < 8:
        return []
    import phonenumbers  # its metadata loads on first use, not at start-up

    found: list[tuple[int, int, str]] = []
    for match in phonenumbers.PhoneNumberMatcher(text.text, "NL",
                                                 leniency=phonenumbers.Leniency.VALID):
        # Nine bare digits are more often a BSN or a file number than a telephone number:
        # a number counts when it is written with its trunk prefix or a country code.
        if match.raw_string[:1] not in ("0", "+", "("):
            continue
        start, end = text.span(match.start, match.end)
        found.append((start, end, phonenumbers.format_number(
            match.number, phonenumbers.PhoneNumberFormat.E164)))
    return found
