"""The audit log viewer (NEN 7513): filters, the entries, the chain check, CSV export."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from expertteam import clock
from expertteam.domain.enums import AuditAction, AuditResult
from expertteam.domain.errors import ExpertteamError
from expertteam.formatting import date_time
from expertteam.gui.widgets import OptionalDateEdit, error_label
from expertteam.i18n import _
from expertteam.services import audit_query, audit_verify, users
from expertteam.services.audit import AuditRow
from expertteam.services.audit_query import AuditFilter
from expertteam.services.store import Store

_Index = QModelIndex | QPersistentModelIndex


class AuditModel(QAbstractTableModel):
    """Audit rows as a table; user ids shown as the profile's name."""

    COLUMNS = (_("Moment"), _("Gebruiker"), _("Handeling"), _("Object"), _("Nummer"),
               _("Resultaat"), _("Herkomst"), _("Toelichting"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[AuditRow] = []
        self.user_names: dict[int, str] = {}

    def set_rows(self, rows: list[AuditRow], user_names: dict[int, str]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.user_names = user_names
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self.rows[index.row()]
        actor = "" if row.actor_id is None else self.user_names.get(
            row.actor_id, _("profiel {id}").format(id=row.actor_id))
        local = row.at.replace(tzinfo=UTC).astimezone()  # stored in UTC, shown in local time
        values = (date_time(local, seconds=True), actor, row.action.label,
                  row.object_type, row.object_id, row.result.label, row.origin, row.detail)
        return values[index.column()]


class AuditLogDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_("Logboek (wie deed wat)"))
        self.resize(1100, 620)
        self.user = QComboBox()
        self.action = QComboBox()
        self.result_combo = QComboBox()
        self.object_type = QComboBox()
        self.object_id = QLineEdit()
        self.object_id.setPlaceholderText(_("bijv. 12"))
        self.object_id.setMaximumWidth(90)
        self.date_from = OptionalDateEdit()
        self.date_to = OptionalDateEdit()
        self.only_today = QCheckBox(_("Alleen vandaag"))
        names = {u.id: u.display for u in users.list_users(store, include_inactive=True)}
        self.user_names = names
        self.user.addItem(_("Iedereen"), None)
        for user_id, name in names.items():
            self.user.addItem(name, user_id)
        self.action.addItem(_("Alle handelingen"), None)
        for action in AuditAction:
            self.action.addItem(action.label, action.value)  # Qt keeps plain str
        self.result_combo.addItem(_("Alle resultaten"), None)
        for result in AuditResult:
            self.result_combo.addItem(result.label, result.value)
        self.object_type.addItem(_("Alle objecten"), "")
        for kind in audit_query.object_types(store):
            self.object_type.addItem(kind, kind)
        grid = QGridLayout()
        grid.addWidget(QLabel(_("Gebruiker:")), 0, 0)
        grid.addWidget(self.user, 0, 1)
        grid.addWidget(QLabel(_("Handeling:")), 0, 2)
        grid.addWidget(self.action, 0, 3)
        grid.addWidget(QLabel(_("Resultaat:")), 0, 4)
        grid.addWidget(self.result_combo, 0, 5)
        grid.addWidget(QLabel(_("Object:")), 1, 0)
        grid.addWidget(self.object_type, 1, 1)
        grid.addWidget(QLabel(_("Nummer:")), 1, 2)
        grid.addWidget(self.object_id, 1, 3)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(_("t/m")))
        dates.addWidget(self.date_to)
        grid.addWidget(QLabel(_("Van:")), 1, 4)
        grid.addLayout(dates, 1, 5)
        grid.setColumnStretch(6, 1)
        self.model = AuditModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.
                                                           ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel()
        self.error = error_label()
        self.verify_button = QPushButton(_("Logboek controleren"))
        self.export_button = QPushButton(_("Exporteren (CSV)…"))
        close = QPushButton(_("Sluiten"))
        close.clicked.connect(self.accept)
        self.verify_button.clicked.connect(self.verify)
        self.export_button.clicked.connect(self._export)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        for combo in (self.user, self.action, self.result_combo, self.object_type):
            combo.currentIndexChanged.connect(self.refresh)
        self.object_id.editingFinished.connect(self.refresh)
        self.date_from.dateChanged.connect(self.refresh)
        self.date_to.dateChanged.connect(self.refresh)
        self.refresh()

    def current_filter(self) -> AuditFilter:
        action, result = self.action.currentData(), self.result_combo.currentData()
        return AuditFilter(actor_id=self.user.currentData(),
                           action=AuditAction(action) if action else None,
                           result=AuditResult(result) if result else None,
                           object_type=self.object_type.currentData() or "",
                           object_id=self.object_id.text().strip(),
                           date_from=self.date_from.date(), date_to=self.date_to.date())

    def refresh(self) -> None:
        self.error.clear()
        try:
            rows = audit_query.query(self.store, self.current_filter())
        except ExpertteamError as error:
            self.error.setText(error.message)
            return
        self.model.set_rows(rows, self.user_names)
        self.status.setText(_("{n} regels").format(n=len(rows))
                            if len(rows) < audit_query.MAX_ROWS
                            else _("de nieuwste {n} regels; verfijn het filter").format(
                                n=len(rows)))

    def verify(self) -> list[int]:
        broken = audit_verify.verify_chain(self.store)
        if broken:
            self.error.setText(_("Het logboek is gewijzigd of ingekort bij regel(s) {ids}. "
                                 "Meld dit aan de functionaris gegevensbescherming.").format(
                ids=", ".join(map(str, broken[:20]))))
        else:
            self.status.setText(_("Het logboek is ongeschonden (hash-keten klopt)."))
        return broken

    def ask_export_path(self) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Logboek exporteren"), str(Path.home() / f"logboek-{clock.today()}.csv"),
            _("CSV-bestand (*.csv)"))
        return Path(chosen) if chosen else None

    def _export(self) -> None:
        target = self.ask_export_path()
        if target is None:
            return
        try:
            count = audit_query.export_csv(self.store, target, self.current_filter())
        except ExpertteamError as error:
            self.error.setText(error.message)
            return
        QMessageBox.information(self, _("Logboek exporteren"),
                                _("{n} regels opgeslagen in {path}.").format(n=count,
                                                                              path=target))
