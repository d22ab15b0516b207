"""The case register as a Qt model: a thin table over ``list[CaseRow]`` with one lowercase,
accent-free search string per row for the filter (``register_filter.py``). Sorting is done by
the model on its Python list (one ``list.sort`` with a key) instead of by the proxy, which would
call back into Python for every comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from expertteam import clock
from expertteam.collector import collector_paused
from expertteam.domain.enums import CaseStatus
from expertteam.domain.search import fold
from expertteam.domain.terms import Term, TermState
from expertteam.formatting import short_date as format_date
from expertteam.gui.table_model import RowTableModel
from expertteam.i18n import _, ngettext
from expertteam.services.case_register import CaseRow

Index = QModelIndex | QPersistentModelIndex

OVERDUE_BACKGROUND = QColor("#fde2e1")
OVERDUE_FOREGROUND = QColor("#1a1a1a")
OVERDUE_FLAG_FOREGROUND = QColor("#9b0000")
_STATUS_ORDER = {status: index for index, status in enumerate(CaseStatus)}


class RegisterColumn(IntEnum):
    CASE_NUMBER = 0
    CHILD = 1
    MUNICIPALITY = 2
    GI = 3
    WAITING_FOR = 4
    DAYS_WAITING = 5
    STATUS = 6
    NEXT_TERM = 7
    OVERDUE = 8

    @property
    def title(self) -> str:
        return {
            RegisterColumn.CASE_NUMBER: _("Casusnummer"),
            RegisterColumn.CHILD: _("Kind"),
            RegisterColumn.MUNICIPALITY: _("Gemeente"),
            RegisterColumn.GI: _("GI"),
            RegisterColumn.WAITING_FOR: _("Wacht op"),
            RegisterColumn.DAYS_WAITING: _("Dagen"),
            RegisterColumn.STATUS: _("Status"),
            RegisterColumn.NEXT_TERM: _("Volgende termijn"),
            RegisterColumn.OVERDUE: _("Verlopen"),
        }[self]

    @property
    def explanation(self) -> str:
        return {
            RegisterColumn.CASE_NUMBER: _("Nummer van de casus bij het expertteam"),
            RegisterColumn.CHILD: _("Naam van het kind, of het pseudoniem als namen verborgen "
                                    "zijn"),
            RegisterColumn.MUNICIPALITY: _("Gemeente met de regie (woonplaatsbeginsel)"),
            RegisterColumn.GI: _("Gecertificeerde instelling die de maatregel uitvoert"),
            RegisterColumn.WAITING_FOR: _("Waarop het kind wacht"),
            RegisterColumn.DAYS_WAITING: _("Aantal kalenderdagen sinds het kind wacht"),
            RegisterColumn.STATUS: _("Fase van de casus bij het expertteam"),
            RegisterColumn.NEXT_TERM: _("Eerstvolgende termijn die nog niet is gehaald"),
            RegisterColumn.OVERDUE: _("Termijnen die verlopen zijn of te laat zijn gehaald"),
        }[self]


class RegisterRole(IntEnum):
    SORT_KEY = int(Qt.ItemDataRole.UserRole)
    CASE_ID = int(Qt.ItemDataRole.UserRole) + 1
    OVERDUE = int(Qt.ItemDataRole.UserRole) + 2


def child_pseudonym(row: CaseRow) -> str:
    """The pseudonym without the case number (which has its own column): "N.V. · 2014"."""
    prefix = f"{row.case_number} · "
    return row.pseudonym[len(prefix):] if row.pseudonym.startswith(prefix) else row.pseudonym


def short_term_label(term: Term) -> str:
    """The term's label without the parenthesised length: "Plan van aanpak"."""
    return term.kind.label.split(" (", 1)[0]


def term_state_label(state: TermState) -> str:
    return {
        TermState.OPEN: _("open"),
        TermState.OVERDUE: _("verlopen"),
        TermState.MET: _("gehaald"),
        TermState.MET_LATE: _("te laat gehaald"),
    }[state]


