"""Shared building blocks of the stories: headings that never end a page, tables that wrap."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle
from reportlab.platypus.paragraph import Paragraph

from expertteam.documents.styles import FONT, FRAME_WIDTH, RULE, SHADE, stylesheet
from expertteam.documents.text import markup

# A heading needs at least this much room below it, or it starts on the next page.
CELL_STYLE_SIZE, CELL_STYLE_LEADING = 8.5, 10.5

_ROOM_AFTER_HEADING = {"Heading1": 45 * mm, "Heading2": 30 * mm, "Label": 18 * mm}


def heading(text: str, style: str = "Heading1") -> list[Flowable]:
    """A heading that never sits alone at a page's foot: it starts a new page unless there is
    room below it. (Not keepWithNext: that would push a long table after it wholly onto the next
    page and leave half a page empty.)"""
    title = paragraph(text, style)
    title.keepWithNext = 0
    return [CondPageBreak(_ROOM_AFTER_HEADING.get(style, 20 * mm)), title]


def paragraph(text: str, style: str = "Body") -> Paragraph:
    chosen = stylesheet()[style]
    return Paragraph(markup(text, chosen.fontName), chosen)


class Plain(str):
    """A short table value that never needs wrapping (a number, a date): drawn as a plain
    string, which is much cheaper to lay out than a Paragraph."""

    __slots__ = ()


def cell(text: str, style: str = "Cell") -> Paragraph:
    """Table text as a Paragraph, so long text wraps inside its column."""
    return paragraph(text, style)


def data_table(header: Sequence[str], rows: Sequence[Sequence[object]],
               widths: Sequence[float], *, align_right: Sequence[int] = (),
               groups: Sequence[str] = ()) -> Table:
    """A ruled table: shaded, repeated header row; every cell wraps; rows split across pages.

    ``rows`` hold strings (wrapped as Paragraphs), ``Plain`` strings (drawn as they are) or
    flowables. ``widths`` are fractions
    of the frame width and must add up to 1; ``align_right`` lists the columns of numbers.
    ``groups`` (one per column, "" for none) adds a header row above, each group spanning its
    neighbouring columns.
    """
    heads = [[cell(text, "CellHeader") for text in header]]
    spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
    if any(groups):
        heads.insert(0, [cell(text, "CellHeader") for text in groups])
        start = 0
        for column in range(1, len(groups) + 1):
            if column == len(groups) or groups[column] != groups[start]:
                if groups[start] and column - start > 1:
                    spans.append(("SPAN", (start, 0), (column - 1, 0)))
                start = column
    body = [[value if isinstance(value, Plain) else cell(value) if isinstance(value, str)
             else value for value in row] for row in rows]
    table = Table([*heads, *body], colWidths=[FRAME_WIDTH * share for share in widths],
                  repeatRows=len(heads), splitByRow=1, splitInRow=1, hAlign="LEFT")
    first = len(heads)
    right = [("ALIGN", (column, first), (column, -1), "RIGHT") for column in align_right]
    table.setStyle(TableStyle([
        *right,
        *spans,
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_STYLE_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_STYLE_LEADING),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, first - 1), SHADE),
        ("LINEBELOW", (0, first - 1), (-1, first - 1), 1.0, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def facts_table(pairs: Sequence[tuple[str, str]], label_share: float = 0.3) -> Table:
    """Label/value lines of a document's head (no grid: it reads as a form)."""
    rows = [[cell(label, "CellBold"), cell(value or "–")] for label, value in pairs]
    table = Table(rows, colWidths=[FRAME_WIDTH * label_share, FRAME_WIDTH * (1 - label_share)],
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
    ]))
    return table


def gap(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)
