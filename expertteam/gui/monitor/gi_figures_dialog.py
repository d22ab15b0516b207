"""The GI's figures of a meetmoment in a grid: typed in, or read from the GI's spreadsheet.

One row per GI × gemeente; type a number and press Enter to go down, Tab to go right. An empty
cell means "not reported". Reading a spreadsheet fills the grid; nothing is stored until
"Opslaan" (``services/gi_figures.py``, ``services/gi_workbook.py``).
"""

from __future__ import annotations

import textwrap
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from expertteam import formatting as fmt
from expertteam.domain.errors import ExpertteamError
from expertteam.gui import operations
from expertteam.gui.changes import Change
from expertteam.gui.table_model import DISPLAY, Index, RowTableModel
from expertteam.gui.widgets import error_label, fill_combo
from expertteam.i18n import N_, _
from expertteam.services import gi_figures, gi_workbook
from expertteam.services.gi_figures import NUMBERS, GiFigureInput, GiFigureRow
from expertteam.services.store import Store

LABELS = 2  # GI, gemeente


def parse_number(text: str, whole: bool) -> int | float | None:
    """A number as typed: "12", "14,5"; empty is None. Raises ``ValueError`` otherwise."""
    value = text.strip().replace(",", ".")
    if not value:
        return None
    number = float(value)
    if whole:
        if number != int(number):
            raise ValueError(text)
        return int(number)
    return number


class GiGridModel(RowTableModel):
    """GI × gemeente rows; the number columns can be edited."""

    headers = (N_("GI"), N_("Gemeente"), *(header for _n, header, _w in NUMBERS))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problem = ""  # why the last edit was refused

    def cell(self, row: GiFigureRow, column: int, role: int) -> Any:
        if column < LABELS:
            return (row.gi_name, row.municipality_name)[column] if role == DISPLAY else None
        name, _header, whole = NUMBERS[column - LABELS]
        value = getattr(row, name)
        if role in (DISPLAY, Qt.ItemDataRole.EditRole):
            if value is None:
                return ""
            return str(value) if whole else f"{value:.1f}".replace(".", ",")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = DISPLAY) -> Any:
        text = super().headerData(section, orientation, role)
        if orientation is Qt.Orientation.Horizontal and role == DISPLAY and \
                section >= LABELS and isinstance(text, str):
            return textwrap.fill(text, 16)  # narrow number columns, headers over lines
        return text

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() >= LABELS:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any,  # noqa: N802 - Qt naming
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() < LABELS or role != Qt.ItemDataRole.EditRole:
            return False
        name, header, whole = NUMBERS[index.column() - LABELS]
        try:
            number = parse_number(str(value), whole)
        except ValueError:
            self.problem = _("{label}: ‘{value}’ is geen {kind}.").format(
                label=_(header), value=value, kind=_("heel getal") if whole else _("getal"))
            return False
        self.problem = ""
        self.rows[index.row()] = replace(self.rows[index.row()], **{name: number})
        self.dataChanged.emit(index, index)
        return True

    def merge(self, figures: tuple[GiFigureInput, ...]) -> int:
        """Put read figures into their rows; returns how many rows they filled."""
        by_key = {(f.gi_id, f.municipality_id): f for f in figures}
        filled = 0
        for number, row in enumerate(self.rows):
            found = by_key.get((row.gi_id, row.municipality_id))
            if found is not None:
                self.rows[number] = replace(row, **{name: getattr(found, name)
                                                    for name, _h, _w in NUMBERS})
                filled += 1
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1,
                                                           self.columnCount() - 1))
        return filled


