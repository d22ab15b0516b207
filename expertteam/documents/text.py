"""The time of a meeting and safe paragraph markup for the documents."""

from __future__ import annotations

from datetime import time
from xml.sax.saxutils import escape

from expertteam.formatting import short_time
from expertteam.i18n import _


def clock(value: time | None) -> str:
    """``13:30 uur``; an empty string for no time."""
    return _("{time} uur").format(time=short_time(value)) if value is not None else ""


def markup(text: str) -> str:
    """Plain text as ReportLab paragraph markup: escaped, line breaks kept."""
    lines = [escape(line) for line in text.strip().splitlines()]
    return "<br/>".join(lines)
