"""Figures that add up across regions: the anonymous aggregate export, and combining the
aggregates of several regions into one national workbook.

The aggregate holds counts only (no case, no child), per GI × gemeente × jeugdregio, with the
CBS codes of the gemeente (GMxxxx) and the jeugdregio (JZxx) and the GI's KvK number, and states
its meetmoment and definitions version. ``combine_files`` adds files of the same meetmoment and
definitions up (``domain/aggregate.py``) and writes a workbook of the same layout, so that
combined files can be combined again (regions → accounthoudende regio → national).
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from expertteam import formatting as fmt
from expertteam.documents.render_lock import rendered
from expertteam.domain import aggregate as agg
from expertteam.domain import monitor as m
from expertteam.domain import tables as t
from expertteam.domain.aggregate import AggregateRow
from expertteam.domain.errors import StorageError, ValidationError
from expertteam.i18n import N_, _
from expertteam.services.files import ExportRecord, export_file, write_atomically
from expertteam.services.monitor import monitor_at
from expertteam.services.store import Store

SHEET = "Cijfers"
INFO_SHEET = "Toelichting"
SOURCES_SHEET = "Bronnen"
KIND_LABEL = N_("Soort bestand")
MEETMOMENT_LABEL = N_("Meetmoment")
DEFINITIONS_LABEL = N_("Definities")
REGION_CODE_LABEL = N_("Jeugdregio (CBS-code)")
REGION_LABEL = N_("Jeugdregio")
TEAM_LABEL = N_("Expertteam")
SUPPRESSED_LABEL = N_("Kleine aantallen afgeschermd")


# --------------------------------------------------------------------------- one region

def aggregate_rows(report: m.MonitorReport, suppress: bool) -> list[AggregateRow]:
    """The report's counts per GI × gemeente, hidden as published when ``suppress``."""
    comparison = t.show_table(report.table(m.GI_REPORT_KEY), suppress)
    capacity = {row.labels: row for row in report.table(m.GI_CAPACITY_KEY).rows}
    rows = []
    for row in comparison.rows:
        if row.is_total:
            continue
        own_vjb, gi_vjb, _d1, own_pj, gi_pj, _d2 = (_published(cell) for cell in row.cells)
        staff = capacity.get(row.labels)
        gi_code, municipality_code = (*row.codes, "", "")[:2]
        rows.append(AggregateRow(
            report.region_code, report.region_name, municipality_code, row.labels[1], gi_code,
            row.labels[0],
            (own_pj, own_vjb, gi_vjb, gi_pj,
             *(staff.values if staff is not None else (None, None, None)))))
    return rows


def _published(cell: t.Cell) -> agg.Cell:
    if cell.number is not None:
        return cell.number
    return None if cell.text == t.NOT_APPLICABLE else cell.text


@dataclass(frozen=True, slots=True)
class RegionFile:
    """An aggregate as read back."""

    path: Path
    meetmoment: date
    definitions: str
    region_code: str
    region_name: str
    team_name: str
    suppressed: bool
    rows: tuple[AggregateRow, ...]


def _info(kind: str, meetmoment: date, definitions: str, region_code: str, region_name: str,
          team: str, suppressed: bool) -> list[tuple[str, Any]]:
    return [(_(KIND_LABEL), kind), (_(MEETMOMENT_LABEL), meetmoment),
            (_(DEFINITIONS_LABEL), definitions), (_(REGION_CODE_LABEL), region_code),
            (_(REGION_LABEL), region_name), (_(TEAM_LABEL), team),
            (_(SUPPRESSED_LABEL), _("ja") if suppressed else _("nee"))]


def aggregate_bytes(report: m.MonitorReport, suppress: bool) -> bytes:
    """The anonymous aggregate of one region's monitor as a workbook."""
    info = _info(_(agg.KIND), report.meetmoment, report.definitions, report.region_code,
                 report.region_name, report.team_name, suppress)
    notes = [_("Alleen aantallen, geen gegevens van kinderen. Per GI, gemeente en jeugdregio; "
               "codes van het CBS (gemeente GMxxxx, jeugdregio JZxx) en het KvK-nummer van de "
               "GI."), m.view_text(report)]
    return _workbook(info, notes, aggregate_rows(report, suppress), extra=())


def export_aggregate(store: Store, meetmoment: date, path: Path, *, suppress: bool = True,
                     previous: date | None = None) -> Path:
    """Write the anonymous aggregate of the monitor at ``meetmoment`` to ``path``; logged as an
    export. Raises ``ValidationError`` for wrong dates, ``StorageError`` when the file cannot
    be written."""
    report = monitor_at(store, meetmoment, previous)
    return export_file(store, path, aggregate_bytes(report, suppress), ExportRecord(
        "monitor", "aggregate", f"{meetmoment.isoformat()} suppress={int(suppress)}"))


