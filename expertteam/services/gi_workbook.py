"""The GI's spreadsheet: a template to fill in, and reading it back.

The layout is simple and documented in the template itself (sheet "Toelichting"): a sheet
"GI-cijfers" whose first row holds the column headers below (in any order; letter case and
spaces do not matter), then one row per GI × gemeente. A GI is found by its KvK number or its
name, a gemeente by its CBS code or its name; an empty number means "not reported".

    Meetmoment | GI | KvK-nummer GI | Gemeente | CBS-code gemeente |
    Wacht op vaste jeugdbeschermer | Wacht op passende jeugdhulp | Aantal jeugdbeschermers |
    Gemiddelde caseload | Gemiddelde wachttijd maatregel (dagen)
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from expertteam import formatting as fmt
from expertteam.documents.render_lock import rendered
from expertteam.domain.enums import AuditAction, OrganisationKind
from expertteam.domain.errors import StorageError, ValidationError
from expertteam.i18n import N_, _
from expertteam.services import audit, files, organisations
from expertteam.services.gi_figures import NUMBERS, GiFigureInput, grid_rows
from expertteam.services.organisations import OrganisationInfo
from expertteam.services.store import Store

SHEET = "GI-cijfers"
INFO_SHEET = "Toelichting"
MEETMOMENT = N_("Meetmoment")
GI = N_("GI")
GI_CODE = N_("KvK-nummer GI")
MUNICIPALITY = N_("Gemeente")
MUNICIPALITY_CODE = N_("CBS-code gemeente")


def headers() -> list[str]:
    return [_(MEETMOMENT), _(GI), _(GI_CODE), _(MUNICIPALITY), _(MUNICIPALITY_CODE),
            *(_(header) for _name, header, _whole in NUMBERS)]


def _key(text: object) -> str:
    return " ".join(str(text or "").split()).casefold()


# --------------------------------------------------------------------------- the template

@rendered
def template_bytes(store: Store, meetmoment: date, gi_id: int | None = None) -> bytes:
    """A workbook for the GI's to fill in: one row per GI × gemeente (of one GI when
    ``gi_id`` is given), with the figures already stored for ``meetmoment``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    codes = {org.id: org for org in organisations.list_organisations(
        store, (OrganisationKind.GI, OrganisationKind.MUNICIPALITY), include_inactive=True)}
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(headers())
    for row in grid_rows(store, meetmoment):
        if gi_id is not None and row.gi_id != gi_id:
            continue
        gi, mun = codes.get(row.gi_id), codes.get(row.municipality_id)
        sheet.append([meetmoment, row.gi_name, gi.kvk_number if gi else "",
                      row.municipality_name, mun.cbs_code if mun else "",
                      *(getattr(row, name) for name, _header, _whole in NUMBERS)])
        sheet.cell(row=sheet.max_row, column=1).number_format = "DD-MM-YYYY"
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    for column, width in zip("ABCDEFGHIJ", (13, 34, 15, 22, 17, 16, 16, 15, 13, 18),
                             strict=True):
        sheet.column_dimensions[column].width = width
    info = book.create_sheet(INFO_SHEET)
    for line in _explanation(meetmoment):
        info.append([line])
    info.column_dimensions["A"].width = 110
    info["A1"].font = bold
    buffer = BytesIO()
    book.save(buffer)
    audit.record_now(store, AuditAction.EXPORT, "gi_figure", meetmoment.isoformat(),
                     detail="template")
    return buffer.getvalue()


def write_template(store: Store, meetmoment: date, path: Path) -> Path:
    """The template (``template_bytes``) written to ``path`` atomically, logged as an export.
    Raises ``ValidationError`` or ``StorageError`` when it cannot be written."""
    return files.export_file(store, path, template_bytes(store, meetmoment), files.ExportRecord(
        "monitor", "gi-template", meetmoment.isoformat()))


