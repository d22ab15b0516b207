"""The one look of every document: fonts, stylesheet, letterhead pages, footer, metadata.

A renderer builds a story (a list of flowables) and hands it to ``render_document``, which lays it
out on A4 with the region's letterhead on the first page, a short running header on later pages
and, on every page, a footer with "Vertrouwelijk", the document date and version and
"pagina X van Y". The PDF carries title, author, subject and creation date; the DejaVu fonts are
embedded (subset), so names like "Noël" and "Chloë" print as typed, and so is the Noto Emoji
fallback face for what DejaVu lacks (``documents.scripts``). Every PDF leaves here as PDF/A-2b
(``documents.archive``).
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache, partial
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageTemplate
from reportlab.platypus.paragraph import Paragraph

from expertteam import __version__, clock
from expertteam.documents.data import DocumentMeta, Letterhead
from expertteam.documents.render_lock import rendered
from expertteam.documents.text import markup
from expertteam.formatting import long_date
from expertteam.i18n import _
from expertteam.paths import resource

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"
_FONT_FILES = ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf"),
               (FONT_ITALIC, "DejaVuSans-Oblique.ttf"),
               (FONT_BOLD_ITALIC, "DejaVuSans-BoldOblique.ttf"))

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
LETTERHEAD_HEIGHT = 36 * mm
HEADER_HEIGHT = 16 * mm
FOOTER_HEIGHT = 24 * mm
TOP_MARGIN = 12 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
LOGO_BOX = (50 * mm, 20 * mm)

INK = colors.black
MUTED = colors.Color(0.25, 0.25, 0.25)
RULE = colors.Color(0.45, 0.45, 0.45)
SHADE = colors.Color(0.88, 0.88, 0.88)

EMOJI_FONT = "NotoEmoji"
_EMOJI_FILE = "NotoEmoji-Regular.ttf"
_font_lock = threading.Lock()
_coverage: dict[str, frozenset[int]] = {}


def register_fonts() -> None:
    """Register the bundled fonts once: the DejaVu Sans family (regular, bold, italic, bold
    italic) and the Noto Emoji fallback face."""
    with _font_lock:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return
        from reportlab.lib.fonts import addMapping

        for name, filename in (*_FONT_FILES, (EMOJI_FONT, _EMOJI_FILE)):
            font = TTFont(name, str(resource("fonts", filename)))
            pdfmetrics.registerFont(font)
            _coverage[name] = frozenset(font.face.charToGlyph)
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                      boldItalic=FONT_BOLD_ITALIC)
        for bold, italic, name in ((0, 0, FONT), (1, 0, FONT_BOLD), (0, 1, FONT_ITALIC),
                                   (1, 1, FONT_BOLD_ITALIC)):
            addMapping(FONT, bold, italic, name)


def covered_by_regular() -> frozenset[int]:
    """The code points DejaVu Sans (regular) draws."""
    register_fonts()
    return _coverage[FONT]


@lru_cache(maxsize=8192)
def fallback_face(ch: str, face: str = FONT) -> str | None:
    """None when ``face`` draws ``ch``; else the face to draw it in: the upright DejaVu face of
    the same weight, regular DejaVu, or Noto Emoji, whichever has it first. (A character no
    bundled font has stays in ``face``, and shows as a box: the tests look for those.)"""
    register_fonts()
    point = ord(ch)
    if point in _coverage.get(face, _coverage[FONT]) or unicodedata.category(ch) in ("Cc",):
        return None
    bold = face in (FONT_BOLD, FONT_BOLD_ITALIC)
    for option in (FONT_BOLD if bold else FONT, FONT, EMOJI_FONT):
        if point in _coverage[option]:
            return option
    return None


@lru_cache(maxsize=1)
def stylesheet() -> StyleSheet1:
    """The one stylesheet. Headings keep with the next flowable (no orphaned headings)."""
    register_fonts()
    sheet = StyleSheet1()
    body = ParagraphStyle("Body", fontName=FONT, fontSize=9.5, leading=13, textColor=INK,
                          spaceAfter=4)
    sheet.add(body)
    sheet.add(ParagraphStyle("BodySmall", parent=body, fontSize=8.5, leading=11.5))
    sheet.add(ParagraphStyle("Note", parent=body, fontName=FONT_ITALIC, fontSize=8.5,
                             leading=11.5, textColor=MUTED))
    sheet.add(ParagraphStyle("Title", parent=body, fontName=FONT_BOLD, fontSize=16, leading=20,
                             spaceAfter=2, keepWithNext=1))
    sheet.add(ParagraphStyle("Subtitle", parent=body, fontSize=11, leading=14, spaceAfter=10,
                             textColor=MUTED, keepWithNext=1))
    sheet.add(ParagraphStyle("Heading1", parent=body, fontName=FONT_BOLD, fontSize=12.5,
                             leading=16, spaceBefore=12, spaceAfter=5, keepWithNext=1))
    sheet.add(ParagraphStyle("Heading2", parent=body, fontName=FONT_BOLD, fontSize=10.5,
                             leading=14, spaceBefore=9, spaceAfter=3, keepWithNext=1))
    sheet.add(ParagraphStyle("Label", parent=body, fontName=FONT_BOLD, fontSize=9, leading=12,
                             spaceBefore=3, spaceAfter=1, keepWithNext=1))
    cell = ParagraphStyle("Cell", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0)
    sheet.add(cell)
    sheet.add(ParagraphStyle("CellBold", parent=cell, fontName=FONT_BOLD))
    sheet.add(ParagraphStyle("CellRight", parent=cell, alignment=TA_RIGHT))
    sheet.add(ParagraphStyle("CellHeader", parent=cell, fontName=FONT_BOLD, fontSize=8,
                             leading=10))
    sheet.add(ParagraphStyle("Footer", parent=body, fontSize=7, leading=8.5, spaceAfter=0,
                             textColor=MUTED, alignment=TA_LEFT))
    sheet.add(ParagraphStyle("Address", parent=body, fontSize=8, leading=10, spaceAfter=0,
                             alignment=TA_RIGHT, textColor=MUTED))
    sheet.add(ParagraphStyle("RegionName", parent=body, fontName=FONT_BOLD, fontSize=12,
                             leading=15, spaceAfter=1, alignment=TA_RIGHT))
    return sheet


# --------------------------------------------------------------------------- page decoration


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds every page until the end, then writes "pagina X van Y" on each."""

    def __init__(self, *args: Any, page_label: str = "pagina {page} van {total}",
                 moment: datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page_label = page_label
        self._saved_page_states: list[dict[str, Any]] = []
        self.setDateFormatter(_pdf_date(moment or clock.now()))

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._saved_page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_page_states)
        for number, state in enumerate(self._saved_page_states, start=1):
            self.__dict__.update(state)
            self.setFont(FONT, 7.5)
            self.setFillColor(INK)
            self.drawRightString(PAGE_WIDTH - MARGIN_X, FOOTER_HEIGHT - 12 * mm,
                                 self._page_label.format(page=number, total=total))
            super().showPage()
        super().save()


