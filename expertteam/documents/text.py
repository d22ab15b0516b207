"""Dutch date formats and safe paragraph markup for the documents."""

from __future__ import annotations

from datetime import date, time
from xml.sax.saxutils import escape

from expertteam.i18n import N_, _

MONTHS = (N_("januari"), N_("februari"), N_("maart"), N_("april"), N_("mei"), N_("juni"),
          N_("juli"), N_("augustus"), N_("september"), N_("oktober"), N_("november"),
          N_("december"))
WEEKDAYS = (N_("maandag"), N_("dinsdag"), N_("woensdag"), N_("donderdag"), N_("vrijdag"),
            N_("zaterdag"), N_("zondag"))


def long_date(value: date, *, weekday: bool = False) -> str:
    """``23 november 2026`` (or ``maandag 23 november 2026``)."""
    text = f"{value.day} {_(MONTHS[value.month - 1])} {value.year}"
    return f"{_(WEEKDAYS[value.weekday()])} {text}" if weekday else text


def short_date(value: date | None) -> str:
    """``01-12-2026``; an empty string for no date."""
    return value.strftime("%d-%m-%Y") if value is not None else ""


def clock(value: time | None) -> str:
    """``13:30 uur``; an empty string for no time."""
    return _("{hh}:{mm} uur").format(hh=f"{value.hour:02d}", mm=f"{value.minute:02d}") \
        if value is not None else ""


def markup(text: str, face: str = "DejaVuSans") -> str:
    """Plain text as ReportLab paragraph markup for a paragraph set in ``face``: escaped, line
    breaks kept; right-to-left text in visual order and characters ``face`` lacks in a
    fallback face (``documents.scripts``). Every piece of text in a document passes here."""
    lines = text.strip().splitlines()
    if text.isascii():
        return "<br/>".join(escape(line) for line in lines)
    from expertteam.documents.scripts import line_markup

    return "<br/>".join(line_markup(line, face) for line in lines)
