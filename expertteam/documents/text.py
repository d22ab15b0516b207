"""The time of a meeting and safe paragraph markup for the documents."""

from __future__ import annotations

from datetime import time
from xml.sax.saxutils import escape

from expertteam.formatting import short_time
from expertteam.i18n import _


def clock(value: time | None) -> str:
    """``13:30 uur``; an empty string for no time."""
    return _("{time} uur").format(time=short_time(value)) if value is not None else ""


def markup(text: str, face: str = "DejaVuSans") -> str:
    """Plain text as ReportLab paragraph markup for a paragraph set in ``face``: escaped, line
    breaks kept; right-to-left text in visual order and characters ``face`` lacks in a
    fallback face (``documents.scripts``). Every piece of text in a document passes here."""
    lines = text.strip().splitlines()
    if text.isascii():
        return "<br/>".join(escape(line) for line in lines)
    from expertteam.documents.scripts import line_markup

    return "<br/>".join(line_markup(line, face) for line in lines)
