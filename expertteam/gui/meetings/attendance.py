"""Attendance per invited organisation: present, absent, excused, and late additions."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.enums import Attendance, MeetingStatus
from expertteam.gui import operations
from expertteam.gui.meetings import commands
from expertteam.gui.meetings.commands import ChangeSink
from expertteam.gui.meetings.models import InviteeModel
from expertteam.gui.meetings.plan_dialogs import InviteeDialog
from expertteam.gui.meetings.style import KeyHandler
from expertteam.i18n import _
from expertteam.services import meeting_invitees, organisations
from expertteam.services.meeting_data import InviteeInfo, InviteeInput, MeetingInfo
from expertteam.services.store import Store

KEYS = {Attendance.PRESENT: "1", Attendance.ABSENT: "2", Attendance.EXCUSED: "3"}


class AttendanceWidget(QWidget):
    """The invitee list with one-key attendance (1 aanwezig, 2 afwezig, 3 afgemeld)."""

    invitees_suggested = Signal()

    def __init__(self, store: Store, stack: QUndoStack, sink: ChangeSink,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.stack, self.sink = store, stack, sink
        self.meeting: MeetingInfo | None = None
        self.model = InviteeModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Genodigden en aanwezigheid"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.buttons: dict[Attendance, QPushButton] = {}
        row = QHBoxLayout()
        for state, key in KEYS.items():
            button = QPushButton(f"{state.label} ({key})", self)
            button.setToolTip(_("Zet de gekozen genodigde op {state} — toets {key}").format(
                state=state.label.lower(), key=key))
            button.clicked.connect(lambda _c=False, s=state: self.set_current(s))
            self.buttons[state] = button
            row.addWidget(button)
        self.all_present = QPushButton(_("Overige aanwezig"), self)
        self.all_present.setToolTip(_("Zet iedereen zonder aanwezigheid op aanwezig"))
        self.all_present.clicked.connect(self.mark_rest_present)
        row.addWidget(self.all_present)
        row.addStretch(1)
        manage = QHBoxLayout()
        self.add_button = QPushButton(_("Genodigde toevoegen…"), self)
        self.add_button.clicked.connect(self.add_invitee)
        self.suggest_button = QPushButton(_("Betrokken organisaties uitnodigen…"), self)
        self.suggest_button.setToolTip(_("Nodig gemeenten, GI's, aanbieders en actiehouders "
                                         "van de casussen op de agenda uit"))
        self.suggest_button.clicked.connect(self.invite_suggested)
        self.remove_button = QPushButton(_("Van de lijst halen"), self)
        self.remove_button.clicked.connect(self.remove_current)
        manage.addWidget(self.add_button)
        manage.addWidget(self.suggest_button)
        manage.addWidget(self.remove_button)
        manage.addStretch(1)
        # Enter belongs to the dialog around the list (it closes it); a state is set with its
        # key, never by an Enter that happens to press the first button.
        for button in (*self.buttons.values(), self.all_present, self.add_button,
                       self.suggest_button, self.remove_button):
            button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addLayout(manage)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        no_modifier = Qt.KeyboardModifier.NoModifier
        KeyHandler(self.table, {
            (Qt.Key.Key_1, no_modifier): lambda: self.set_current(Attendance.PRESENT),
            (Qt.Key.Key_2, no_modifier): lambda: self.set_current(Attendance.ABSENT),
            (Qt.Key.Key_3, no_modifier): lambda: self.set_current(Attendance.EXCUSED),
            (Qt.Key.Key_Insert, no_modifier): self.add_invitee,
        })

    # ------------------------------------------------------------------ data
    def set_meeting(self, meeting: MeetingInfo) -> None:
        current = self.current()
        self.meeting = meeting
        self.model.set_invitees(meeting.invitees)
        row = self.model.row_of(current.id) if current is not None else None
        if row is None and meeting.invitees:
            row = 0
        if row is not None:
            self.table.selectRow(row)
        self._update_buttons()

    def current(self) -> InviteeInfo | None:
        index = self.table.currentIndex()
        return self.model.invitee_at(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        meeting = self.meeting
        editable = meeting is not None and meeting.status is not MeetingStatus.CLOSED
        has_current = self.current() is not None
        for button in self.buttons.values():
            button.setEnabled(editable and has_current)
        self.all_present.setEnabled(editable and any(
            i.attendance is Attendance.UNKNOWN for i in (meeting.invitees if meeting else ())))
        self.add_button.setEnabled(editable)
        in_progress = meeting is not None and meeting.status is MeetingStatus.IN_PROGRESS
        self.add_button.setText(_("Laat aangeschoven…") if in_progress
                                else _("Genodigde toevoegen…"))
        self.suggest_button.setVisible(not in_progress)
        self.suggest_button.setEnabled(editable)
        current = self.current()
        self.remove_button.setEnabled(editable and current is not None and (
            not in_progress or current.late_addition))

    # ------------------------------------------------------------------ changes
    def _perform(self, command: commands.ServiceCommand) -> bool:
        return commands.run(self, self.stack, command, title=_("Aanwezigheid"))

    def set_current(self, state: Attendance) -> None:
        invitee = self.current()
        if invitee is None or invitee.attendance is state or not self.buttons[state].isEnabled():
            return
        row = self.table.currentIndex().row()
        self._perform(commands.SetAttendance(self.store, self.sink, invitee.id,
                                             invitee.attendance, state))
        if row + 1 < self.model.rowCount():  # on to the next invitee, as when ticking a list
            self.table.selectRow(row + 1)

    def mark_rest_present(self) -> None:
        if self.meeting is None:
            return
        self.stack.beginMacro(_("Overige genodigden aanwezig"))
        try:
            for invitee in self.meeting.invitees:
                if invitee.attendance is Attendance.UNKNOWN:
                    self._perform(commands.SetAttendance(self.store, self.sink, invitee.id,
                                                         invitee.attendance,
                                                         Attendance.PRESENT))
        finally:
            self.stack.endMacro()

    def add_invitee(self) -> InviteeDialog | None:
        meeting = self.meeting
        if meeting is None:
            return None

        def submit(organisation_id: int, contact_id: int | None) -> None:
            commands.perform(self.stack, commands.AddInvitee(
                self.store, self.sink, meeting.id, InviteeInput(organisation_id, contact_id)))

        dialog = InviteeDialog(self, organisations=organisations.list_organisations(self.store),
                               contacts=organisations.list_contacts(self.store),
                               submit=submit,
                               late=meeting.status is MeetingStatus.IN_PROGRESS)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def invite_suggested(self) -> int:
        """Invite every suggested organisation at once; returns how many were added."""
        meeting = self.meeting
        if meeting is None:
            return 0

        def invite() -> int:
            suggested = meeting_invitees.suggest_invitees(self.store, meeting.id)
            if suggested:
                meeting_invitees.add_invitees(self.store, meeting.id,
                                              [InviteeInput(s.organisation_id) for s in suggested])
            return len(suggested)

        done = operations.attempt(self, invite, title=_("Uitnodigen"))
        if done is None:
            return 0
        self.sink.item_changed(None)
        self.invitees_suggested.emit()
        return done.value

    def remove_current(self) -> None:
        invitee = self.current()
        if invitee is None:
            return
        if operations.attempt(self, lambda: meeting_invitees.remove_invitee(self.store, invitee.id),
                              title=_("Genodigde")) is not None:
            self.sink.item_changed(None)