# --------------------------------------------------------------------------- the workbook

@rendered
def _workbook(info: Sequence[tuple[str, Any]], notes: Sequence[str],
              rows: Sequence[AggregateRow],
              extra: Sequence[tuple[str, Sequence[AggregateRow]]],
              sources: Sequence[RegionFile] = ()) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    book = Workbook()
    sheet = book.active
    sheet.title = INFO_SHEET
    sheet.append([_("Onderdeel"), _("Waarde")])
    for label, value in info:
        sheet.append([label, value])
        if isinstance(value, date):
            sheet.cell(row=sheet.max_row, column=2).number_format = "DD-MM-YYYY"
    sheet.append([])
    for note in notes:
        sheet.append([_("Toelichting"), note])
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 100
    for cell in sheet[1]:
        cell.font = bold
    for title, part in ((SHEET, rows), *extra):
        data = book.create_sheet(title)
        data.append(agg.headers())
        for row in part:
            data.append([row.region_code, row.region_name, row.municipality_code,
                         row.municipality_name, row.gi_code, row.gi_name, *row.values])
            for index, value in enumerate(row.values, start=7):
                if isinstance(value, float):
                    data.cell(row=data.max_row, column=index).number_format = "0.0"
        for cell in data[1]:
            cell.font = bold
        data.freeze_panes = "G2"
        for letter, width in zip("ABCDEFGHIJKLM", (12, 22, 12, 22, 14, 34) + (16,) * 7,
                                 strict=True):
            data.column_dimensions[letter].width = width
    if sources:
        listing = book.create_sheet(SOURCES_SHEET)
        listing.append([_("Bestand"), _(REGION_CODE_LABEL), _(REGION_LABEL), _(TEAM_LABEL),
                        _(SUPPRESSED_LABEL)])
        for source in sources:
            listing.append([source.path.name, source.region_code, source.region_name,
                            source.team_name, _("ja") if source.suppressed else _("nee")])
        for cell in listing[1]:
            cell.font = bold
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- reading, combining

