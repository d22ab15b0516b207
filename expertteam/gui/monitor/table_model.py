"""A read-only Qt model over one published monitor table (``ShownTable``)."""

from __future__ import annotations

import textwrap
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from expertteam.domain import tables as t

Index = QModelIndex | QPersistentModelIndex


class MonitorRole(IntEnum):
    CASE_IDS = Qt.ItemDataRole.UserRole + 1
    NUMBER = Qt.ItemDataRole.UserRole + 2


class ShownTableModel(QAbstractTableModel):
    """Labels left, numbers right; the total row bold; the cases behind each row as a role."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._shown: t.ShownTable | None = None
        self._case_ids: tuple[tuple[int, ...], ...] = ()

    def set_table(self, table: t.Table, suppress: bool) -> None:
        self.beginResetModel()
        self._shown = t.show_table(table, suppress)
        rows = list(table.rows) + ([table.total] if table.total is not None else [])
        self._case_ids = tuple(row.case_ids for row in rows)
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._shown, self._case_ids = None, ()
        self.endResetModel()

    @property
    def shown(self) -> t.ShownTable | None:
        return self._shown

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self._shown is None else len(self._shown.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self._shown is None else len(self._shown.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._shown is None or orientation is not Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._shown.headers[section]
            # A long header over lines keeps a wide table on the screen.
            return textwrap.fill(text, 18) if section >= self._shown.label_count else text
        if role == Qt.ItemDataRole.TextAlignmentRole and section >= self._shown.label_count:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._shown is None or not index.isValid():
            return None
        row = self._shown.rows[index.row()]
        column = index.column()
        labels = self._shown.label_count
        if role == Qt.ItemDataRole.DisplayRole:
            return row.labels[column] if column < labels else row.cells[column - labels].text
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= labels:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.is_total:
            font = QFont()
            font.setBold(True)
            return font
        if role == MonitorRole.CASE_IDS:
            return list(self._case_ids[index.row()])
        if role == MonitorRole.NUMBER and column >= labels:
            return row.cells[column - labels].number
        return None

    def case_ids(self, row: int) -> tuple[int, ...]:
        return self._case_ids[row] if 0 <= row < len(self._case_ids) else ()

    def row_title(self, row: int) -> str:
        if self._shown is None or not 0 <= row < len(self._shown.rows):
            return ""
        labels = " · ".join(label for label in self._shown.rows[row].labels if label)
        return f"{self._shown.title}: {labels}"