def _explanation(meetmoment: date) -> list[str]:
    return [
        _("Cijfers van de GI voor de regionale monitor, meetmoment {date}").format(
            date=fmt.long_date(meetmoment)),
        "",
        _("Vul per GI en gemeente de aantallen in zoals ze op het meetmoment waren. Laat een "
          "cel leeg als u dat cijfer niet hebt; vul 0 in als het er geen zijn."),
        _("Wacht op vaste jeugdbeschermer: kinderen met een maatregel die nog geen vaste "
          "jeugdbeschermer hebben."),
        _("Wacht op passende jeugdhulp: kinderen met een maatregel voor wie de passende "
          "jeugdhulp (ook een plaatsing) nog niet is gestart."),
        _("Aantal jeugdbeschermers: het aantal jeugdbeschermers dat voor deze gemeente "
          "werkt (personen)."),
        _("Gemiddelde caseload: het gemiddelde aantal kinderen per fulltime "
          "jeugdbeschermer, met één decimaal."),
        _("Gemiddelde wachttijd maatregel: gemiddeld aantal dagen tussen de uitspraak en de "
          "start van de uitvoering door een vaste jeugdbeschermer."),
        "",
        _("Laat de kolommen GI, KvK-nummer GI, Gemeente en CBS-code gemeente staan: daaraan "
          "herkent het expertteam de regel. Extra kolommen of een andere volgorde mogen."),
    ]


# --------------------------------------------------------------------------- reading it back

@dataclass(frozen=True, slots=True)
class ReadFigures:
    rows: tuple[GiFigureInput, ...]
    skipped: int  # rows without any number


