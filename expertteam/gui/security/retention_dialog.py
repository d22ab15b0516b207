"""Retention review (AVG): closed cases past the retention period, and the explicit purge."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.errors import ExpertteamError
from expertteam.formatting import short_date
from expertteam.gui.widgets import error_label
from expertteam.i18n import _
from expertteam.services import retention
from expertteam.services.store import Store


class RetentionDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_("Bewaartermijn en opschonen"))
        self.resize(760, 480)
        self.years = QSpinBox()
        self.years.setRange(retention.MIN_RETENTION_YEARS, retention.MAX_RETENTION_YEARS)
        self.years.setSuffix(_(" jaar na afsluiten"))
        self.years.setValue(retention.retention_years(store))
        self.save_years = QPushButton(_("Termijn opslaan"))
        self.save_years.clicked.connect(self._save_years)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Bewaartermijn:")))
        top.addWidget(self.years)
        top.addWidget(self.save_years)
        top.addStretch(1)
        explanation = QLabel(_(
            "Afgesloten casussen waarvan de bewaartermijn voorbij is. Verwijderen wist naam, "
            "BSN, geboortedatum en alle vrije tekst; een anonieme rest (gemeente, GI, data, "
            "knelpunten, resultaat) blijft voor de statistiek. Dit kan niet ongedaan worden "
            "gemaakt en wordt in het logboek vastgelegd."))
        explanation.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Casus"), _("Afgesloten"), _("Resultaat"),
                                              _("Bewaren tot")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.error = error_label()
        self.purge_button = QPushButton(_("Aangevinkte casussen verwijderen…"))
        self.purge_button.clicked.connect(self.purge)
        close = QPushButton(_("Sluiten"))
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.purge_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(explanation)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self.refresh()

    def refresh(self) -> None:
        due = retention.list_due_for_purge(self.store)
        self.table.setRowCount(len(due))
        for row, item in enumerate(due):
            first = QTableWidgetItem(item.pseudonym)
            first.setData(Qt.ItemDataRole.UserRole, item.id)
            first.setFlags(first.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            first.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, first)
            self.table.setItem(row, 1, QTableWidgetItem(short_date(item.closed_on)))
            self.table.setItem(row, 2, QTableWidgetItem(
                item.closing_result.label if item.closing_result else ""))
            self.table.setItem(row, 3, QTableWidgetItem(short_date(item.keep_until)))
        self.purge_button.setEnabled(bool(due))

    def checked_ids(self) -> list[int]:
        ids = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return ids

    def _save_years(self) -> None:
        try:
            retention.set_retention_years(self.store, self.years.value())
        except ExpertteamError as error:
            self.error.setText(error.message)
            return
        self.refresh()

    def confirm(self, count: int) -> bool:
        return QMessageBox.question(
            self, _("Verwijderen"),
            _("De persoonsgegevens van {n} casus(sen) worden definitief verwijderd. Doorgaan?")
            .format(n=count)) == QMessageBox.StandardButton.Yes

    def purge(self) -> None:
        ids = self.checked_ids()
        if not ids:
            self.error.setText(_("Vink eerst de casussen aan die u wilt verwijderen."))
            return
        if not self.confirm(len(ids)):
            return
        try:
            retention.purge_cases(self.store, ids)
        except ExpertteamError as error:
            self.error.setText(error.message)
            return
        self.error.clear()
        self.refresh()
