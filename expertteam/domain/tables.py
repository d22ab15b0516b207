"""The monitor's tables, and how they are published: small counts hidden.

Counts for publication may hide small numbers: a count of children from 1 to 4 shows as ``<5``
(primary suppression), and where a hidden count could be worked out from a total and the other
shown counts of its row or column, a second count (or the total) is hidden as ``x``. A
difference computed from a hidden count is hidden too, and so is a number of days resting on
fewer than five children. Numbers that do not count children (jeugdbeschermers, a caseload)
are never hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from expertteam.i18n import _

SUPPRESSION_THRESHOLD = 5
SUPPRESSED_SMALL = "<5"
SUPPRESSED_DERIVABLE = "x"
NOT_APPLICABLE = "–"

Value = int | float | None


class ColumnKind(StrEnum):
    COUNT = "count"          # a count of children (a part of the row's TOTAL, if any)
    TOTAL = "total"          # the sum of the row's COUNT columns
    PREVIOUS = "previous"    # a count at the previous meetmoment
    CHANGE = "change"        # a difference: of ``sources``, or current TOTAL minus PREVIOUS
    DAYS = "days"            # a duration in days: not a count
    FIGURE = "figure"        # a number that does not count children (never hidden)


@dataclass(frozen=True, slots=True)
class Column:
    """A value column. A CHANGE column may name the value columns it is computed from
    (``sources``, indexes among the value columns); without them it is the row's total (or
    first count) against its PREVIOUS columns."""

    header: str
    kind: ColumnKind
    sources: tuple[int, ...] = ()
    group: str = ""  # a heading over several columns ("Wacht op passende jeugdhulp")

    @property
    def title(self) -> str:
        """The header with its group, where the group is not printed above it."""
        return f"{self.group}: {self.header}" if self.group else self.header


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a table: labels, then one value per value column (None = not applicable).

    ``basis`` is the number of children a DAYS value rests on; ``case_ids`` the cases behind
    the line (for looking them up in the app; never printed); ``day`` the date a line of a
    time series stands for; ``codes`` the national codes of the labels (CBS, KvK; "" where
    none), for the workbook."""

    labels: tuple[str, ...]
    values: tuple[Value, ...]
    basis: int | None = None
    case_ids: tuple[int, ...] = ()
    day: date | None = None
    codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Table:
    key: str
    title: str
    label_headers: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total: Row | None = None
    note: str = ""
    code_headers: tuple[str, ...] = ()  # one per label column that has codes ("" for none)

    @property
    def headers(self) -> tuple[str, ...]:
        return self.label_headers + tuple(column.title for column in self.columns)

    def row(self, *labels: str) -> Row | None:
        for row in self.rows:
            if row.labels == labels:
                return row
        return None


@dataclass(frozen=True, slots=True)
class Cell:
    """A value as published: ``number`` is None where hidden or not applicable."""

    number: int | float | None
    text: str


@dataclass(frozen=True, slots=True)
class ShownRow:
    labels: tuple[str, ...]
    cells: tuple[Cell, ...]
    is_total: bool = False
    day: date | None = None
    codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ShownTable:
    key: str
    title: str
    headers: tuple[str, ...]
    label_count: int
    rows: tuple[ShownRow, ...]
    note: str
    suppressed: bool
    groups: tuple[str, ...] = ()  # per value column: its group ("" for none)
    columns: tuple[str, ...] = ()  # per value column: its header without the group


def change_text(value: int | float) -> str:
    """A change as shown in tables: +3, -2, 0."""
    text = number_text(value)
    return f"+{text}" if value > 0 else text


def number_text(value: int | float) -> str:
    """A whole number as is; a fraction with one decimal and a Dutch comma (15,5)."""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def _plain(value: Value, kind: ColumnKind) -> Cell:
    if value is None:
        return Cell(None, NOT_APPLICABLE)
    return Cell(value, change_text(value) if kind is ColumnKind.CHANGE else number_text(value))


def _is_small(value: Value) -> bool:
    return value is not None and 0 < value < SUPPRESSION_THRESHOLD


_CellKey = tuple[int, int]
_Line = tuple[list[_CellKey], _CellKey | None]


