"""What the chair records on the live screen: decisions, summaries, actions and their status
and due date, "besproken", attendance, and closing the meeting.

Each entry opens a small keyboard-first dialog (``dialogs.py``) whose ``submit`` runs an undo
command on the live screen's stack (``commands.py``); a refusal keeps the dialog open with the
Dutch message, and every change reaches the other pages through the live screen's sink.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from expertteam.domain.enums import ActionStatus, Attendance, MeetingStatus
from expertteam.gui import operations, privacy_marks
from expertteam.gui.changes import Change
from expertteam.gui.meetings import commands
from expertteam.gui.meetings.attendance import AttendanceWidget
from expertteam.gui.meetings.dialogs import ActionDialog, ActionEntry, DueChangeDialog, TextDialog
from expertteam.gui.meetings.style import buttons_in_own_type, scaled_font
from expertteam.i18n import _, ngettext
from expertteam.services import meetings, privacy, term_settings
from expertteam.services.actions import ActionInput
from expertteam.services.live_meeting import LiveItem
from expertteam.services.meeting_data import ClosingSummary

if TYPE_CHECKING:
    from expertteam.gui.meetings.live import LiveWindow
    from expertteam.gui.meetings.live_case import LiveCaseView


def _open(dialog: QDialog) -> QDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class LiveRecorder:
    """The live screen's recording commands; each returns the dialog it opened (or None)."""

    def __init__(self, window: LiveWindow) -> None:
        self.window = window
        self.store = window.store
        self.stack = window.stack

    def connect(self, case: LiveCaseView) -> None:
        """The case view's buttons run these commands."""
        case.discussed.clicked.connect(lambda checked: self.set_discussed(checked))
        case.add_decision_button.clicked.connect(self.add_decision)
        case.add_action_button.clicked.connect(self.add_action)
        case.done_button.clicked.connect(lambda: self.mark_action(ActionStatus.DONE))
        case.not_done_button.clicked.connect(lambda: self.mark_action(ActionStatus.NOT_DONE))
        case.due_button.clicked.connect(self.change_due)
        case.summary_button.clicked.connect(self.edit_summary)

    def _context(self, live: LiveItem) -> str:
        return _("Bij: {heading}").format(heading=live.item.heading(self.window.show_names))

    def _watched(self, dialog: QDialog, *editors: QLineEdit | QPlainTextEdit) -> QDialog:
        """``dialog``, opened, with identifying items underlined in ``editors`` as the chair
        types (the names of every case on the agenda)."""
        detector = privacy.detector_for_cases(
            self.store, [i.item.case_id for i in self.window.items if i.item.case_id is not None])
        for editor in editors:
            privacy_marks.watch(editor, detector)
        return _open(dialog)

    def _perform(self, command: commands.ServiceCommand) -> None:
        commands.perform(self.stack, command)

    # ------------------------------------------------------------------ agenda item
    def add_decision(self) -> QDialog | None:
        live = self.window.current()
        if live is None or not self.window.case.add_decision_button.isEnabled():
            return None
        item = live.item

        def submit(text: str) -> None:
            self._perform(commands.AddDecision(self.store, self.window, item.id, text,
                                               item.discussed))

        dialog = TextDialog(
            _("Besluit"), _("&Besluit"), self.window, submit=submit,
            context=self._context(live), hint=_("Ctrl+Enter slaat op, Esc annuleert."))
        return self._watched(dialog, dialog.editor)

    def edit_summary(self) -> QDialog | None:
        live = self.window.current()
        if live is None or not self.window.case.summary_button.isEnabled():
            return None
        item = live.item

        def submit(text: str) -> None:
            self._perform(commands.ChangeSummary(self.store, self.window, item.id, item.summary,
                                                 text, item.discussed))

        dialog = TextDialog(
            _("Samenvatting"), _("&Samenvatting"), self.window, submit=submit,
            text=item.summary, context=self._context(live),
            hint=_("Ctrl+Enter slaat op, Esc annuleert."))
        return self._watched(dialog, dialog.editor)

    def set_discussed(self, discussed: bool) -> None:
        window = self.window
        live = window.current()
        if live is None or not window.editable or live.item.discussed == discussed:
            window.case.discussed.setChecked(live.item.discussed if live else False)
            return
        commands.run(window, self.stack,
                     commands.SetDiscussed(self.store, window, live.item.id, discussed),
                     title=_("Besproken"), report=window.command_failed)

    def toggle_discussed(self) -> None:
        live = self.window.current()
        if live is not None:
            self.set_discussed(not live.item.discussed)

    # ------------------------------------------------------------------ actions
    def add_action(self) -> QDialog | None:
        window = self.window
        live = window.current()
        if live is None or live.item.case_id is None or \
                not window.case.add_action_button.isEnabled():
            return None
        item = live.item
        case_id = live.item.case_id

        def submit(entry: ActionEntry) -> None:
            data = ActionInput(
                case_id=case_id, description=entry.description,
                owner_organisation_id=entry.owner.organisation_id if entry.owner else None,
                owner_contact_id=entry.owner.contact_id if entry.owner else None,
                due_on=entry.due_on, agenda_item_id=item.id)
            self._perform(commands.AddAction(self.store, window, data, window.meeting_id))
            window.case.select_newest_action()

        dialog = ActionDialog(window, context=self._context(live), owners=window.data.owners,
                              today=self.store.today(), submit=submit,
                              default_days=term_settings.action_due_days(self.store))
        return self._watched(dialog, dialog.description)

    def mark_action(self, status: ActionStatus) -> QDialog | None:
        window = self.window
        live = window.current()
        if live is None or not window.editable:
            return None
        action = window.case.selected_action()
        if action is None:
            window.show_message(_("Kies eerst een actie met de pijltjestoetsen."), error=True)
            return None
        if not action.is_open:
            window.show_message(_("Actie {n} is al afgehandeld ({status}); Ctrl+Z maakt dat "
                                  "ongedaan.").format(n=action.number,
                                                      status=action.status.label.lower()),
                                error=True)
            return None
        item_id = live.item.id

        def submit(note: str) -> None:
            self._perform(commands.ChangeActionStatus(
                self.store, window, item_id, window.meeting_id, action.id, status, note))

        title = _("Actie {n} gedaan") if status is ActionStatus.DONE else \
            _("Actie {n} niet gedaan")
        hint = _("Enter slaat op; een toelichting is niet verplicht.") \
            if status is ActionStatus.DONE else \
            _("Licht toe waarom het niet is gelukt; Enter slaat op.")
        return _open(TextDialog(
            title.format(n=action.number), _("&Toelichting"), window, submit=submit,
            multiline=False, context=f"{action.number}. {action.description} — "
                                     f"{action.owner_label}", hint=hint))

    def change_due(self) -> QDialog | None:
        window = self.window
        live = window.current()
        if live is None or not window.editable:
            return None
        action = window.case.selected_action()
        if action is None or not action.is_open:
            window.show_message(_("Kies eerst een open actie met de pijltjestoetsen."),
                                error=True)
            return None
        item_id = live.item.id

        def submit(due_on: date, note: str) -> None:
            self._perform(commands.ChangeDueDate(
                self.store, window, item_id, window.meeting_id, action.id, due_on, note))

        return _open(DueChangeDialog(
            window, context=f"{action.number}. {action.description} — {action.owner_label}",
            today=self.store.today(), current=action.due_on, submit=submit))

    # ------------------------------------------------------------------ meeting
    def edit_attendance(self) -> AttendanceDialog | None:
        if self.window.data.meeting.status is MeetingStatus.CLOSED:
            return None
        dialog = AttendanceDialog(self.window)
        _open(dialog)
        dialog.attendance.table.setFocus()
        return dialog

    def close_meeting(self) -> QMessageBox | None:
        """Ask to close the meeting (saying what carries over); closing happens on yes."""
        window = self.window
        if not window.editable:
            return None
        undiscussed = [live for live in window.items if not live.item.discussed]
        unknown = [i for i in window.data.meeting.invitees
                   if i.attendance is Attendance.UNKNOWN]
        lines = [_("Na het sluiten ligt het verslag vast: besluiten, aanwezigheid en "
                   "samenvattingen kunnen dan alleen nog met een addendum worden aangevuld.")]
        if undiscussed:
            lines.append(ngettext(
                "{n} agendapunt is niet besproken en schuift door naar het volgende overleg.",
                "{n} agendapunten zijn niet besproken en schuiven door naar het volgende "
                "overleg.", len(undiscussed)).format(n=len(undiscussed)))
        if unknown:
            lines.append(ngettext(
                "Van {n} genodigde is de aanwezigheid niet ingevuld.",
                "Van {n} genodigden is de aanwezigheid niet ingevuld.",
                len(unknown)).format(n=len(unknown)))
        box = QMessageBox(QMessageBox.Icon.Question, _("Overleg sluiten"),
                          "\n\n".join(lines), QMessageBox.StandardButton.NoButton, window)
        box.setFont(scaled_font(window, 0.7))
        confirm = box.addButton(_("Overleg sluiten"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Terug naar het overleg"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(confirm)
        buttons_in_own_type(box)
        box.buttonClicked.connect(
            lambda button: self.confirm_close() if button is confirm else None)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def confirm_close(self) -> ClosingSummary | None:
        """Close the meeting (after the confirmation) and leave the live screen."""
        window = self.window
        done = operations.change(
            window, self.store, lambda: meetings.close_meeting(self.store, window.meeting_id),
            Change.MEETINGS | Change.ACTIONS | Change.CASES, title=_("Overleg sluiten"),
            report=window.command_failed)
        if done is None:
            return None
        window.meeting_was_closed(done.value)
        return done.value


class AttendanceDialog(QDialog):
    """Attendance during the meeting (late arrivals, late additions), on the live stack."""

    def __init__(self, window: LiveWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setFont(scaled_font(window, 0.8))
        self.setWindowTitle(_("Aanwezigheid"))
        self.attendance = AttendanceWidget(window.store, window.stack, self, self)
        self.attendance.set_meeting(window.data.meeting)
        done = QPushButton(_("Klaar"), self)
        done.setDefault(True)  # Enter closes the dialog; 1, 2 and 3 set attendance
        done.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Toets 1 aanwezig · 2 afwezig · 3 afgemeld · Enter klaar"),
                                self))
        layout.addWidget(self.attendance, 1)
        layout.addWidget(done, 0, Qt.AlignmentFlag.AlignRight)
        buttons_in_own_type(self)
        self.resize(int(window.width() * 0.7), int(window.height() * 0.7))

    def item_changed(self, item_id: int | None) -> None:
        self.window_.item_changed(None)
        self.attendance.set_meeting(self.window_.data.meeting)

    def command_failed(self, message: str) -> None:
        self.window_.command_failed(message)