def overdue_text(row: CaseRow, today: date) -> str:
    if not row.overdue:
        return ""
    open_overdue = sum(1 for t in row.overdue_terms if t.state(today) is TermState.OVERDUE)
    if open_overdue:
        return _("! Verlopen ({n})").format(n=open_overdue)
    return _("! Te laat gehaald ({n})").format(n=row.passed_terms)


def overdue_tooltip(row: CaseRow, today: date) -> str:
    lines = [ngettext("{n} termijn niet op tijd:", "{n} termijnen niet op tijd:",
                      row.passed_terms).format(n=row.passed_terms)]
    for term in row.overdue_terms:
        if term.met_on is None:
            lines.append(_("• {term}: verlopen sinds {due}").format(
                term=term.kind.label, due=format_date(term.due)))
        else:
            lines.append(_("• {term}: te laat gehaald op {met} (uiterlijk {due})").format(
                term=term.kind.label, met=format_date(term.met_on), due=format_date(term.due)))
    return "\n".join(lines)


def _sort_key(column: RegisterColumn, hide_names: bool) -> Callable[[CaseRow], Any]:
    def text_or_last(value: str) -> tuple[bool, str]:
        return (not value, value.casefold())

    match column:
        case RegisterColumn.CASE_NUMBER:
            return lambda row: row.case_number
        case RegisterColumn.CHILD:
            if hide_names:
                return lambda row: row.pseudonym
            return lambda row: row.child_name.casefold()
        case RegisterColumn.MUNICIPALITY:
            return lambda row: text_or_last(row.municipality_name)
        case RegisterColumn.GI:
            return lambda row: text_or_last(row.gi_name)
        case RegisterColumn.WAITING_FOR:
            return lambda row: text_or_last(row.waiting_for.label if row.waiting_for else "")
        case RegisterColumn.DAYS_WAITING:
            return lambda row: -1 if row.days_waiting is None else row.days_waiting
        case RegisterColumn.STATUS:
            return lambda row: _STATUS_ORDER[row.status]
        case RegisterColumn.NEXT_TERM:
            return lambda row: row.next_term.due if row.next_term else date.max
        case RegisterColumn.OVERDUE:
            return lambda row: row.passed_terms