@rendered
def read_gi_workbook(store: Store, path: Path, meetmoment: date) -> ReadFigures:
    """The figures in a GI's spreadsheet for ``meetmoment`` (not yet saved).

    Raises ``ValidationError`` naming the row and column of anything it cannot read (an
    unknown GI or gemeente, a number that is not one, another meetmoment), ``StorageError``
    when the file cannot be opened."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(Path(path), read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise StorageError(_("Het bestand {name} is geen Excel-werkmap die gelezen kan worden "
                             "(.xlsx).").format(name=Path(path).name)) from exc
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        lines = list(sheet.iter_rows(values_only=True))
    finally:
        book.close()
    if not lines:
        raise ValidationError("file", _("Het tabblad {sheet} is leeg.").format(sheet=SHEET))
    columns = {_key(header): index for index, header in enumerate(lines[0]) if header}
    numbers = [(name, _(header), whole, columns.get(_key(_(header))))
               for name, header, whole in NUMBERS]
    if all(column is None for *_rest, column in numbers):
        raise ValidationError("file", _(
            "Geen van de kolommen met cijfers gevonden; de eerste rij moet de kopjes van het "
            "sjabloon bevatten, zoals ‘{header}’.").format(header=_(NUMBERS[0][1])))
    finder = _Finder(store, columns)
    rows: list[GiFigureInput] = []
    skipped = 0
    for number, line in enumerate(lines[1:], start=2):
        if not any(value not in (None, "") for value in line):
            continue
        _check_meetmoment(line, columns.get(_key(_(MEETMOMENT))), number, meetmoment)
        gi_id, municipality_id = finder.find(line, number)
        values = {name: _number(line, column, number, label, whole)
                  for name, label, whole, column in numbers}
        figure = GiFigureInput.of(gi_id, municipality_id, values)
        if figure.empty:
            skipped += 1
            continue
        rows.append(figure)
    return ReadFigures(tuple(rows), skipped)


def _cell(line: tuple[Any, ...], column: int | None) -> Any:
    return line[column] if column is not None and column < len(line) else None


def _where(number: int, header: str) -> str:
    return _("Rij {row}, kolom ‘{column}’").format(row=number, column=header)


def _check_meetmoment(line: tuple[Any, ...], column: int | None, number: int,
                      meetmoment: date) -> None:
    value = _cell(line, column)
    if value in (None, ""):
        return
    day = value.date() if isinstance(value, datetime) else value
    if not isinstance(day, date):
        day = fmt.parse_date(str(value))
    if day is None:
        raise ValidationError("file", _("{where}: ‘{value}’ is geen datum.").format(
            where=_where(number, _(MEETMOMENT)), value=value))
    if day != meetmoment:
        raise ValidationError("file", _(
            "{where}: het meetmoment {found} is niet het gekozen meetmoment {chosen}. Kies dat "
            "meetmoment of pas het bestand aan.").format(
            where=_where(number, _(MEETMOMENT)), found=fmt.short_date(day),
            chosen=fmt.short_date(meetmoment)))


def _number(line: tuple[Any, ...], column: int | None, number: int, label: str,
            whole: bool) -> int | float | None:
    value = _cell(line, column)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        text = value.strip().replace(".", "").replace(",", ".") if whole else \
            value.strip().replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            raise ValidationError("file", _("{where}: ‘{value}’ is geen getal.").format(
                where=_where(number, label), value=value)) from None
    if not isinstance(value, int | float):
        raise ValidationError("file", _("{where}: ‘{value}’ is geen getal.").format(
            where=_where(number, label), value=value))
    if whole:
        if float(value) != int(value):
            raise ValidationError("file", _("{where}: vul een heel getal in, niet {value}.")
                                  .format(where=_where(number, label), value=value))
        return int(value)
    return float(value)


class _Finder:
    """Finds a row's GI and gemeente by code or by name."""

    def __init__(self, store: Store, columns: dict[str, int]) -> None:
        everyone = organisations.list_organisations(
            store, (OrganisationKind.GI, OrganisationKind.MUNICIPALITY), include_inactive=True)
        self.gis = [org for org in everyone if org.kind is OrganisationKind.GI]
        self.municipalities = [org for org in everyone
                               if org.kind is OrganisationKind.MUNICIPALITY]
        self.columns = {name: columns.get(_key(_(header))) for name, header in (
            ("gi", GI), ("gi_code", GI_CODE), ("municipality", MUNICIPALITY),
            ("municipality_code", MUNICIPALITY_CODE))}
        if self.columns["gi"] is None and self.columns["gi_code"] is None:
            raise ValidationError("file", _("De kolom ‘{a}’ of ‘{b}’ ontbreekt.").format(
                a=_(GI), b=_(GI_CODE)))
        if self.columns["municipality"] is None and self.columns["municipality_code"] is None:
            raise ValidationError("file", _("De kolom ‘{a}’ of ‘{b}’ ontbreekt.").format(
                a=_(MUNICIPALITY), b=_(MUNICIPALITY_CODE)))

    def find(self, line: tuple[Any, ...], number: int) -> tuple[int, int]:
        gi = self._one(self.gis, line, "gi", "gi_code", lambda o: o.kvk_number, number,
                       _(GI))
        mun = self._one(self.municipalities, line, "municipality", "municipality_code",
                        lambda o: o.cbs_code, number, _(MUNICIPALITY))
        return gi, mun

    def _one(self, candidates: list[OrganisationInfo], line: tuple[Any, ...], name_column: str,
             code_column: str, code_of: Any, number: int, label: str) -> int:
        code = _key(_cell(line, self.columns[code_column]))
        name = _key(_cell(line, self.columns[name_column]))
        if code:
            found = [org for org in candidates if _key(code_of(org)) == code]
            if found:
                return found[0].id
        if name:
            found = [org for org in candidates if _key(org.name) == name]
            if found:
                return found[0].id
        shown = _cell(line, self.columns[name_column]) or _cell(line, self.columns[code_column])
        raise ValidationError("file", _(
            "Rij {row}: {what} ‘{value}’ is niet bekend. Voeg die toe onder Organisaties of "
            "gebruik de naam of code zoals die daar staat.").format(
            row=number, what=label.lower() if label != "GI" else label, value=shown or ""))
