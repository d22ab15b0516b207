"""The one base of the GUI's table models: a read-only table over a list of plain rows (the
frozen dataclasses services return). A subclass names its ``headers`` and says in ``cell`` how
a cell looks; ``Role.ROW`` gives the row itself and ``Role.ID`` its ``id``."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from expertteam.i18n import _

Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole


class Role(IntEnum):
    ROW = int(Qt.ItemDataRole.UserRole)
    ID = int(Qt.ItemDataRole.UserRole) + 1


class RowTableModel(QAbstractTableModel):
    """A read-only table over a list of plain rows; subclasses say how a cell looks.

    ``headers`` are marked with ``N_()`` and shown through ``_()``."""

    headers: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    @property
    def rows(self) -> list[Any]:
        return self._rows

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    _set = set_rows

    def _row(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY and \
                0 <= section < len(self.headers):
            return _(self.headers[section])
        if orientation == Qt.Orientation.Vertical and role == DISPLAY:
            return section + 1
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or \
                not 0 <= index.column() < len(self.headers):
            return None
        row = self._rows[index.row()]
        if role == Role.ROW:
            return row
        if role == Role.ID:
            return int(row.id)
        return self.cell(row, index.column(), role)

    def cell(self, row: Any, column: int, role: int) -> Any:
        raise NotImplementedError

    def row_of(self, row_id: int) -> int | None:
        return next((n for n, row in enumerate(self._rows) if row.id == row_id), None)
