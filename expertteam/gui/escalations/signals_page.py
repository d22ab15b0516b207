"""The signals page: everything the app points out today, each with the facts behind it.

A signal is escalated (a case to the expertisenetwerk or OZJ, a continuity problem to the
Jeugdautoriteit) or set aside with a reason; a dismissed signal returns when its facts change.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.errors import ExpertteamError
from expertteam.domain.signal_criteria import SignalKind
from expertteam.formatting import short_date
from expertteam.gui import operations
from expertteam.gui.changes import Change, follow_changes, notice_for
from expertteam.gui.escalations.criteria_dialog import CriteriaDialog
from expertteam.gui.escalations.dialogs import ReasonDialog
from expertteam.gui.escalations.escalation_dialog import EscalationDialog
from expertteam.gui.escalations.flows import EscalationFlow, dismiss, facts_html
from expertteam.gui.table_model import RowTableModel
from expertteam.gui.widgets import fill_combo
from expertteam.i18n import N_, _, ngettext
from expertteam.services import signals
from expertteam.services.signals import SignalRow
from expertteam.services.store import Store

_Index = QModelIndex | QPersistentModelIndex
_DISMISSED = QBrush(QColor("#6b6b6b"))


class Column(IntEnum):
    KIND = 0
    TEXT = 1
    SINCE = 2
    STATE = 3


class SignalsModel(RowTableModel):
    """Signal rows as a table; ``Role.ROW`` gives the ``SignalRow``."""

    headers = (N_("Soort"), N_("Signaal"), N_("Sinds"), N_("Status"))

    def cell(self, row: SignalRow, index: int, role: int) -> Any:
        column = Column(index)
        if role == Qt.ItemDataRole.DisplayRole:
            if column is Column.KIND:
                return row.signal.kind.label
            if column is Column.TEXT:
                return row.signal.text
            if column is Column.SINCE:
                return short_date(row.signal.on)
            return _("weggezet") if row.dismissed else _("open")
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(f"{f.label}: {f.value}" for f in row.signal.facts)
        if role == Qt.ItemDataRole.ForegroundRole and row.dismissed:
            return _DISMISSED
        return None


class SignalsPage(QWidget):
    """The list of signals with their facts; escalate or dismiss the selected one."""

    count_changed = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.store = store.with_origin("gui:signals")
        self.settings = settings
        self.flow: EscalationFlow | None = None
        self.open_count = 0

        title = QLabel(_("Signalen"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        self.kind_filter = QComboBox()
        fill_combo(self.kind_filter, [(kind.label, kind.value) for kind in SignalKind],
                   empty_label=_("Alle soorten"))
        self.kind_filter.setAccessibleName(_("Soort signaal"))
        self.show_dismissed = QCheckBox(_("Ook weggezette tonen"))
        self.refresh_button = QPushButton(_("Vernieuwen"))
        self.criteria_button = QPushButton(_("Drempels…"))
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        for widget in (self.kind_filter, self.show_dismissed, self.refresh_button,
                       self.criteria_button):
            top.addWidget(widget)

        self.model = SignalsModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(_("Signalen"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.TEXT, QHeaderView.ResizeMode.Stretch)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(_("Feiten bij het signaal"))
        self.detail.setOpenLinks(False)
        self.escalate_button = QPushButton(_("Escaleren…"))
        self.escalate_button.setToolTip(_("Een casus opschalen naar het expertisenetwerk of "
                                          "OZJ, of een continuïteitsprobleem melden bij de "
                                          "Jeugdautoriteit"))
        self.dismiss_button = QPushButton(_("Wegzetten…"))
        self.revoke_button = QPushButton(_("Terugzetten"))
        detail_box = QWidget()
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail, 1)
        buttons = QHBoxLayout()
        for button in (self.escalate_button, self.dismiss_button, self.revoke_button):
            buttons.addWidget(button)
        detail_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(detail_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.status = QLabel()
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        self.kind_filter.currentIndexChanged.connect(self.reload)
        self.show_dismissed.toggled.connect(self.reload)
        self.refresh_button.clicked.connect(self.reload)
        self.criteria_button.clicked.connect(self.edit_criteria)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.table.doubleClicked.connect(lambda _index: self.escalate())
        self.escalate_button.clicked.connect(self.escalate)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.revoke_button.clicked.connect(self.revoke)
        follow_changes(self, self.store, Change.CASES | Change.MEETINGS | Change.ACTIONS
                       | Change.ESCALATIONS | Change.SETTINGS, when_hidden=True)
        self.reload()

    # ------------------------------------------------------------------ data
    def reload(self) -> None:
        """Compute the signals again (keeping the selected one when it is still there)."""
        selected = self.current_row()
        try:
            rows = signals.current_signals(self.store,
                                           include_dismissed=self.show_dismissed.isChecked())
        except ExpertteamError as error:
            self.report(error.message)
            return
        open_count = self.open_count = sum(1 for row in rows if not row.dismissed)
        kind = self.kind_filter.currentData()  # a plain str (Qt drops the enum type)
        if kind is not None:
            rows = [row for row in rows if row.signal.kind.value == kind]
        self.model.set_rows(rows)
        self.count_changed.emit(open_count)
        self.status.setText(ngettext("{n} signaal vraagt aandacht.",
                                     "{n} signalen vragen aandacht.", open_count)
                            .format(n=open_count))
        if not (selected and self.select_key(selected.signal.key)) and rows:
            self.table.selectRow(0)
        self._show_current()

    def refresh(self) -> None:
        """The change notice (``gui/changes.py``): compute the signals again."""
        self.reload()

    def select_key(self, key: str) -> bool:
        for index, row in enumerate(self.model.rows):
            if row.signal.key == key:
                self.table.selectRow(index)
                return True
        return False

    def current_row(self) -> SignalRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = self.model.data(index, Qt.ItemDataRole.UserRole)
        return row if isinstance(row, SignalRow) else None

    def _show_current(self) -> None:
        row = self.current_row()
        self.detail.setHtml(facts_html(row) if row else
                            _("<p>Geen signalen: niets voldoet aan de drempels.</p>"))
        self.escalate_button.setEnabled(row is not None and
                                        row.signal.kind is not SignalKind.FOLLOW_UP_PASSED)
        self.escalate_button.setText(
            _("Melden bij de Jeugdautoriteit…") if row is not None and
            row.signal.kind.concerns_continuity else _("Escaleren…"))
        self.dismiss_button.setEnabled(row is not None and not row.dismissed)
        self.revoke_button.setEnabled(row is not None and row.dismissed)

    def report(self, message: str) -> None:
        self.status.setText(message)

    # ------------------------------------------------------------------ actions
    def escalate(self) -> EscalationDialog | None:
        """Open the escalation form for the selected signal."""
        row = self.current_row()
        if row is None:
            return None
        self.flow = EscalationFlow(self, self.store, self.report)
        return self.flow.start(row)

    def dismiss(self) -> ReasonDialog | None:
        row = self.current_row()
        if row is None or row.dismissed:
            return None
        return dismiss(self, self.store, row)

    def revoke(self) -> None:
        row = self.current_row()
        if row is None or row.dismissal is None:
            return
        dismissal_id = row.dismissal.id
        operations.change(self, self.store,
                          lambda: signals.revoke_dismissal(self.store, dismissal_id),
                          Change.ESCALATIONS, title=_("Signalen"), report=self.report)

    def edit_criteria(self) -> CriteriaDialog:
        dialog = CriteriaDialog(self.store, self)
        dialog.accepted.connect(lambda: notice_for(self.store).announce(Change.SETTINGS))
        dialog.open()
        return dialog
