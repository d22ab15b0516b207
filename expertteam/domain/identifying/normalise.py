"""Text folded to one comparable form before anything is matched.

Every character is folded on its own, so each folded character still knows where it came from
in the original text (a finding is reported, and replaced, in the original):

* Unicode compatibility forms (NFKC/NFKD): the ligature ``ĳ`` is ``ij``, fullwidth and
  superscript digits are ASCII digits, ``ﬁ`` is ``fi``;
* case folded, diacritics dropped (``Noël`` = ``noel``, ``Yılmaz`` = ``yilmaz``);
* a decimal digit of any script (Arabic-Indic, Devanagari, …) is its ASCII digit;
* every space variant (no-break, thin, figure, ideographic …) is a space, every apostrophe
  variant ``'`` and every hyphen or dash variant ``-``;
* invisible format characters (soft hyphen, zero-width space and joiners, direction marks,
  byte-order mark) are dropped.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

APOSTROPHES = frozenset("'’‘‛ʼʹʻʽ`´′＇")
HYPHENS = frozenset("-‐‑‒–—―−﹘﹣－⁃")
_EXTRA_FOLDS = {"ı": "i", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ð": "d",
                "þ": "th", "ŀ": "l", "ħ": "h"}


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """One character in folded form (possibly empty, possibly several characters)."""
    if ch in APOSTROPHES:
        return "'"
    if ch in HYPHENS:
        return "-"
    category = unicodedata.category(ch)
    if category == "Zs":
        return " "
    if category == "Cf":
        return ""
    if category == "Nd":
        return str(unicodedata.decimal(ch))
    decomposed = unicodedata.normalize("NFKD", ch)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "".join(_EXTRA_FOLDS.get(c, c) for c in kept)


def fold(text: str) -> str:
    """Case- and diacritics-insensitive form: ``"Noël Yılmaz"`` → ``"noel yilmaz"``."""
    return "".join(fold_char(ch) for ch in text)


def compact(text: str) -> str:
    """Folded letters and digits only: ``"Van-der Berg"`` → ``"vanderberg"``."""
    return "".join(filter(str.isalnum, fold(text)))


@dataclass(frozen=True, slots=True)
class Folded:
    """``text`` folded; ``origin[i]`` is the index in the original of folded character ``i``
    (with one extra entry for the end)."""

    original: str
    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded characters ``start:end``."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1

    def original_char(self, index: int) -> str:
        """The original character folded character ``index`` came from."""
        return self.original[self.origin[index]] if index < len(self.text) else ""


def folded(text: str) -> Folded:
    chars: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        for out in fold_char(ch):
            chars.append(out)
            origin.append(index)
    origin.append(len(text))
    return Folded(text, "".join(chars), tuple(origin))
