"""The signals of the case on screen, for the live meeting: short, with the facts at hand, and
"Escaleren" one click away (the same flow as the signals page)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.errors import ExpertteamError
from expertteam.domain.signal_criteria import SignalKind
from expertteam.gui.case_panel import CasePanel
from expertteam.gui.changes import Change, follow_changes
from expertteam.gui.escalations.dialogs import ReasonDialog
from expertteam.gui.escalations.escalation_dialog import EscalationDialog
from expertteam.gui.escalations.flows import EscalationFlow, dismiss
from expertteam.i18n import _, ngettext
from expertteam.services import signals
from expertteam.services.signals import SignalRow
from expertteam.services.store import Store


class SignalsPanel(CasePanel):
    """Signals of one case (continuity signals that include it too). Hidden when none."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store.with_origin("gui:live_signals")
        self.flow: EscalationFlow | None = None
        self.title.setStyleSheet("font-weight: bold; color: #8a4b00;")
        self.list = QListWidget()
        # One line per signal (the facts are in the tooltip): the live screen has little room.
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAccessibleName(_("Signalen bij deze casus"))
        self.escalate_button = QPushButton(_("Escaleren…"))
        self.dismiss_button = QPushButton(_("Wegzetten…"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        buttons.addWidget(self.escalate_button)
        buttons.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.list)
        layout.addWidget(self.message)
        self.escalate_button.clicked.connect(self.escalate)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.list.currentRowChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(lambda _item: self.escalate())
        follow_changes(self, store, Change.ESCALATIONS | Change.ACTIONS | Change.CASES
                       | Change.SETTINGS, self.reload)

    def set_case(self, case_id: int | None) -> None:
        """Show the signals of this case (none for an agenda item without a case)."""
        self.case_id = case_id
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        rows: list[SignalRow] = []
        if self.case_id is not None:
            try:
                rows = signals.current_signals(self.store, case_id=self.case_id)
            except ExpertteamError as error:
                self.report(error.message)
        for row in rows:
            item = QListWidgetItem(f"{row.signal.kind.label}: {row.signal.text}")
            item.setData(Qt.ItemDataRole.UserRole, row)
            item.setToolTip("\n".join(f"{f.label}: {f.value}" for f in row.signal.facts))
            self.list.addItem(item)
        self.title.setText(ngettext("{n} signaal bij deze casus", "{n} signalen bij deze casus",
                                    len(rows)).format(n=len(rows)))
        if rows:
            self.list.setCurrentRow(0)
        self.setVisible(bool(rows))
        self._update_buttons()

    def report(self, message: str) -> None:
        self.message.setText(message)
        self.message.setVisible(bool(message))

    def current_row(self) -> SignalRow | None:
        item = self.list.currentItem()
        row = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return row if isinstance(row, SignalRow) else None

    def _update_buttons(self) -> None:
        row = self.current_row()
        self.escalate_button.setEnabled(row is not None and
                                        row.signal.kind is not SignalKind.FOLLOW_UP_PASSED)
        self.dismiss_button.setEnabled(row is not None)

    def escalate(self) -> EscalationDialog | None:
        """Escalate the selected signal; a case signal is escalated for the case on screen."""
        row = self.current_row()
        if row is None:
            return None
        self.flow = EscalationFlow(self.window(), self.store, self.report)
        return self.flow.start(row, case_id=self.case_id)

    def dismiss(self) -> ReasonDialog | None:
        row = self.current_row()
        if row is None:
            return None
        return dismiss(self.window(), self.store, row)