class RegisterModel(RowTableModel):
    """Read-only table over the register rows the service returned."""

    search_texts_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = tuple(column.title for column in RegisterColumn)
        self._rows: list[CaseRow] = []
        self._search: list[str] = []
        self._today = clock.today()
        self._hide_names = False
        self._sort: tuple[RegisterColumn, Qt.SortOrder] | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        # Bumped whenever row order or search texts change, so a proxy knows to recompute.
        self.generation = 0

    # --- data in ----------------------------------------------------------------------
    def set_rows(self, rows: Sequence[CaseRow], today: date | None = None) -> None:
        """The rows, and the day their overdue terms are shown for (default: as before)."""
        self.beginResetModel()
        with collector_paused():  # 20,000 search strings: see case_register.list_register
            self._rows = list(rows)
            self._today = today if today is not None else self._today
            if self._sort is not None:
                self._rows.sort(key=_sort_key(self._sort[0], self._hide_names),
                                reverse=self._sort[1] == Qt.SortOrder.DescendingOrder)
            self._rebuild_search()
        self.endResetModel()

    def set_hide_names(self, hide: bool) -> None:
        """Show pseudonyms instead of names (projector use); search follows what is shown."""
        if hide == self._hide_names:
            return
        self._hide_names = hide
        self._rebuild_search()
        if self._rows:
            column = int(RegisterColumn.CHILD)
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))
        self.search_texts_changed.emit()

    @property
    def hide_names(self) -> bool:
        return self._hide_names

    def _rebuild_search(self) -> None:
        self._search = [self._search_text(row) for row in self._rows]
        self.generation += 1

    def _search_text(self, row: CaseRow) -> str:
        parts = [row.case_number, row.pseudonym if self._hide_names else row.child_name,
                 row.municipality_name, row.gi_name, row.status.label]
        if row.waiting_for is not None:
            parts.append(row.waiting_for.label)
        parts.extend(kind.label for kind in row.blocker_kinds)
        return fold(" ".join(parts))

    # --- data out (plain Python, for the proxy and the page) ---------------------------
    def search_texts(self) -> list[str]:
        return self._search

    def row_at(self, row: int) -> CaseRow:
        return self._rows[row]

    def source_row_of(self, case_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if row.id == case_id:
                return number
        return None

    # --- Qt model interface (rows, columns and flags from RowTableModel) ---------------
    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(RegisterColumn):
            return None
        column = RegisterColumn(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.explanation
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = RegisterColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(OVERDUE_BACKGROUND) if row.overdue else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.overdue:
                colour = OVERDUE_FLAG_FOREGROUND if column is RegisterColumn.OVERDUE \
                    else OVERDUE_FOREGROUND
                return QBrush(colour)
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if column is RegisterColumn.OVERDUE and row.overdue else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column is RegisterColumn.DAYS_WAITING:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == RegisterRole.SORT_KEY:
            return _sort_key(column, self._hide_names)(row)
        if role == RegisterRole.CASE_ID:
            return row.id
        if role == RegisterRole.OVERDUE:
            return row.overdue
        return None

    def _display(self, row: CaseRow, column: RegisterColumn) -> str:
        match column:
            case RegisterColumn.CASE_NUMBER:
                return row.case_number
            case RegisterColumn.CHILD:
                return child_pseudonym(row) if self._hide_names else row.child_name
            case RegisterColumn.MUNICIPALITY:
                return row.municipality_name
            case RegisterColumn.GI:
                return row.gi_name
            case RegisterColumn.WAITING_FOR:
                return row.waiting_for.label if row.waiting_for else ""
            case RegisterColumn.DAYS_WAITING:
                return "" if row.days_waiting is None else str(row.days_waiting)
            case RegisterColumn.STATUS:
                return row.status.label
            case RegisterColumn.NEXT_TERM:
                if row.next_term is None:
                    return ""
                return f"{format_date(row.next_term.due)} · {short_term_label(row.next_term)}"
            case RegisterColumn.OVERDUE:
                return overdue_text(row, self._today)

    def _tooltip(self, row: CaseRow, column: RegisterColumn) -> str | None:
        if column is RegisterColumn.OVERDUE or (row.overdue and column is
                                                RegisterColumn.NEXT_TERM):
            return overdue_tooltip(row, self._today) if row.overdue else None
        if column is RegisterColumn.NEXT_TERM and row.next_term is not None:
            term = row.next_term
            return _("{term}, uiterlijk {due} ({state})").format(
                term=term.kind.label, due=format_date(term.due),
                state=term_state_label(term.state(self._today)))
        if column in (RegisterColumn.MUNICIPALITY, RegisterColumn.GI, RegisterColumn.CHILD,
                      RegisterColumn.WAITING_FOR):
            text = self._display(row, column)
            return text or None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(RegisterColumn):
            self._sort = None
            return
        self._sort = (RegisterColumn(column), order)
        self.layoutAboutToBeChanged.emit()
        key = _sort_key(RegisterColumn(column), self._hide_names)
        rows = self._rows
        permutation = sorted(range(len(rows)), key=lambda number: key(rows[number]),
                             reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = [rows[number] for number in permutation]
        self._search = [self._search[number] for number in permutation]
        self.generation += 1
        new_position = [0] * len(permutation)
        for new, old in enumerate(permutation):
            new_position[old] = new
        persistent = self.persistentIndexList()
        moved = [self.index(new_position[index.row()], index.column()) for index in persistent]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()
