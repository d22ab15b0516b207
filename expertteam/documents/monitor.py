"""The regional monitor as a raadsinformatie-style PDF: key message, tables and charts.

The tables are printed as published (``show_table``): with suppression, small counts read ``<5``
or ``x``, and the charts are drawn from those same published cells.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Table
from reportlab.platypus.paragraph import Paragraph

from expertteam import formatting as fmt
from expertteam.documents.blocks import cell, data_table, facts_table, gap, paragraph
from expertteam.documents.data import DocumentMeta, Letterhead
from expertteam.documents.monitor_charts import bar_chart, line_chart
from expertteam.documents.render_lock import rendered
from expertteam.documents.styles import (
    FONT_BOLD,
    FRAME_WIDTH,
    PAGE_HEIGHT,
    RULE,
    render_document,
    stylesheet,
)
from expertteam.documents.text import markup
from expertteam.domain import monitor as m
from expertteam.domain import tables as t
from expertteam.domain.tables import ShownTable
from expertteam.i18n import _

VALUE_SHARE = 0.125  # a number column: room for "beschermer" or a date in its header
_SOFT_HYPHENS = (("jeugdbeschermer", "jeugd\u00adbeschermer"),
                 ("Jeugdbeschermer", "Jeugd\u00adbeschermer"), ("jeugdhulp", "jeugd\u00adhulp"),
                 ("meetmoment", "meet\u00admoment"), ("Expertteam", "Expert\u00adteam"))


def _bold_right() -> ParagraphStyle:
    return ParagraphStyle("CellRightBold", parent=stylesheet()["CellRight"], fontName=FONT_BOLD)


def _header(text: str) -> str:
    """A column header that may break inside its long compound words, at the right place."""
    for word, hyphenated in _SOFT_HYPHENS:
        text = text.replace(word, hyphenated)
    return text


def column_widths(label_count: int, value_count: int) -> list[float]:
    """Shares of the frame width: number columns of one width, labels get the rest (a wide
    table's number columns are narrower, so that the names keep room)."""
    share = VALUE_SHARE if value_count <= 5 else 0.64 / value_count
    room = 1 - value_count * share
    if label_count == 1:
        labels = [min(0.45, room)]
    else:
        labels = [room * 0.6, room * 0.4] if label_count == 2 else [room / label_count] * \
            label_count
    return labels + [share] * value_count


def table_flowable(shown: ShownTable) -> Table:
    """A published table: labels left, numbers right, the total row bold above a rule."""
    values = len(shown.headers) - shown.label_count
    right, right_bold = stylesheet()["CellRight"], _bold_right()
    rows: list[list[str | Flowable]] = []
    for row in shown.rows:
        style = "CellBold" if row.is_total else "Cell"
        line: list[str | Flowable] = [cell(label, style) for label in row.labels]
        line += [Paragraph(item.text, right_bold if row.is_total else right)
                 for item in row.cells]
        rows.append(line)
    if any(shown.groups):  # the group above, the column's own header below
        headers = [*shown.headers[:shown.label_count], *shown.columns]
        groups = [""] * shown.label_count + [_header(group) for group in shown.groups]
    else:
        headers, groups = list(shown.headers), []
    table = data_table([_header(h) for h in headers], rows,
                       column_widths(shown.label_count, values), groups=groups)
    if any(row.is_total for row in shown.rows):
        table.setStyle([("LINEABOVE", (0, -1), (-1, -1), 1.2, RULE)])
    return table


KEEP_TOGETHER_UP_TO = 100 * mm  # a block this high or lower never splits over two pages
ROOM_FOR_SPLIT_BLOCK = 70 * mm  # a longer block starts only with this much room left


def _style(name: str) -> ParagraphStyle:
    """A heading style that does not chain itself to what follows: blocks are kept below."""
    return ParagraphStyle(f"Monitor{name}", parent=stylesheet()[name], keepWithNext=0)


def _title(text: str, level: str = "Heading2") -> Paragraph:
    style = _style(level)
    return Paragraph(markup(text, style.fontName), style)


def _keep(parts: list[Flowable]) -> list[Flowable]:
    """Keep a block on one page when it fits comfortably; a long one starts with room to spare
    and splits between table rows (the header row repeats)."""
    height = sum(part.wrap(FRAME_WIDTH, PAGE_HEIGHT)[1] for part in parts)
    if height <= KEEP_TOGETHER_UP_TO:
        return [KeepTogether(parts)]
    return [CondPageBreak(ROOM_FOR_SPLIT_BLOCK), *parts]


class _Blocks:
    """Builds the report's blocks; notes are printed once, figures numbered."""

    def __init__(self, shown: dict[str, ShownTable]) -> None:
        self.shown = shown
        self.notes: set[str] = set()
        self.figures = 0

    def table(self, key: str, lead: Sequence[Flowable] = ()) -> list[Flowable]:
        shown = self.shown[key]
        parts: list[Flowable] = [*lead, _title(shown.title)]
        if shown.note and shown.note not in self.notes:
            parts.append(paragraph(shown.note, "Note"))
            self.notes.add(shown.note)
        parts.append(table_flowable(shown))
        return [*_keep(parts), gap(1)]

    def figure(self, title: str, drawing: Flowable, note: str,
               lead: Sequence[Flowable] = ()) -> list[Flowable]:
        self.figures += 1
        parts: list[Flowable] = [*lead, paragraph(_("Figuur {n}. {title}").format(
            n=self.figures, title=title), "Label"), drawing]
        if note:
            parts.append(paragraph(note, "Note"))
        # A drawing cannot split: its heading, caption and note always go with it.
        return [KeepTogether(parts), gap(3)]


def _number_text(value: int, suppress: bool) -> str:
    if suppress and 0 < value < t.SUPPRESSION_THRESHOLD:
        return _("minder dan 5")
    return str(value)


def _in_words(item: t.Cell) -> str | None:
    """A published count for a sentence: '<5' reads 'minder dan 5'; a hidden 'x' has none."""
    if item.number is not None:
        return item.text
    return _("minder dan 5") if item.text == t.SUPPRESSED_SMALL else None


def key_message(report: m.MonitorReport, suppress: bool) -> list[str]:
    """The 'Kernboodschap': the count now, then, and how long children wait."""
    pj, vjb, now, before, change = t.show_table(report.table("gi_gemeente"),
                                                suppress).rows[-1].cells
    when = fmt.long_date(report.meetmoment)
    total, pj_text, vjb_text = _in_words(now), _in_words(pj), _in_words(vjb)
    if total is not None and pj_text is not None and vjb_text is not None:
        lines = [_("Op {date} wachtten {total} kinderen met een jeugdbeschermingsmaatregel: "
                   "{pj} op passende jeugdhulp en {vjb} op een vaste jeugdbeschermer.").format(
            date=when, total=total, pj=pj_text, vjb=vjb_text)]
    else:
        lines = [_("Op {date} wachtten {total} kinderen met een jeugdbeschermingsmaatregel op "
                   "passende jeugdhulp of op een vaste jeugdbeschermer. Hoe zij over die twee "
                   "verdeeld zijn, is afgeschermd omdat een van beide aantallen kleiner is dan "
                   "5.").format(date=when, total=total or _("enkele"))]
    before_text = _in_words(before)
    if before_text is not None and change.number is not None:
        lines.append(_("Op {date} waren dat er {before}; het verschil is {change}.").format(
            date=fmt.long_date(report.previous), before=before_text, change=change.text))
    stats = t.show_table(report.table("wachttijd_dagen"), suppress).rows
    median, longest = stats[0].cells[1], stats[0].cells[2]
    if median.number is not None and longest.number is not None:
        lines.append(_("Van de kinderen die op passende jeugdhulp wachten, wacht de helft "
                       "langer dan {median} dagen; het langst wachtende kind wacht {longest} "
                       "dagen.").format(median=median.text, longest=longest.text))
    lines += _gi_message(report, suppress)
    # The buckets from the third on are longer than 90 days.
    over = int(sum((row.values[2] or 0) for row in report.table("wachttijd").rows[2:]))
    lines.append(_("{n} kinderen wachten langer dan 3 maanden, de termijn waarbinnen de "
                   "inspecties passende hulp verwachten.").format(
        n=_number_text(over, suppress).capitalize()))
    return lines


def _gi_message(report: m.MonitorReport, suppress: bool) -> list[str]:
    """What the GI's reported beside what the expertteam counts, when they reported."""
    if not report.has_table(m.GI_REPORT_KEY) or not report.table(m.GI_REPORT_KEY).rows:
        return []
    own_vjb, gi_vjb, _d1, own_pj, gi_pj, _d2 = t.show_table(
        report.table(m.GI_REPORT_KEY), suppress).rows[-1].cells
    texts = [_in_words(cell) for cell in (gi_vjb, gi_pj, own_vjb, own_pj)]
    if any(text is None or text == t.NOT_APPLICABLE for text in texts):
        return []
    return [_("Volgens de GI's wachtten op dat moment {gi_vjb} kinderen op een vaste "
              "jeugdbeschermer en {gi_pj} op passende jeugdhulp; van hen had het expertteam er "
              "{own_vjb} en {own_pj} als casus.").format(
        gi_vjb=texts[0], gi_pj=texts[1], own_vjb=texts[2], own_pj=texts[3])]


def _section(title: str, *intro: str) -> list[Flowable]:
    return [_title(title, "Heading1"), *(paragraph(text) for text in intro)]


def monitor_story(report: m.MonitorReport, suppress: bool, title: str,
                  method: str) -> list[Flowable]:
    shown = {table.key: t.show_table(table, suppress) for table in report.tables}
    charts = m.report_charts(report, suppress)
    blocks = _Blocks(shown)
    sheet = stylesheet()
    story: list[Flowable] = [
        Paragraph(markup(title, sheet["Title"].fontName), sheet["Title"]),
        Paragraph(markup(_("{team} · meetmoment {date}").format(
            team=report.team_name, date=fmt.long_date(report.meetmoment))), sheet["Subtitle"]),
        facts_table([
            (_("Jeugdregio"), report.region_name),
            (_("Meetmoment"), fmt.long_date(report.meetmoment)),
            (_("Stand"), m.view_text(report)),
            (_("Vergeleken met"), fmt.long_date(report.previous)),
            (_("Periode"), _("{start} tot en met {end}").format(
                start=fmt.long_date(report.period_start), end=fmt.long_date(report.period_end))),
            (_("Kleine aantallen"), _("afgeschermd (<5)") if suppress else
             _("niet afgeschermd — niet geschikt voor publicatie")),
        ]),
        *_keep([*_section(_("Kernboodschap")),
                *(paragraph(line) for line in key_message(report, suppress))]),
    ]
    story += blocks.table("gi_gemeente", _section(_("1. Wachtende kinderen per GI en gemeente")))
    story += blocks.table(m.GI_KEY)
    story += blocks.figure(charts.by_gi.title, bar_chart(charts.by_gi, FRAME_WIDTH),
                           charts.by_gi.note)
    story += blocks.table("gemeente", _section(_("2. Wachtende kinderen per gemeente")))
    story += _gi_section(blocks, report, charts, _("3. Cijfers van de GI's"))
    story += blocks.figure(
        charts.trend.title, line_chart(charts.trend, FRAME_WIDTH), charts.trend.note,
        _section(_("4. Verloop"), _(
            "Het aantal wachtende kinderen op dezelfde dag van elke maand, teruggerekend uit "
            "de geschiedenis van het register. De getallen staan in de bijlage.")))
    story += blocks.table("wachttijd", _section(_("5. Wachttijd")))
    story += blocks.table("wachttijd_dagen")
    story += blocks.figure(
        charts.by_blocker.title, bar_chart(charts.by_blocker, FRAME_WIDTH),
        charts.by_blocker.note,
        _section(_("6. Knelpunten en termijnen"), _(
            "Lopende casussen met een knelpunt dat op het meetmoment nog niet was opgelost, "
            "vergeleken met het vorige meetmoment.")))
    story += blocks.table(m.BLOCKER_KEY)
    story += blocks.table(m.TERMS_KEY)
    story += blocks.table("instroom_uitstroom",
                          _section(_("7. Aangemeld, afgesloten en doorlooptijd")))
    story += blocks.table("afsluitresultaat")
    story += blocks.table("doorlooptijd")
    closing = [paragraph(method)]
    if suppress:
        closing.append(paragraph(t.suppression_legend()))
    story += _keep([*_section(_("Verantwoording")), *closing])
    story += blocks.table(m.TREND_KEY, _section(_("Bijlage: verloop per maand")))
    if report.table(m.GI_TREND_KEY).rows:
        story += blocks.table(m.GI_TREND_KEY)
    return story


def _gi_section(blocks: _Blocks, report: m.MonitorReport, charts: m.ReportCharts,
                title: str) -> list[Flowable]:
    """The GI's own figures beside the expertteam's cases, their capacity and the trend."""
    intro = _section(title, _(
        "Het expertteam ziet alleen de kinderen van wie de casus bij het expertteam ligt. De "
        "GI's geven per gemeente op hoeveel van hun kinderen wachten; het verschil zijn de "
        "wachtende kinderen zonder casus bij het expertteam."))
    if not report.table(m.GI_REPORT_KEY).rows:
        return [*_keep([*intro, paragraph(report.table(m.GI_REPORT_KEY).note)]), gap(1)]
    story = blocks.table(m.GI_REPORT_KEY, intro)
    if report.table(m.GI_CAPACITY_KEY).rows:
        story += blocks.table(m.GI_CAPACITY_KEY)
    if charts.gi_trend is not None:
        story += blocks.figure(charts.gi_trend.title, line_chart(charts.gi_trend, FRAME_WIDTH),
                               charts.gi_trend.note)
    return story


def monitor_meta(report: m.MonitorReport, title: str, letterhead: Letterhead) -> DocumentMeta:
    return DocumentMeta(
        title=title,
        subject=_("Meetmoment {date}").format(date=fmt.long_date(report.meetmoment)),
        author=letterhead.region_name, document_date=report.produced_on,
        keywords=(_("monitor"), _("jeugdbescherming"), _("wachtende kinderen")))


@rendered
def render_monitor(report: m.MonitorReport, letterhead: Letterhead, suppress: bool, *,
                   title: str, method: str) -> bytes:
    """The monitor report as PDF bytes."""
    return render_document(monitor_story(report, suppress, title, method),
                           monitor_meta(report, title, letterhead), letterhead)

