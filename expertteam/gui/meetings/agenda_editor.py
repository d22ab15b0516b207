"""The agenda before (and during) a meeting: the proposal, reordering with Alt+Up/Down,
dropping with Delete, adding a case or a general subject."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.enums import CaseStatus, MeetingStatus
from expertteam.formatting import counted
from expertteam.gui import operations
from expertteam.gui.meetings import commands
from expertteam.gui.meetings.commands import ChangeSink
from expertteam.gui.meetings.models import AgendaColumn, AgendaModel
from expertteam.gui.meetings.plan_dialogs import AgendaItemDialog
from expertteam.gui.meetings.style import KeyHandler
from expertteam.i18n import _, ngettext
from expertteam.services import agenda, case_register
from expertteam.services.agenda import AgendaItemInfo
from expertteam.services.meeting_data import MeetingInfo
from expertteam.services.store import Store


class AgendaEditor(QWidget):
    def __init__(self, store: Store, stack: QUndoStack, sink: ChangeSink,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.stack, self.sink = store, stack, sink
        self.meeting: MeetingInfo | None = None
        self.model = AgendaModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Agenda"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, mode in ((AgendaColumn.POSITION, QHeaderView.ResizeMode.ResizeToContents),
                             (AgendaColumn.KIND, QHeaderView.ResizeMode.ResizeToContents),
                             (AgendaColumn.SUBJECT, QHeaderView.ResizeMode.ResizeToContents),
                             (AgendaColumn.REASON, QHeaderView.ResizeMode.Stretch),
                             (AgendaColumn.STATE, QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(int(column), mode)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self._still_proposed: dict[int, int] = {}
        self.propose_button = QPushButton(_("V&oorstel bijwerken"), self)
        self.propose_button.setToolTip(_("Zet de casussen die de app voorstelt op de agenda: "
                                         "terugblik op open acties, nieuwe aanmeldingen, "
                                         "verlopen acties en evaluaties, de belangrijkste "
                                         "eerst en per keer zoveel als een overleg kan "
                                         "bespreken. Geschrapte punten blijven geschrapt."))
        self.add_button = QPushButton(_("Punt &toevoegen…"), self)
        self.up_button = QPushButton(_("Omhoog (Alt+↑)"), self)
        self.down_button = QPushButton(_("Omlaag (Alt+↓)"), self)
        self.drop_button = QPushButton(_("Schrappen (Del)"), self)
        self.propose_button.clicked.connect(self.fill_from_proposal)
        self.add_button.clicked.connect(self.add_item)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.drop_button.clicked.connect(self.toggle_dropped)
        alt, none = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.NoModifier
        KeyHandler(self.table, {
            (Qt.Key.Key_Up, alt): lambda: self.move_current(-1),
            (Qt.Key.Key_Down, alt): lambda: self.move_current(1),
            (Qt.Key.Key_Delete, none): self.toggle_dropped,
            (Qt.Key.Key_Insert, none): self.add_item,
        })
        buttons = QHBoxLayout()
        for button in (self.propose_button, self.add_button, self.up_button, self.down_button,
                       self.drop_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)

    # ------------------------------------------------------------------ data
    def set_meeting(self, meeting: MeetingInfo, items: list[AgendaItemInfo],
                    select_item: int | None = None) -> None:
        current = select_item if select_item is not None else self.current_id()
        self.meeting = meeting
        self.model.set_items(items)
        row = self.model.row_of(current) if current is not None else None
        if row is None and items:
            row = 0
        if row is not None:
            self.table.selectRow(row)
        live = [i for i in items if not i.dropped]
        discussed = sum(1 for i in live if i.discussed)
        text = ngettext("{n} punt op de agenda", "{n} punten op de agenda", len(live)).format(
            n=len(live))
        if meeting.status is not MeetingStatus.PLANNED:
            text += " · " + _("{n} besproken").format(n=discussed)
        dropped = len(items) - len(live)
        if dropped:
            text += " · " + ngettext("{n} geschrapt", "{n} geschrapt", dropped).format(n=dropped)
        left = self._still_proposed.get(meeting.id, 0)
        if left:
            text += " · " + counted(
                left, "nog {n} casus voorgesteld: Voorstel bijwerken zet hem erbij",
                "nog {n} casussen voorgesteld: Voorstel bijwerken zet de volgende erbij")
        self.summary.setText(text)
        self._update_buttons()

    def set_hide_names(self, hide: bool) -> None:
        self.model.set_hide_names(hide)

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.item_at(index.row()).id if index.isValid() else None

    def current(self) -> AgendaItemInfo | None:
        index = self.table.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def _editable(self) -> bool:
        return self.meeting is not None and self.meeting.status is not MeetingStatus.CLOSED

    def _update_buttons(self, *_args: QModelIndex) -> None:
        editable = self._editable()
        current = self.current()
        row = self.table.currentIndex().row()
        for button in (self.propose_button, self.add_button):
            button.setEnabled(editable)
        self.up_button.setEnabled(editable and current is not None and row > 0)
        self.down_button.setEnabled(editable and current is not None and
                                    row < self.model.rowCount() - 1)
        self.drop_button.setEnabled(editable and current is not None)
        self.drop_button.setText(_("Terugzetten (Del)") if current is not None and
                                 current.dropped else _("Schrappen (Del)"))

    # ------------------------------------------------------------------ changes
    def _perform(self, command: commands.ServiceCommand) -> bool:
        return commands.run(self, self.stack, command, title=_("Agenda"))

    def fill_from_proposal(self) -> int:
        """Add the proposed items that are missing; returns how many were added."""
        if self.meeting is None:
            return 0
        meeting_id = self.meeting.id
        done = operations.attempt(self, lambda: agenda.fill_agenda(self.store, meeting_id),
                                  title=_("Agenda"))
        if done is None:
            return 0
        self._still_proposed[meeting_id] = done.value.still_proposed
        self.sink.item_changed(None)
        return done.value.added

    def move_current(self, offset: int) -> None:
        current = self.current()
        if self.meeting is None or current is None or not self._editable():
            return
        order = [item.id for item in self.model.items()]
        row = order.index(current.id)
        target = row + offset
        if not 0 <= target < len(order):
            return
        new = list(order)
        new[row], new[target] = new[target], new[row]
        if self._perform(commands.Reorder(self.store, self.sink, self.meeting.id, order, new,
                                          current.id)):
            self.table.selectRow(target)

    def toggle_dropped(self) -> None:
        current = self.current()
        if current is None or not self._editable():
            return
        self._perform(commands.SetDropped(self.store, self.sink, current.id,
                                          not current.dropped))

    def add_item(self) -> AgendaItemDialog | None:
        meeting = self.meeting
        if meeting is None or not self._editable():
            return None
        on_agenda = {i.case_id for i in self.model.items() if not i.dropped}
        hide = self.model.hide_names
        choices = [(row.id, row.pseudonym if hide else f"{row.case_number} · {row.child_name}")
                   for row in case_register.list_register(self.store)
                   if row.status is not CaseStatus.CLOSED and row.id not in on_agenda]

        def submit(case_id: int | None, title: str) -> None:
            command = commands.AddAgendaItem(self.store, self.sink, meeting.id, case_id=case_id,
                                             title=title)
            commands.perform(self.stack, command)

        dialog = AgendaItemDialog(self, cases=choices, submit=submit)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
