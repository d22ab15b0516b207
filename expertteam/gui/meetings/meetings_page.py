"""The meetings page: the steps plan → start (live mode) → close → addendum on the meeting
chosen in its view (``meetings_view.py``), the live screen it opens, and the requests for
sending a meeting's work."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from expertteam.domain.enums import MeetingStatus
from expertteam.formatting import short_time
from expertteam.gui import operations
from expertteam.gui.case_panel import CasePanelFactory
from expertteam.gui.changes import Change
from expertteam.gui.meetings.dialogs import TextDialog
from expertteam.gui.meetings.live import LiveWindow
from expertteam.gui.meetings.meetings_view import AGENDA_TAB, RECORD_TAB, MeetingsView
from expertteam.gui.meetings.plan_dialogs import MeetingDialog, MeetingEntry
from expertteam.gui.meetings.wrap_up import closing_text
from expertteam.i18n import _, ngettext
from expertteam.services import agenda, meetings, organisations
from expertteam.services.meeting_data import ClosingSummary, InviteeInput
from expertteam.services.store import Store


class MeetingsPage(MeetingsView):
    """List of meetings plus the chosen meeting's agenda, attendance and record.

    ``invitation_requested(meeting_id)`` and ``drafts_requested(meeting_id)`` ask the shell for
    the sending dialogs (another feature package); ``live_opened(window)`` follows each live
    screen opened (the shell keeps names hidden and the lock off while it runs)."""

    invitation_requested = Signal(int)
    drafts_requested = Signal(int)

    live_opened = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 case_panel: CasePanelFactory | None = None) -> None:
        super().__init__(store, parent)
        self.case_panel = case_panel  # for the live screen
        self.live: LiveWindow | None = None
        self.new_button.clicked.connect(self.plan_meeting)
        self.header.invite_button.clicked.connect(self.request_invitation)
        self.header.drafts_button.clicked.connect(self.request_drafts)
        self.header.edit_button.clicked.connect(self.edit_meeting)
        self.header.start_button.clicked.connect(self.start_meeting)
        self.header.live_button.clicked.connect(self.open_live)
        self.header.close_button.clicked.connect(self.close_meeting)
        self.record.addendum_button.clicked.connect(self.add_addendum)

    # ------------------------------------------------------------------ sending
    def request_invitation(self) -> None:
        if self.meeting is not None:
            self.invitation_requested.emit(self.meeting.id)

    def request_drafts(self) -> None:
        if self.meeting is not None:
            self.drafts_requested.emit(self.meeting.id)


    # ------------------------------------------------------------------ steps
    def plan_meeting(self) -> MeetingDialog:
        rows = meetings.list_meetings(self.store)
        previous = meetings.get_meeting(self.store, rows[0].id) if rows else None
        invited = [i.organisation_id for i in previous.invitees] if previous else []
        today = self.store.today()
        held_on = max(today, previous.held_on + timedelta(days=14)) if previous else today

        def submit(entry: MeetingEntry) -> None:
            info = meetings.plan_meeting(self.store, entry.data,
                                         [InviteeInput(o) for o in entry.organisation_ids])
            agenda.fill_agenda(self.store, info.id)
            self.stack.clear()
            self.reload(select_id=info.id)
            self.announce(Change.MEETINGS)
            self.tabs.setCurrentIndex(AGENDA_TAB)

        dialog = MeetingDialog(self, submit=submit,
                               organisations=organisations.list_organisations(self.store),
                               invited=invited)
        dialog.held_on.setDate(held_on)
        dialog.chair.setText(meetings.default_chair_name(self.store))
        if previous is not None:
            dialog.place.setText(previous.place)
            dialog.minute_taker.setText(previous.minute_taker_name)
            if previous.starts_at is not None:
                dialog.starts_at.setText(short_time(previous.starts_at))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def edit_meeting(self) -> MeetingDialog | None:
        meeting = self.meeting
        if meeting is None:
            return None

        def submit(entry: MeetingEntry) -> None:
            meetings.update_meeting(self.store, meeting.id, entry.data)
            self.reload(select_id=meeting.id)
            self.announce(Change.MEETINGS)

        dialog = MeetingDialog(self, submit=submit, current=meeting.to_input())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def start_meeting(self) -> LiveWindow | None:
        """Start the planned meeting and open the live screen."""
        meeting = self.meeting
        if meeting is None or meeting.status is not MeetingStatus.PLANNED:
            return None
        if operations.change(self, self.store,
                             lambda: meetings.start_meeting(self.store, meeting.id),
                             Change.MEETINGS, title=_("Overleg starten"), source=self) is None:
            return None
        self.stack.clear()
        self.reload(select_id=meeting.id)
        return self.open_live()

    def open_live(self) -> LiveWindow | None:
        meeting = self.meeting
        if meeting is None or meeting.status is MeetingStatus.PLANNED:
            return None
        if self.live is not None:
            if self.live.meeting_id == meeting.id and self.live.isVisible():
                self.live.raise_()
                self.live.activateWindow()
                return self.live
            self.live.close()
        done = operations.attempt(
            self, lambda: LiveWindow(self.store, meeting.id, self, case_panel=self.case_panel),
            title=_("Live-modus"))
        if done is None:
            return None
        return self._show_live(done.value)

    def _show_live(self, live: LiveWindow) -> LiveWindow:
        live.meeting_closed.connect(self._live_closed)
        live.left.connect(self._live_left)
        self.live = live
        screen = self.window().screen() if self.window() is not None else None
        if screen is not None:  # full size even where no window manager maximises
            live.setGeometry(screen.availableGeometry())
        live.showMaximized()
        live.raise_()
        live.activateWindow()  # the keys go to the projector's window at once
        self.live_opened.emit(live)
        return live

    def live_in_progress(self) -> bool:
        """A live screen is open on a meeting in progress (the app stays unlocked then)."""
        return self.live is not None and self.live.isVisible() and self.live.editable

    def hide_live_names(self) -> None:
        if self.live is not None:
            self.live.hide_names()

    def _live_closed(self, meeting_id: int) -> None:
        """Closed in the live screen, which shows the Afronden screen now; behind it, this page
        shows the locked record."""
        self.reload(select_id=meeting_id)
        self.tabs.setCurrentIndex(RECORD_TAB)
        summary = self.live.closing_summary if self.live is not None else None
        if summary is not None:
            self._announce_close(summary)

    def _live_left(self, _meeting_id: int) -> None:
        self.window().activateWindow()  # back to the page, in front

    def _announce_close(self, summary: ClosingSummary) -> None:
        text = closing_text(summary)
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 10000)
        self.header.add_note(text)

    def close_meeting(self) -> QMessageBox | None:
        """Close from the page (the live screen has the same step)."""
        meeting = self.meeting
        if meeting is None or meeting.status is not MeetingStatus.IN_PROGRESS:
            return None
        items = self.agenda_editor.model.items()
        undiscussed = sum(1 for i in items if not i.dropped and not i.discussed)
        text = _("Na het sluiten ligt het verslag vast.")
        if undiscussed:
            text += " " + ngettext(
                "{n} agendapunt is niet besproken en schuift door naar het volgende overleg.",
                "{n} agendapunten zijn niet besproken en schuiven door naar het volgende "
                "overleg.", undiscussed).format(n=undiscussed)
        box = QMessageBox(QMessageBox.Icon.Question, _("Overleg sluiten"), text,
                          QMessageBox.StandardButton.NoButton, self)
        confirm = box.addButton(_("Overleg sluiten"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Annuleren"), QMessageBox.ButtonRole.RejectRole)

        def clicked(button: object) -> None:
            if button is not confirm:
                return
            done = operations.change(
                self, self.store, lambda: meetings.close_meeting(self.store, meeting.id),
                Change.MEETINGS | Change.ACTIONS | Change.CASES, title=_("Overleg sluiten"),
                source=self)
            if done is None:
                return
            self.stack.clear()
            self.wrap_up(done.value)  # which shows the record here too (``_live_closed``)

        box.buttonClicked.connect(clicked)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def wrap_up(self, summary: ClosingSummary) -> LiveWindow | None:
        """The Afronden screen of a meeting closed from this page, in the live screen's window
        (closing in the live screen turns that window into it)."""
        live = self.live
        if live is None or live.meeting_id != summary.meeting.id:
            done = operations.attempt(
                self, lambda: LiveWindow(self.store, summary.meeting.id, self,
                                         case_panel=self.case_panel), title=_("Afronden"))
            if done is None:
                return None
            if live is not None:
                live.close()
            live = self._show_live(done.value)
        elif not live.isVisible():
            live.showMaximized()
        live.meeting_was_closed(summary)
        live.raise_()
        return live

    def add_addendum(self) -> TextDialog | None:
        meeting = self.meeting
        if meeting is None or meeting.status is not MeetingStatus.CLOSED:
            return None

        def submit(text: str) -> None:
            meetings.add_addendum(self.store, meeting.id, text)
            self.reload(select_id=meeting.id)
            self.announce(Change.MEETINGS)
            self.record.load(meeting.id)

        dialog = TextDialog(
            _("Addendum"), _("&Correctie"), self, submit=submit,
            context=_("Het gesloten verslag blijft zoals het was; deze correctie wordt er "
                      "gedateerd aan toegevoegd als nieuwe versie."),
            hint=_("Ctrl+Enter slaat op."))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
