"""The data-subject export (inzage, AVG art. 15): everything held about one child, readable.

This document is for the child or the parents, so it carries the full name: it is the one
document that is not pseudonymised. It is a function of ``InzageData`` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.platypus import Flowable

from expertteam.documents.blocks import data_table, facts_table, gap, heading, paragraph
from expertteam.documents.data import DocumentMeta, Letterhead
from expertteam.documents.render_lock import rendered
from expertteam.documents.styles import render_document
from expertteam.formatting import long_date
from expertteam.i18n import _


@dataclass(frozen=True, slots=True)
class InzageTable:
    """One section: a heading, column titles, rows of text, column widths (fractions)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    empty_text: str = ""


@dataclass(frozen=True, slots=True)
class InzageData:
    case_number: str
    child_name: str
    as_of: date
    facts: tuple[tuple[str, str], ...]
    tables: tuple[InzageTable, ...]


def inzage_meta(data: InzageData, letterhead: Letterhead) -> DocumentMeta:
    return DocumentMeta(
        title=_("Inzage persoonsgegevens {case_number}").format(case_number=data.case_number),
        subject=_("Overzicht van alle gegevens over één jeugdige (inzageverzoek AVG)"),
        author=letterhead.region_name, document_date=data.as_of,
        keywords=(_("inzage"), _("AVG")))


def inzage_story(data: InzageData) -> list[Flowable]:
    story: list[Flowable] = [
        paragraph(_("Inzage persoonsgegevens"), "Title"),
        paragraph(_("{child} · casus {number} · stand van {date}").format(
            child=data.child_name, number=data.case_number, date=long_date(data.as_of)),
            "Subtitle"),
        paragraph(_("Dit overzicht bevat alle gegevens die het expertteam over deze jeugdige "
                    "heeft vastgelegd, met de geschiedenis van wijzigingen en wie het dossier "
                    "heeft ingezien. Het is opgesteld naar aanleiding van een verzoek om inzage "
                    "(artikel 15 AVG)."), "Note"),
        gap(),
        *heading(_("Gegevens")),
        facts_table(data.facts),
    ]
    for table in data.tables:
        story.extend(heading(table.title))
        if table.rows:
            story.append(data_table(table.columns, table.rows, table.widths))
        else:
            story.append(paragraph(table.empty_text or _("Geen."), "Note"))
    return story


@rendered
def render_inzage(data: InzageData, letterhead: Letterhead) -> bytes:
    """The PDF bytes of the inzage overview."""
    return render_document(inzage_story(data), inzage_meta(data, letterhead), letterhead)
