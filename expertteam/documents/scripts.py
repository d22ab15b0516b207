"""Every script printable: right-to-left text in order, Arabic joined, no character a box.

ReportLab draws the characters of a paragraph in the order it gets them, each in the
paragraph's one font. Its own bidi support needs ``rlbidi``, which is not on PyPI, and it has
no font fallback. So every line of text on its way into a document passes ``line_markup``:

1. Arabic letters take their joining forms (arabic-reshaper), as the presentation forms that
   DejaVu Sans carries; only ligatures DejaVu has are made.
2. The spaces inside a short right-to-left run (a name: at most ``MAX_GLUED_SPACES`` spaces)
   become non-breaking, so that no line break falls inside it: the order is fixed before
   ReportLab breaks lines, and a name broken after reordering would read last word first.
3. The line is put in visual order by the Unicode bidirectional algorithm (python-bidi) with a
   left-to-right base, as the documents are Dutch; paired brackets in a reversed run are
   mirrored, which python-bidi leaves to the caller.
4. A character that the paragraph's face cannot draw is set in one that can
   (``styles.fallback_face``): the upright DejaVu face of the same weight (DejaVu's oblique
   faces have no Arabic), regular DejaVu, else the bundled Noto Emoji (monochrome, OFL); per
   character, through a ``<font>`` tag.

So a PDF holds right-to-left text in visual order and Arabic in presentation forms. pypdf
extracts a right-to-left run in logical order again; NFKC folds the presentation forms back to
the letters typed (tests/documents/test_scripts.py).
Emoji sequences print as their parts (a family as its members, a flag as two letters) and skin
tones are left out: the fonts are drawn without OpenType shaping, in black.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from xml.sax.saxutils import escape

from expertteam.documents import styles

MAX_GLUED_SPACES = 4
_STRONG_RTL = frozenset(("R", "AL"))
_RTL_CLASSES = frozenset(("R", "AL", "AN"))
_BRACKETS = {"(": ")", "[": "]", "{": "}", "<": ">", "«": "»", "‹": "›"}
_CLOSING = {close: open_ for open_, close in _BRACKETS.items()}
# A monochrome font cannot show a skin tone: the modifier would print as a swatch.
_SKIN_TONES = re.compile("[\U0001F3FB-\U0001F3FF]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds a right-to-left character (Arabic, Hebrew, …)."""
    return not text.isascii() and any(
        unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


# --------------------------------------------------------------------------- order


@lru_cache(maxsize=1)
def _reshaper() -> object:
    import arabic_reshaper
    from arabic_reshaper.ligatures import LIGATURES

    covered = styles.covered_by_regular()
    config: dict[str, object] = {"delete_harakat": True}
    for name, (_match, forms) in LIGATURES:
        config[name] = all(ord(form) in covered for form in forms if form)
    return arabic_reshaper.ArabicReshaper(configuration=config)


def _glue_rtl_runs(line: str) -> str:
    """Non-breaking spaces inside each short run from a strong right-to-left character to the
    last one before a left-to-right character."""
    out = list(line)
    start: int | None = None
    last: int | None = None

    def close() -> None:
        if start is not None and last is not None:
            spaces = [i for i in range(start, last) if out[i] == " "]
            if len(spaces) <= MAX_GLUED_SPACES:
                for i in spaces:
                    out[i] = "\u00a0"

    for index, ch in enumerate(line):
        kind = unicodedata.bidirectional(ch)
        if kind in _STRONG_RTL:
            if start is None:
                start = index
            last = index
        elif kind == "L":
            close()
            start = last = None
    close()
    return "".join(out)


def _mirror_reversed_pairs(visual: str) -> str:
    """Brackets that the reordering put closing-first (")2014(") are flipped back."""
    chars = list(visual)
    pending: list[int] = []
    for index, ch in enumerate(chars):
        if ch in _CLOSING:
            pending.append(index)
        elif ch in _BRACKETS and pending and chars[pending[-1]] == _BRACKETS[ch]:
            first = pending.pop()
            chars[first], chars[index] = ch, chars[first]
    return "".join(chars)


def visual(line: str) -> str:
    """One line of text in the order it is drawn (left to right), Arabic joined."""
    if not has_rtl(line):
        return line
    from bidi import get_display

    if _ARABIC.search(line):
        line = _reshaper().reshape(line)  # type: ignore[attr-defined]
    ordered = str(get_display(_glue_rtl_runs(line), base_dir="L"))
    return _mirror_reversed_pairs(ordered) if _balanced(line) else ordered


def _balanced(text: str) -> bool:
    """Whether the brackets of the logical text pair up (else mirroring could only guess)."""
    stack: list[str] = []
    for ch in text:
        if ch in _BRACKETS:
            stack.append(_BRACKETS[ch])
        elif ch in _CLOSING and (not stack or stack.pop() != ch):
            return False
    return not stack


# --------------------------------------------------------------------------- fonts


def line_markup(line: str, face: str) -> str:
    """One line of plain text as ReportLab markup for a paragraph set in ``face``: in visual
    order, escaped, and every character ``face`` lacks in a fallback face."""
    text = visual(_SKIN_TONES.sub("", line))
    if text.isascii():
        return escape(text)
    parts: list[str] = []
    current: str | None = None
    run: list[str] = []
    for ch in text:
        fallback = styles.fallback_face(ch, face)
        if fallback != current and run:
            parts.append(_tagged(current, "".join(run)))
            run = []
        current = fallback
        run.append(ch)
    if run:
        parts.append(_tagged(current, "".join(run)))
    return "".join(parts)


def _tagged(face: str | None, text: str) -> str:
    escaped = escape(text)
    return f'<font name="{face}">{escaped}</font>' if face else escaped