def _secondary(hidden: dict[_CellKey, str], lines: list[_Line],
               value_of: Callable[[_CellKey], Value]) -> None:
    """Hide more cells until no line (parts plus its shown total) has exactly one hidden part.

    A line whose only hidden part could be worked out gets its smallest other non-zero shown
    part hidden; if there is none, its total is hidden."""
    for _round in range(100):
        changed = False
        for parts, total in lines:
            if total is not None and total in hidden:
                continue
            hidden_parts = [cell for cell in parts if cell in hidden]
            if len(hidden_parts) != 1:
                continue
            if total is None:
                continue
            candidates = [cell for cell in parts
                          if cell not in hidden and (value_of(cell) or 0) > 0]
            if candidates:
                chosen = min(candidates, key=lambda cell: (value_of(cell) or 0, cell))
                hidden[chosen] = SUPPRESSED_SMALL if _is_small(value_of(chosen)) \
                    else SUPPRESSED_DERIVABLE
            else:
                hidden[total] = SUPPRESSED_SMALL if _is_small(value_of(total)) \
                    else SUPPRESSED_DERIVABLE
            changed = True
        if not changed:
            return


def _hidden_cells(table: Table, all_rows: list[Row], total_index: int | None,
                  kinds: list[ColumnKind]) -> dict[_CellKey, str]:
    """The cells to hide when small counts are suppressed: the small counts themselves, then
    what they could be derived from (secondary suppression)."""
    hidden: dict[_CellKey, str] = {}

    def value_of(cell: _CellKey) -> Value:
        return all_rows[cell[0]].values[cell[1]]

    countable = (ColumnKind.COUNT, ColumnKind.TOTAL, ColumnKind.PREVIOUS)
    for r, row in enumerate(all_rows):
        for c, kind in enumerate(kinds):
            if kind in countable and _is_small(row.values[c]):
                hidden[(r, c)] = SUPPRESSED_SMALL
    lines: list[_Line] = []
    count_columns = [c for c, kind in enumerate(kinds) if kind is ColumnKind.COUNT]
    total_columns = [c for c, kind in enumerate(kinds) if kind is ColumnKind.TOTAL]
    if count_columns and total_columns:
        for r in range(len(all_rows)):
            lines.append(([(r, c) for c in count_columns], (r, total_columns[0])))
    if total_index is not None:
        for c, kind in enumerate(kinds):
            if kind in countable:
                lines.append(([(r, c) for r in range(len(table.rows))], (total_index, c)))
    _secondary(hidden, lines, value_of)
    _hide_derivable(hidden, table, all_rows, kinds)
    return hidden


def _hide_derivable(hidden: dict[_CellKey, str], table: Table, all_rows: list[Row],
                    kinds: list[ColumnKind]) -> None:
    """A change computed from a hidden count, and a median over fewer than the threshold."""
    total_columns = [c for c, kind in enumerate(kinds) if kind is ColumnKind.TOTAL]
    count_columns = [c for c, kind in enumerate(kinds) if kind is ColumnKind.COUNT]
    reference = total_columns[0] if total_columns else (count_columns[0]
                                                        if count_columns else None)
    previous = [c for c, kind in enumerate(kinds) if kind is ColumnKind.PREVIOUS]
    for r, row in enumerate(all_rows):
        for c, kind in enumerate(kinds):
            if kind is ColumnKind.CHANGE and row.values[c] is not None:
                sources = list(table.columns[c].sources) or (
                    previous + ([reference] if reference is not None else []))
                if any((r, source) in hidden for source in sources):
                    hidden[(r, c)] = SUPPRESSED_DERIVABLE
            elif kind is ColumnKind.DAYS and row.values[c] is not None and \
                    row.basis is not None and row.basis < SUPPRESSION_THRESHOLD:
                hidden[(r, c)] = SUPPRESSED_DERIVABLE


def show_table(table: Table, suppress: bool) -> ShownTable:
    """The table as published: plain numbers, or with small counts hidden (see module doc)."""
    all_rows = list(table.rows) + ([table.total] if table.total is not None else [])
    total_index = len(table.rows) if table.total is not None else None
    kinds = [column.kind for column in table.columns]
    hidden = _hidden_cells(table, all_rows, total_index, kinds) if suppress else {}
    shown: list[ShownRow] = []
    for r, row in enumerate(all_rows):
        cells = tuple(Cell(None, hidden[(r, c)]) if (r, c) in hidden
                      else _plain(row.values[c], kind) for c, kind in enumerate(kinds))
        shown.append(ShownRow(row.labels, cells, is_total=r == total_index, day=row.day,
                              codes=row.codes))
    return ShownTable(table.key, table.title, table.headers, len(table.label_headers),
                      tuple(shown), table.note, suppress,
                      tuple(column.group for column in table.columns),
                      tuple(column.header for column in table.columns))


def suppression_legend() -> str:
    return _("<5 = minder dan vijf kinderen, niet getoond; x = niet getoond omdat het getal "
             "anders uit de andere getallen of het totaal is af te leiden.")
