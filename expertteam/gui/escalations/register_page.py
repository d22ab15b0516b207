"""The escalation register: every escalation with its status, follow-up and trail, and what can
be done next (send, record the answer, resolve, withdraw, move the follow-up date, the letter).
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.errors import ExpertteamError
from expertteam.domain.escalation import EscalationStatus
from expertteam.formatting import short_date
from expertteam.gui.changes import Change, follow_changes, notice_for
from expertteam.gui.escalations.dialogs import DateDialog, DatedNoteDialog, ResponseDialog
from expertteam.gui.escalations.escalation_dialog import EscalationDialog
from expertteam.gui.escalations.letter_editor import LetterEditor
from expertteam.gui.escalations.trail import escalation_html
from expertteam.gui.table_model import RowTableModel
from expertteam.gui.widgets import fill_combo
from expertteam.i18n import N_, _, ngettext
from expertteam.services import escalations
from expertteam.services.escalation_info import EscalationInfo, EscalationRow
from expertteam.services.store import Store

_Index = QModelIndex | QPersistentModelIndex
_LATE = QBrush(QColor("#b00020"))
UNDER_WAY = "under_way"


class Column(IntEnum):
    REFERENCE = 0
    LEVEL = 1
    ADDRESSEE = 2
    OPENED = 3
    STATUS = 4
    CASES = 5
    FOLLOW_UP = 6


class EscalationsModel(RowTableModel):
    """Escalation rows; ``Role.ROW`` gives the ``EscalationRow``."""

    headers = (N_("Kenmerk"), N_("Niveau"), N_("Aan"), N_("Datum"), N_("Status"),
               N_("Casussen"), N_("Opvolgen op"))

    def cell(self, row: EscalationRow, index: int, role: int) -> Any:
        column = Column(index)
        if role == Qt.ItemDataRole.DisplayRole:
            values = {
                Column.REFERENCE: row.reference, Column.LEVEL: row.level.label,
                Column.ADDRESSEE: row.addressee_name,
                Column.OPENED: short_date(row.opened_on),
                Column.STATUS: f"{row.status.label} ({short_date(row.status_on)})",
                Column.CASES: ngettext("{n} kind", "{n} kinderen", len(row.case_numbers))
                .format(n=len(row.case_numbers)) if len(row.case_numbers) > 1
                else ", ".join(row.case_numbers),
                Column.FOLLOW_UP: short_date(row.follow_up_on)
                if row.follow_up_on else "",
            }
            return values[column]
        if role == Qt.ItemDataRole.ForegroundRole and column is Column.FOLLOW_UP and \
                row.follow_up_passed:
            return _LATE
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.CASES:
            return ", ".join(row.case_numbers)
        return None


class EscalationRegisterPage(QWidget):
    """The register; select an escalation to see its trail and act on it."""


    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store.with_origin("gui:escalations")
        self.info: EscalationInfo | None = None
        self.dialog: Any = None
        self.editor: LetterEditor | None = None

        title = QLabel(_("Escalatieregister"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        self.status_filter = QComboBox()
        fill_combo(self.status_filter,
                   [(_("Lopend (verzonden, ontvangen, beantwoord)"), UNDER_WAY)] +
                   [(status.label, status.value) for status in EscalationStatus],
                   empty_label=_("Alle escalaties"))
        self.status_filter.setAccessibleName(_("Status"))
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.status_filter)

        self.model = EscalationsModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(_("Escalatieregister"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.ADDRESSEE, QHeaderView.ResizeMode.Stretch)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(_("Details van de escalatie"))
        self.detail.setOpenLinks(False)

        self.letter_button = QPushButton(_("Brief…"))
        self.edit_button = QPushButton(_("Wijzigen…"))
        self.status_button = QPushButton(_("Status…"))
        self.status_menu = QMenu(self)
        self.status_button.setMenu(self.status_menu)
        self.response_button = QPushButton(_("Antwoord vastleggen…"))
        self.follow_up_button = QPushButton(_("Opvolgdatum…"))
        buttons = QHBoxLayout()
        for button in (self.letter_button, self.edit_button, self.status_button,
                       self.response_button, self.follow_up_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        detail_box = QWidget()
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail, 1)
        detail_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(detail_box)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

        self.status_filter.currentIndexChanged.connect(self.reload)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.table.doubleClicked.connect(lambda _index: self.open_letter())
        self.letter_button.clicked.connect(self.open_letter)
        self.edit_button.clicked.connect(self.edit)
        self.response_button.clicked.connect(self.record_response)
        self.follow_up_button.clicked.connect(self.change_follow_up)
        follow_changes(self, self.store, Change.ESCALATIONS | Change.CASES
                       | Change.ORGANISATIONS | Change.SETTINGS)
        self.reload()

    # ------------------------------------------------------------------ data
    def reload(self) -> None:
        chosen = self.status_filter.currentData()
        statuses: tuple[EscalationStatus, ...] = ()
        if chosen == UNDER_WAY:
            statuses = tuple(s for s in EscalationStatus if s.under_way)
        elif chosen is not None:
            statuses = (EscalationStatus(str(chosen)),)
        keep = self.info.id if self.info else None
        try:
            rows = escalations.list_escalations(self.store, statuses=statuses)
        except ExpertteamError as error:
            self.message.setText(error.message)
            return
        self.model.set_rows(rows)
        if not (keep is not None and self.select(keep)) and rows:
            self.table.selectRow(0)
        self._show_current()

    def refresh(self) -> None:
        """The change notice (``gui/changes.py``): read the register again."""
        self.reload()

    def select(self, escalation_id: int) -> bool:
        for index, row in enumerate(self.model.rows):
            if row.id == escalation_id:
                self.table.selectRow(index)
                self._show_current()
                return True
        return False

    def _show_current(self) -> None:
        index = self.table.currentIndex()
        row = self.model.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None
        self.info = escalations.get_escalation(self.store, row.id) \
            if isinstance(row, EscalationRow) else None
        info = self.info
        self.detail.setHtml(escalation_html(info) if info else
                            _("<p>Er zijn (in deze selectie) geen escalaties.</p>"))
        self.status_menu.clear()
        if info is not None:
            for status in info.next_statuses:
                label = _("Antwoord vastleggen…") if status is EscalationStatus.ANSWERED \
                    else status.label + "…"
                action = self.status_menu.addAction(label)
                action.triggered.connect(lambda _c=False, s=status: self.change_status(s))
        self.letter_button.setEnabled(info is not None)
        self.edit_button.setEnabled(info is not None and
                                    info.status is EscalationStatus.CONCEPT)
        self.status_button.setEnabled(info is not None and bool(info.next_statuses))
        self.response_button.setEnabled(info is not None and (
            info.status.under_way))
        self.follow_up_button.setEnabled(info is not None and not info.status.final)

    def _done(self) -> None:
        self.reload()
        notice_for(self.store).announce(Change.ESCALATIONS, self)

    # ------------------------------------------------------------------ actions
    def open_letter(self) -> LetterEditor | None:
        if self.info is None:
            return None
        self.editor = LetterEditor(self.store, self.info.id, self)
        self.editor.finished.connect(lambda _result: self._done())
        self.editor.open()
        return self.editor

    def edit(self) -> EscalationDialog | None:
        info = self.info
        if info is None or info.status is not EscalationStatus.CONCEPT:
            return None
        dialog = EscalationDialog(self.store, info.to_input(), info.id, self)
        dialog.accepted.connect(self._done)
        dialog.open()
        self.dialog = dialog
        return dialog

    def change_status(self, status: EscalationStatus) -> DatedNoteDialog | ResponseDialog | None:
        info = self.info
        if info is None:
            return None
        if status is EscalationStatus.ANSWERED:
            return self.record_response()
        escalation_id = info.id
        dialog = DatedNoteDialog(
            _("Status: {status}").format(status=status.label.lower()),
            _("{ref} gaat van ‘{old}’ naar ‘{new}’. Op welke datum?").format(
                ref=info.reference, old=info.status.label.lower(), new=status.label.lower()),
            lambda on, note: escalations.change_status(self.store, escalation_id, status, on,
                                                       note),
            self.store.today(), self)
        dialog.accepted.connect(self._done)
        dialog.open()
        self.dialog = dialog
        return dialog

    def record_response(self) -> ResponseDialog | None:
        info = self.info
        if info is None:
            return None
        escalation_id = info.id
        dialog = ResponseDialog(
            lambda text, on, follow_up: escalations.record_response(
                self.store, escalation_id, text, on, follow_up),
            self.store.today(), info.follow_up_on, self)
        dialog.accepted.connect(self._done)
        dialog.open()
        self.dialog = dialog
        return dialog

    def change_follow_up(self) -> DateDialog | None:
        info = self.info
        if info is None:
            return None
        escalation_id = info.id
        dialog = DateDialog(
            _("Opvolgdatum"), _("Wanneer volgt u deze escalatie op? Is die datum verstreken "
                                "terwijl de escalatie nog loopt, dan verschijnt een signaal."),
            _("Opvolgen op"), "follow_up_on", info.follow_up_on,
            lambda value: escalations.set_follow_up(self.store, escalation_id, value), self)
        dialog.accepted.connect(self._done)
        dialog.open()
        self.dialog = dialog
        return dialog
