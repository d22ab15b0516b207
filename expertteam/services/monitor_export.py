"""The regional monitor as files: a PDF report (raadsinformatie) and an Excel workbook.

Both show the same tables, as published: with ``suppress`` counts below 5 are hidden (``<5``, and
``x`` where a hidden count could otherwise be worked out). The workbook holds one sheet per table,
numbers as numbers and dates as dates, with the header row frozen. Every text passes the privacy
guard first (``services/privacy.py``), and a text cell that starts like a formula (``=``, ``+``,
``-``, ``@``, tab, carriage return) is written as text, never as a live formula.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

from expertteam import formatting as fmt
from expertteam.documents.render_lock import rendered
from expertteam.domain import monitor as m
from expertteam.domain import tables as t
from expertteam.domain.errors import ValidationError
from expertteam.i18n import _
from expertteam.services import audit, files, letterhead
from expertteam.services.monitor import monitor_at
from expertteam.services.privacy import FORMULA_STARTS, Guard, store_guard
from expertteam.services.store import Store

SHEET_NAMES = {
    "gi_gemeente": "Per GI en gemeente",
    "gemeente": "Per gemeente",
    "gi": "Per GI",
    "gi_opgave": "GI-cijfers",
    "gi_capaciteit": "GI capaciteit",
    "wachttijd": "Wachttijd",
    "wachttijd_dagen": "Wachttijd in dagen",
    "knelpunten": "Knelpunten",
    "termijnen": "Termijnen",
    "instroom_uitstroom": "Aangemeld en afgesloten",
    "afsluitresultaat": "Resultaat afsluiting",
    "doorlooptijd": "Doorlooptijd",
    "verloop": "Verloop",
    "verloop_gi": "Verloop GI-cijfers",
}
INFO_SHEET = "Toelichting"
CHANGE_FORMAT = "+0;-0;0"
DATE_FORMAT = "DD-MM-YYYY"
DECIMAL_FORMAT = "0.0"


@dataclass(frozen=True, slots=True)
class MonitorFiles:
    """What an export wrote."""

    report: m.MonitorReport
    pdf_path: Path | None
    xlsx_path: Path | None
    suppressed: bool


def report_title() -> str:
    return _("Monitor wachtende kinderen jeugdbescherming")


def sheet_name(table: t.Table) -> str:
    return _(SHEET_NAMES.get(table.key, table.title))[:31]


def info_lines(report: m.MonitorReport, suppress: bool) -> list[tuple[str, str]]:
    """The facts every output states about itself."""
    lines = [
        (_("Rapport"), report_title()),
        (_("Expertteam"), report.team_name),
        (_("Jeugdregio"), report.region_name),
        (_("Jeugdregio (CBS-code)"), report.region_code),
        (_("Meetmoment"), fmt.long_date(report.meetmoment)),
        (_("Stand"), m.view_text(report)),
        (_("Vergeleken met"), fmt.long_date(report.previous)),
        (_("Periode instroom en uitstroom"), _("{start} tot en met {end}").format(
            start=fmt.long_date(report.period_start), end=fmt.long_date(report.period_end))),
        (_("Opgesteld op"), fmt.long_date(report.produced_on)),
        (_("Kleine aantallen"), _("afgeschermd: {legend}").format(legend=t.suppression_legend())
         if suppress else _("niet afgeschermd (niet geschikt voor publicatie)")),
        (_("Werkwijze"), method_text()),
        (_("Definities"), _("versie {version}").format(version=report.definitions)),
    ]
    return [(label, value) for label, value in lines if value]


def method_text() -> str:
    return _("De aantallen zijn teruggerekend uit de gedateerde geschiedenis van het "
             "casusregister: zo stond het register op het meetmoment, niet zoals het er vandaag "
             "uitziet. Een kind telt als wachtend als zijn casus op die dag open was en er was "
             "vastgelegd waarop het wachtte. Passende jeugdhulp omvat ook plaatsingen.")


def guarded_report(report: m.MonitorReport, guard: Guard) -> m.MonitorReport:
    """The report with every text it shows passed through the privacy guard."""
    def row(value: t.Row) -> t.Row:
        return replace(value, labels=tuple(guard.text(label) for label in value.labels))

    tables = tuple(replace(table, title=guard.text(table.title), note=guard.text(table.note),
                           rows=tuple(row(r) for r in table.rows),
                           total=row(table.total) if table.total is not None else None)
                   for table in report.tables)
    return replace(report, region_name=guard.text(report.region_name),
                   team_name=guard.text(report.team_name),
                   notes=tuple(guard.text(note) for note in report.notes), tables=tables)


def _as_text(sheet: Any) -> None:
    """Text that starts like a formula stays text (openpyxl would write it as a formula)."""
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"


@rendered
def workbook_bytes(report: m.MonitorReport, suppress: bool, provenance: str = "") -> bytes:
    """The workbook: an explanation sheet, then one sheet per table; ``provenance`` (the audit
    log's anchor) goes into the document properties' keywords."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    info = book.active
    info.title = INFO_SHEET
    bold = Font(bold=True)
    info.append([_("Onderdeel"), _("Waarde")])
    for label, value in info_lines(report, suppress):
        info.append([label, value])
    info.append([])
    info.append([_("Tabblad"), _("Inhoud")])
    info.cell(row=info.max_row, column=1).font = bold
    info.cell(row=info.max_row, column=2).font = bold
    for table in report.tables:
        info.append([sheet_name(table), table.title + (f" — {table.note}" if table.note else "")])
    _finish_sheet(info, [28, 110], bold)
    for cell in info["B"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for table in report.tables:
        shown = t.show_table(table, suppress)
        sheet = book.create_sheet(sheet_name(table))
        codes = len(table.code_headers)
        sheet.append(list(shown.headers[:shown.label_count]) + list(table.code_headers)
                     + list(shown.headers[shown.label_count:]))
        kinds = [column.kind for column in table.columns]
        for row in shown.rows:
            labels: list[Any] = list(row.labels)
            if row.day is not None:
                labels[0] = row.day
            row_codes = list(row.codes) + [""] * (codes - len(row.codes))
            sheet.append(labels + row_codes[:codes] + [
                cell.number if cell.number is not None else cell.text for cell in row.cells])
            excel_row = sheet.max_row
            if row.day is not None:
                sheet.cell(row=excel_row, column=1).number_format = DATE_FORMAT
            for index, kind in enumerate(kinds):
                target = sheet.cell(row=excel_row, column=shown.label_count + codes + index + 1)
                target.alignment = Alignment(horizontal="right")
                if kind is t.ColumnKind.CHANGE and isinstance(target.value, int):
                    target.number_format = CHANGE_FORMAT
                elif isinstance(target.value, float):
                    target.number_format = DECIMAL_FORMAT
            if row.is_total:
                for column in range(1, len(shown.headers) + codes + 1):
                    sheet.cell(row=excel_row, column=column).font = bold
        widths = [max(12, min(60, max((len(str(r.labels[i])) for r in shown.rows), default=10)
                              + 2)) for i in range(shown.label_count)] + [18] * codes
        widths += [max(12, min(28, len(header) + 2)) for header in shown.headers[
            shown.label_count:]]
        _finish_sheet(sheet, widths, bold)
        sheet.oddFooter.left.text = table.title
    book.properties.title = report_title()
    book.properties.creator = report.team_name
    if provenance:
        book.properties.keywords = provenance
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _finish_sheet(sheet: Any, widths: list[int], bold: Any) -> None:
    from openpyxl.utils import get_column_letter

    _as_text(sheet)
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def pdf_bytes(store: Store, report: m.MonitorReport, suppress: bool,
              provenance: str = "") -> bytes:
    """The PDF report on the region's letterhead."""
    from expertteam.documents.monitor import render_monitor

    return render_monitor(report, letterhead.get_letterhead(store).for_documents(provenance),
                          suppress, title=report_title(), method=method_text())


def export_monitor(store: Store, meetmoment: date, *, previous: date | None = None,
                   period: tuple[date, date] | None = None, suppress: bool = False,
                   pdf_path: Path | None = None, xlsx_path: Path | None = None) -> MonitorFiles:
    """Compute the monitor at ``meetmoment`` and write the PDF and/or the workbook.

    Each file is written atomically and logged as an export (a failed write as a failed
    export). Raises ``ValidationError`` for wrong dates (see ``monitor_at``) or targets, or when
    no output file is given, ``StorageError`` when a file cannot be written."""
    if pdf_path is None and xlsx_path is None:
        raise ValidationError("pdf_path", _("Kies waar het PDF-rapport of de Excel-werkmap moet "
                                            "komen."))
    for target in (pdf_path, xlsx_path):
        if target is not None:
            files.check_target(target)
    report = monitor_at(store, meetmoment, previous, period)
    return write_report(store, report, suppress=suppress, pdf_path=pdf_path,
                        xlsx_path=xlsx_path)


def write_report(store: Store, report: m.MonitorReport, *, suppress: bool,
                 pdf_path: Path | None = None, xlsx_path: Path | None = None) -> MonitorFiles:
    """Write a computed (or published) report as PDF and/or workbook, its texts through the
    privacy guard; each file is written atomically and logged as an export (a failed write as
    a failed export). Raises ``ValidationError`` or ``StorageError`` when a file cannot be
    written."""
    shown = guarded_report(report, store_guard(store))
    detail = f"{report.meetmoment.isoformat()} suppress={int(suppress)}" + (
        " as-reported" if report.known_at else "")
    provenance = audit.anchor_of(store).text
    if pdf_path is not None:
        files.export_file(store, pdf_path, pdf_bytes(store, shown, suppress, provenance),
                          files.ExportRecord("monitor", "pdf", detail))
    if xlsx_path is not None:
        files.export_file(store, xlsx_path, workbook_bytes(shown, suppress, provenance),
                          files.ExportRecord("monitor", "xlsx", detail))
    return MonitorFiles(report, Path(pdf_path) if pdf_path else None,
                        Path(xlsx_path) if xlsx_path else None, suppress)