class _Grid(QTableView):
    """Enter commits the number and goes to the row below, as in a spreadsheet."""

    def closeEditor(self, editor: QWidget,  # noqa: N802 - Qt naming
                    hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint is QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            current = self.currentIndex()
            below = current.sibling(current.row() + 1, current.column())
            if below.isValid():
                self.setCurrentIndex(below)
            return
        super().closeEditor(editor, hint)


class GiFiguresDialog(QDialog):
    """Enter or import the GI figures of ``meetmoment``."""

    def __init__(self, store: Store, meetmoment: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self.meetmoment = store, meetmoment
        self.setWindowTitle(_("Cijfers van de GI's op {date}").format(
            date=fmt.long_date(meetmoment)))
        intro = QLabel(_(
            "Wat de GI's per gemeente opgeven, naast de eigen casussen van het expertteam. Typ "
            "een getal en druk op Enter voor de regel eronder; leeg = niet opgegeven. Of lees "
            "het ingevulde sjabloon van een GI in en sla daarna op."))
        intro.setWordWrap(True)
        self.model = GiGridModel(self)
        self.model.set_rows(gi_figures.grid_rows(store, meetmoment))
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(0)
        self.grid = _Grid()
        self.grid.setModel(self.proxy)
        self.grid.setAccessibleName(_("GI-cijfers"))
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                  | QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setAlternatingRowColors(True)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(110)
        header.setMinimumSectionSize(60)
        self.grid.setWordWrap(True)
        header.setFixedHeight(header.fontMetrics().lineSpacing() * 4 + 12)
        self.gi_filter = QComboBox()
        gis = sorted({(row.gi_name, row.gi_name) for row in self.model.rows})
        fill_combo(self.gi_filter, gis, empty_label=_("Alle GI's"))
        self.gi_filter.currentIndexChanged.connect(self._filter)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.error = error_label()
        self.template_button = QPushButton(_("&Sjabloon opslaan…"))
        self.import_button = QPushButton(_("Spreadsheet &inlezen…"))
        self.save_button = QPushButton(_("&Opslaan"))
        self.close_button = QPushButton(_("Sluiten"))
        for button in (self.template_button, self.import_button, self.close_button):
            button.setAutoDefault(False)
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        filter_row = QHBoxLayout()
        label = QLabel(_("&Toon"))
        label.setBuddy(self.gi_filter)
        filter_row.addWidget(label)
        filter_row.addWidget(self.gi_filter)
        filter_row.addStretch(1)
        filter_row.addWidget(self.template_button)
        filter_row.addWidget(self.import_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(filter_row)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.template_button.clicked.connect(self._ask_template)
        self.import_button.clicked.connect(self._ask_import)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.model.dataChanged.connect(self._edited)
        self.grid.setColumnWidth(0, 250)
        self.grid.setColumnWidth(1, 130)
        self.resize(1000, 560)
        self._say("")
        first = self.proxy.index(0, LABELS)
        if first.isValid():
            self.grid.setCurrentIndex(first)

    def _say(self, text: str, *, error: str = "") -> None:
        self.message.setText(text)
        self.error.setText(error)
        self.error.setVisible(bool(error))

    def _filter(self) -> None:
        value = self.gi_filter.currentData()
        self.proxy.setFilterFixedString("" if value is None else str(value))

    def _edited(self, *_args: object) -> None:
        self._say(_("Gewijzigd, nog niet opgeslagen."))

    def edit_problem(self) -> str:
        return self.model.problem

    def set_number(self, row: int, column: int, text: str) -> bool:
        """Type ``text`` into a cell (as the delegate does); False with a message if refused."""
        done = self.model.setData(self.model.index(row, column), text)
        if not done:
            self._say("", error=self.model.problem)
        return done

    def save(self) -> bool:
        rows = [GiFigureInput.of(row.gi_id, row.municipality_id,
                                 {name: getattr(row, name) for name, _h, _w in NUMBERS})
                for row in self.model.rows]
        store, meetmoment = self._store, self.meetmoment
        done = operations.change(
            self, store, lambda: gi_figures.save_gi_figures(store, meetmoment, rows),
            Change.MONITOR, title=_("GI-cijfers opslaan"), report=lambda text: self._say(
                "", error=text))
        if done is None:
            return False
        self._say(_("Opgeslagen: GI-cijfers voor {n} combinaties van GI en gemeente.").format(
            n=done.value))
        return True

    def _ask_template(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Sjabloon voor de GI's opslaan"),
            str(Path.home() / f"gi-cijfers-{self.meetmoment.isoformat()}.xlsx"),
            _("Excel-werkmap (*.xlsx)"))
        if path:
            self.write_template(Path(path))

    def write_template(self, path: Path) -> None:
        try:
            gi_workbook.write_template(self._store, self.meetmoment, path)
        except ExpertteamError as error:
            self._say("", error=error.message)
            return
        self._say(_("Sjabloon opgeslagen: {path}").format(path=path))

    def _ask_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Spreadsheet van een GI inlezen"), str(Path.home()),
            _("Excel-werkmap (*.xlsx)"))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> int:
        """Fill the grid from a GI's spreadsheet (not saved yet); returns the rows filled."""
        try:
            read = gi_workbook.read_gi_workbook(self._store, path, self.meetmoment)
        except ExpertteamError as error:
            self._say("", error=error.message)
            return 0
        filled = self.model.merge(read.rows)
        self._say(_("{n} regels ingelezen uit {name}. Controleer ze en kies Opslaan.").format(
            n=filled, name=path.name))
        return filled

