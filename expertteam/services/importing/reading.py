"""A spreadsheet file as a header row and numbered data rows (.xlsx through openpyxl, .csv).

The header is the first row, below merged title rows and empty rows, in which at least two
cells are headers we recognise. Files
that are too large are refused before anything is read into memory at once."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from expertteam.domain.errors import ValidationError
from expertteam.i18n import _

MAX_ROWS = 5000
MAX_COLUMNS = 60
MAX_BYTES = 20 * 1024 * 1024
HEADER_SEARCH_ROWS = 30
Cell = object


@dataclass(frozen=True, slots=True)
class Sheet:
    headers: tuple[str, ...]
    header_row: int
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]
    """(row number as the spreadsheet shows it, cells), empty rows left out."""


def read_sheet(path: Path, recognised: Callable[[str], bool]) -> Sheet:
    """Read ``path``; ``recognised`` says whether a header text is one of our fields.

    Raises ``ValidationError`` (field ``file``) with a Dutch message for a file that cannot
    be read, is too large, has no header row or is of a kind we do not read (.ods, .xls)."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ValidationError("file", _("Het bestand kan niet worden geopend.")) from exc
    if size > MAX_BYTES:
        raise ValidationError("file", _("Het bestand is te groot om te importeren (meer dan "
                                        "{mb} MB).").format(mb=MAX_BYTES // (1024 * 1024)))
    if suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    elif suffix in (".csv", ".txt"):
        rows = _csv_rows(path)
    elif suffix == ".ods":
        raise ValidationError("file", _("OpenDocument-bestanden (.ods) worden niet gelezen. "
                                        "Sla het bestand in LibreOffice op als Excel-werkmap "
                                        "(.xlsx) of als CSV en importeer dat."))
    else:
        raise ValidationError("file", _("Dit soort bestand wordt niet gelezen; gebruik een "
                                        "Excel-werkmap (.xlsx) of een CSV-bestand."))
    return _sheet(rows, recognised)


def _sheet(rows: Iterable[tuple[Cell, ...]], recognised: Callable[[str], bool]) -> Sheet:
    header: tuple[str, ...] | None = None
    header_row = 0
    data: list[tuple[int, tuple[Cell, ...]]] = []
    for number, raw in enumerate(rows, start=1):
        cells = tuple(raw[:MAX_COLUMNS])
        if header is None:
            texts = tuple("" if c is None else str(c).strip() for c in cells)
            if sum(1 for t in texts if t and recognised(t)) >= 2:
                header, header_row = texts, number
            elif number >= HEADER_SEARCH_ROWS:
                break
            continue
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        if len(data) >= MAX_ROWS:
            raise ValidationError("file", _("Het bestand heeft meer dan {n} rijen; splits het "
                                            "in kleinere bestanden.").format(n=MAX_ROWS))
        data.append((number, cells))
    if header is None:
        raise ValidationError("file", _("Er is geen kopregel met herkenbare kolomnamen "
                                        "gevonden in de eerste {n} rijen.").format(
                                            n=HEADER_SEARCH_ROWS))
    return Sheet(header, header_row, tuple(data))


def _xlsx_rows(path: Path) -> Iterator[tuple[Cell, ...]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ValidationError("file", _("Dit bestand is geen leesbare Excel-werkmap.")) from exc
    try:
        sheet = workbook.worksheets[0]
        yield from sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    finally:
        workbook.close()


def _csv_rows(path: Path) -> Iterator[tuple[Cell, ...]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    sample = text[:20000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    for row in csv.reader(io.StringIO(text), dialect):
        yield tuple(cell if cell.strip() else None for cell in row)