def _pdf_date(moment: datetime) -> Callable[..., str]:
    """A ReportLab date formatter that writes ``moment`` (from the one clock) as the PDF's
    creation and modification date instead of the machine's time."""
    offset = moment.astimezone().utcoffset() or timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    stamp = (f"D:{moment:%Y%m%d%H%M%S}{sign}{abs(minutes) // 60:02d}'"
             f"{abs(minutes) % 60:02d}'")
    return lambda *_ymdhms: stamp


@dataclass(frozen=True)
class _Decorator:
    """The ``onPage`` callbacks: letterhead on the first page, running header after, footer."""

    meta: DocumentMeta
    letterhead: Letterhead

    def first_page(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        top = PAGE_HEIGHT - TOP_MARGIN
        if self.letterhead.logo:
            _draw_logo(canvas, self.letterhead.logo, MARGIN_X, top)
        sheet = stylesheet()
        block: list[Paragraph] = [Paragraph(markup(self.letterhead.region_name, FONT_BOLD),
                                            sheet["RegionName"])]
        block += [Paragraph(markup(line), sheet["Address"])
                  for line in self.letterhead.address_lines if line.strip()]
        y = top
        width = FRAME_WIDTH - LOGO_BOX[0] - 6 * mm
        for paragraph in block:
            _w, h = paragraph.wrap(width, LETTERHEAD_HEIGHT)
            y -= h
            paragraph.drawOn(canvas, PAGE_WIDTH - MARGIN_X - width, y)
        self._rule(canvas, PAGE_HEIGHT - TOP_MARGIN - LETTERHEAD_HEIGHT + 4 * mm)
        canvas.restoreState()
        self.footer(canvas)

    def later_pages(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        y = PAGE_HEIGHT - TOP_MARGIN - 4 * mm
        half = FRAME_WIDTH / 2 - 4 * mm
        _draw_line(canvas, _clip(self.letterhead.region_name, FONT_BOLD, 8, half),
                   FONT_BOLD, MARGIN_X, y)
        title = _clip(self.meta.title, FONT, 8, half)
        _draw_line(canvas, title, FONT,
                   PAGE_WIDTH - MARGIN_X - pdfmetrics.stringWidth(title, FONT, 8), y)
        self._rule(canvas, y - 3 * mm)
        canvas.restoreState()
        self.footer(canvas)

    def footer(self, canvas: Canvas) -> None:
        canvas.saveState()
        self._rule(canvas, FOOTER_HEIGHT - 6 * mm)
        canvas.setFillColor(INK)
        canvas.setFont(FONT_BOLD, 8)
        line = FOOTER_HEIGHT - 12 * mm
        canvas.drawString(MARGIN_X, line, _("VERTROUWELIJK"))
        canvas.setFont(FONT, 7.5)
        canvas.drawString(MARGIN_X, line - 4 * mm, _("{date} · versie {version}").format(
            date=long_date(self.meta.document_date), version=self.meta.version))
        if self.letterhead.footer_text.strip():
            note = Paragraph(markup(self.letterhead.footer_text), stylesheet()["Footer"])
            left = MARGIN_X + 42 * mm
            width = FRAME_WIDTH - 42 * mm - 30 * mm
            _w, height = note.wrap(width, 12 * mm)
            note.drawOn(canvas, left, line + 3 * mm - height)
        canvas.restoreState()

    @staticmethod
    def _rule(canvas: Canvas, y: float) -> None:
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, y, PAGE_WIDTH - MARGIN_X, y)


def _draw_logo(canvas: Canvas, logo: bytes, x: float, top: float) -> None:
    image = ImageReader(BytesIO(logo))
    width, height = image.getSize()
    scale = min(LOGO_BOX[0] / width, LOGO_BOX[1] / height)
    canvas.drawImage(image, x, top - height * scale, width * scale, height * scale,
                     mask="auto", preserveAspectRatio=True)


def _draw_line(canvas: Canvas, text: str, font: str, x: float, y: float) -> None:
    """One line of 8-point text with its baseline at ``y``, through ``markup`` (so a name in
    any script prints as in the body)."""
    style = ParagraphStyle("line", fontName=font, fontSize=8, leading=8, textColor=INK)
    line = Paragraph(markup(text, font), style)
    line.wrap(FRAME_WIDTH, 20 * mm)
    line.drawOn(canvas, x, y - 8 * 0.2)


def _clip(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


# --------------------------------------------------------------------------- the document


@rendered
def render_document(story: Sequence[Flowable], meta: DocumentMeta,
                    letterhead: Letterhead) -> bytes:
    """Lay ``story`` out on letterhead pages and return the PDF bytes (PDF/A-2b)."""
    from expertteam.documents.archive import to_pdfa

    register_fonts()
    moment = clock.now().replace(microsecond=0)
    decorator = _Decorator(meta, letterhead)
    bottom = FOOTER_HEIGHT
    first = Frame(MARGIN_X, bottom, FRAME_WIDTH,
                  PAGE_HEIGHT - TOP_MARGIN - LETTERHEAD_HEIGHT - bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="first")
    later = Frame(MARGIN_X, bottom, FRAME_WIDTH, PAGE_HEIGHT - TOP_MARGIN - HEADER_HEIGHT - bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="later")
    buffer = BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=TOP_MARGIN,
        bottomMargin=bottom, title=meta.title, author=meta.author, subject=meta.subject,
        creator=f"Expertteam {__version__}",
        keywords=[*meta.keywords, *([letterhead.provenance] if letterhead.provenance else [])],
        lang="nl-NL",
        displayDocTitle=True, initialFontName=FONT,
        pageTemplates=[PageTemplate("first", [first], onPage=decorator.first_page),
                       PageTemplate("later", [later], onPage=decorator.later_pages)])
    flowables: list[Flowable] = [NextPageTemplate("later"), *story]
    doc.build(flowables, canvasmaker=partial(NumberedCanvas, moment=moment,
                                             page_label=_("pagina {page} van {total}")))
    return to_pdfa(buffer.getvalue(), meta, moment)