@rendered
def read_aggregate(path: Path) -> RegionFile:
    """An aggregate workbook read back. Raises ``ValidationError`` for a file that is not
    one (naming the file), ``StorageError`` when it cannot be opened."""
    from openpyxl import load_workbook

    name = Path(path).name
    try:
        book = load_workbook(Path(path), read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise StorageError(_("Het bestand {name} kon niet worden geopend als Excel-werkmap "
                             "(.xlsx).").format(name=name)) from exc
    try:
        if INFO_SHEET not in book.sheetnames or SHEET not in book.sheetnames:
            raise ValidationError("files", _(
                "{name} is geen geaggregeerde monitor (de tabbladen ‘{info}’ en ‘{sheet}’ "
                "ontbreken).").format(name=name, info=INFO_SHEET, sheet=SHEET))
        info = {str(row[0]): row[1] for row in book[INFO_SHEET].iter_rows(values_only=True)
                if row and row[0]}
        lines = list(book[SHEET].iter_rows(values_only=True))
    finally:
        book.close()
    if info.get(_(KIND_LABEL)) != _(agg.KIND):
        raise ValidationError("files", _("{name} is geen geaggregeerde monitor (‘{label}’ "
                                         "is niet ‘{kind}’).").format(
            name=name, label=_(KIND_LABEL), kind=_(agg.KIND)))
    moment = info.get(_(MEETMOMENT_LABEL))
    meetmoment = moment.date() if isinstance(moment, datetime) else moment
    if not isinstance(meetmoment, date):
        raise ValidationError("files", _("{name} vermeldt geen meetmoment.").format(name=name))
    if not lines or [str(cell or "") for cell in lines[0]][:len(agg.headers())] != \
            agg.headers():
        raise ValidationError("files", _("{name}: de kolommen van ‘{sheet}’ zijn niet die van "
                                         "de geaggregeerde monitor.").format(name=name,
                                                                             sheet=SHEET))
    size = len(agg.KEYS)
    rows = []
    for line in lines[1:]:
        if not any(cell not in (None, "") for cell in line):
            continue
        region_code, region, mun_code, mun, gi_code, gi = (str(c or "") for c in line[:size])
        rows.append(AggregateRow(region_code, region, mun_code, mun, gi_code, gi, tuple(
            _read_cell(cell) for cell in line[size:len(agg.headers())])))
    return RegionFile(Path(path), meetmoment, str(info.get(_(DEFINITIONS_LABEL)) or ""),
                      str(info.get(_(REGION_CODE_LABEL)) or ""),
                      str(info.get(_(REGION_LABEL)) or ""), str(info.get(_(TEAM_LABEL)) or ""),
                      info.get(_(SUPPRESSED_LABEL)) == _("ja"), tuple(rows))


def _read_cell(value: object) -> agg.Cell:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    return str(value)


@dataclass(frozen=True, slots=True)
class Combined:
    meetmoment: date
    definitions: str
    sources: tuple[RegionFile, ...]
    rows: tuple[AggregateRow, ...]
    path: Path


def combine_files(paths: Sequence[Path], output: Path, *, suppress: bool = False) -> Combined:
    """Add the aggregates in ``paths`` up into one workbook at ``output``: per GI × gemeente ×
    jeugdregio, and totals per GI and per jeugdregio. With ``suppress`` counts from 1 to 4 are
    hidden and totals that would reveal them too.

    Raises ``ValidationError`` (field ``files``) for fewer than two files, a file that is not
    an aggregate, or files of different meetmomenten or definitions; ``StorageError`` when a
    file cannot be read or written."""
    if len(paths) < 2:
        raise ValidationError("files", _("Geef ten minste twee bestanden om op te tellen."))
    files = [read_aggregate(path) for path in paths]
    first = files[0]
    for other in files[1:]:
        if other.meetmoment != first.meetmoment:
            raise ValidationError("files", _(
                "{a} gaat over meetmoment {da}, {b} over {db}. Alleen cijfers van hetzelfde "
                "meetmoment kunnen worden opgeteld.").format(
                a=first.path.name, da=fmt.short_date(first.meetmoment), b=other.path.name,
                db=fmt.short_date(other.meetmoment)))
        if other.definitions != first.definitions:
            raise ValidationError("files", _(
                "{a} is gemaakt met definities versie {va}, {b} met versie {vb}. Alleen cijfers "
                "met dezelfde definities kunnen worden opgeteld; maak de bestanden opnieuw met "
                "dezelfde versie van de app.").format(
                a=first.path.name, va=first.definitions or "?", b=other.path.name,
                vb=other.definitions or "?"))
    rows = agg.combine(row for source in files for row in source.rows)
    if suppress:
        rows = [_hide_small(row) for row in rows]
    per_gi = agg.totals(rows, agg.gi_of, lambda code, name: ("", _("alle"), "", _("alle"),
                                                              code, name))
    per_region = agg.totals(rows, agg.region_of, lambda code, name: (code, name, "",
                                                                      _("alle"), "",
                                                                      _("alle")))
    everything = agg.add_up(rows, ("", _("Totaal"), "", "", "", ""))
    hidden = suppress or any(source.suppressed for source in files)
    info = _info(_(agg.KIND), first.meetmoment, first.definitions,
                 ", ".join(sorted({s.region_code for s in files if s.region_code})),
                 _("{n} bestanden opgeteld").format(n=len(files)), "", hidden)
    notes = [_("Opgeteld uit {n} bestanden (tabblad ‘{sheet}’). Aantallen zijn opgeteld; de "
               "gemiddelde caseload weegt naar het aantal jeugdbeschermers, de wachttijd naar "
               "het aantal kinderen dat op een vaste jeugdbeschermer wacht.").format(
        n=len(files), sheet=SOURCES_SHEET)]
    if hidden:
        notes.append(_("x = niet op te tellen of af te leiden omdat een deel ervan is "
                       "afgeschermd (minder dan vijf kinderen)."))
    write_atomically(output, _workbook(  # counts only, from files: no database to log in
        info, notes, rows, ((_("Per GI"), per_gi), (_("Per jeugdregio"), per_region),
                            (_("Totaal"), [everything])), files))
    return Combined(first.meetmoment, first.definitions, tuple(files), tuple(rows),
                    Path(output))


def _hide_small(row: AggregateRow) -> AggregateRow:
    values = tuple(t.SUPPRESSED_SMALL if how is agg.Measure.COUNT and key != "gi_staff" and
                   isinstance(value, int | float) and 0 < value < t.SUPPRESSION_THRESHOLD
                   else value for (key, _header, how), value in zip(agg.VALUES, row.values,
                                                                     strict=True))
    return AggregateRow(row.region_code, row.region_name, row.municipality_code,
                        row.municipality_name, row.gi_code, row.gi_name, values)
