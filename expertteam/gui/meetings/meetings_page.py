"""The meetings page: the list of meetings and, for the chosen one, its agenda, attendance and
record, with the steps plan → start (live mode) → close → addendum."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.enums import MeetingStatus
from expertteam.formatting import short_time
from expertteam.gui import operations
from expertteam.gui.case_panel import CasePanelFactory
from expertteam.gui.changes import Change, follow_changes, notice_for
from expertteam.gui.meetings.agenda_editor import AgendaEditor
from expertteam.gui.meetings.attendance import AttendanceWidget
from expertteam.gui.meetings.dialogs import TextDialog
from expertteam.gui.meetings.live import LiveWindow
from expertteam.gui.meetings.meeting_header import MeetingHeader
from expertteam.gui.meetings.models import MeetingListModel
from expertteam.gui.meetings.plan_dialogs import MeetingDialog, MeetingEntry
from expertteam.gui.meetings.record_view import RecordView
from expertteam.gui.meetings.wrap_up import closing_text
from expertteam.i18n import _, ngettext
from expertteam.services import agenda, meetings, organisations
from expertteam.services.meetings import ClosingSummary, InviteeInput, MeetingInfo
from expertteam.services.store import Store

AGENDA_TAB, ATTENDANCE_TAB, RECORD_TAB = 0, 1, 2


class MeetingsPage(QWidget):
    """List of meetings plus the chosen meeting's agenda, attendance and record.

    ``invitation_requested(meeting_id)`` and ``drafts_requested(meeting_id)`` ask the shell for
    the sending dialogs (another feature package); ``live_opened(window)`` follows each live
    screen opened (the shell keeps names hidden and the lock off while it runs)."""

    invitation_requested = Signal(int)
    drafts_requested = Signal(int)

    live_opened = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 case_panel: CasePanelFactory | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.case_panel = case_panel  # for the live screen
        self.meeting: MeetingInfo | None = None
        self.hide_names = True
        self.live: LiveWindow | None = None
        self.stack = QUndoStack(self)
        self._loaded = False
        follow_changes(self, store, Change.MEETINGS | Change.ACTIONS | Change.CASES
                       | Change.ORGANISATIONS)

        self.list_model = MeetingListModel(self)
        self.list_view = QTableView(self)
        self.list_view.setModel(self.list_model)
        self.list_view.setAccessibleName(_("Overleggen"))
        self.list_view.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.verticalHeader().hide()
        self.list_view.setWordWrap(False)
        self.list_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.list_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.list_view.setMinimumWidth(300)
        self.list_view.setMaximumWidth(420)
        self.list_view.selectionModel().currentRowChanged.connect(self._meeting_chosen)
        self.new_button = QPushButton(_("&Nieuw overleg…"), self)
        self.new_button.setToolTip(_("Een overleg plannen (Ctrl+Shift+N)"))
        self.new_button.clicked.connect(self.plan_meeting)
        left = QVBoxLayout()
        left.addWidget(self.new_button)
        left.addWidget(self.list_view, 1)

        self.header = MeetingHeader(self)
        self.header.invite_button.clicked.connect(self.request_invitation)
        self.header.drafts_button.clicked.connect(self.request_drafts)
        self.header.edit_button.clicked.connect(self.edit_meeting)
        self.header.start_button.clicked.connect(self.start_meeting)
        self.header.live_button.clicked.connect(self.open_live)
        self.header.close_button.clicked.connect(self.close_meeting)

        self.agenda_editor = AgendaEditor(store, self.stack, self, self)
        self.attendance = AttendanceWidget(store, self.stack, self, self)
        self.record = RecordView(store, self)
        self.record.addendum_button.clicked.connect(self.add_addendum)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.agenda_editor, _("&Agenda"))
        self.tabs.addTab(self.attendance, _("Aanwe&zigheid"))
        self.tabs.addTab(self.record, _("Ve&rslag"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.empty = QLabel(_("Nog geen overleggen. Plan het eerste overleg met ‘Nieuw "
                              "overleg’: de app stelt de agenda voor."), self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        right = QVBoxLayout()
        right.addWidget(self.header)
        right.addWidget(self.tabs, 1)
        right.addWidget(self.empty, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left)
        layout.addLayout(right, 1)

        # A new meeting and the live mode have window-wide shortcuts (the shell's menus,
        # gui/shortcuts.py): they work wherever the focus is.
        self.undo_action = self.stack.createUndoAction(self, _("Ongedaan maken"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.stack.createRedoAction(self, _("Opnieuw"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self._show_meeting(None)

    # ------------------------------------------------------------------ loading
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        if not self._loaded:
            self.reload()
        super().showEvent(event)

    def refresh(self) -> None:
        """The change notice: read again what was read before."""
        if self._loaded:
            self.reload()

    def _changed(self, changes: Change) -> None:
        """This page changed data: tell the other pages (this one shows it already)."""
        notice_for(self.store).announce(changes, self)

    def reload(self, select_id: int | None = None) -> None:
        """Read the meeting list again and show the chosen (or the current) meeting."""
        self._loaded = True
        wanted = select_id if select_id is not None else (
            self.meeting.id if self.meeting is not None else None)
        done = operations.attempt(self, lambda: meetings.list_meetings(self.store),
                                  title=_("Overleggen"))
        if done is None:
            return
        rows = done.value
        self.list_model.set_rows(rows)
        if not rows:
            self._show_meeting(None)
            return
        row = self.list_model.row_of(wanted) if wanted is not None else None
        if row is None:
            row = self._default_row()
        selection = self.list_view.selectionModel()
        selection.blockSignals(True)
        self.list_view.selectRow(row)
        selection.blockSignals(False)
        self.list_view.viewport().update()
        meeting_id = self.list_model.row_at(row).id
        if self.meeting is None or self.meeting.id != meeting_id:
            self.stack.clear()
        self._load_meeting(meeting_id)

    def _default_row(self) -> int:
        """The meeting in progress, else the next planned one, else the most recent."""
        rows = [self.list_model.row_at(n) for n in range(self.list_model.rowCount())]
        for status in (MeetingStatus.IN_PROGRESS, MeetingStatus.PLANNED):
            candidates = [n for n, r in enumerate(rows) if r.status is status]
            if candidates:
                return candidates[-1]  # the list is newest first: the earliest of them
        return 0

    def _meeting_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        meeting_id = self.list_model.row_at(current.row()).id
        if self.meeting is None or self.meeting.id != meeting_id:
            self.stack.clear()
        self._load_meeting(meeting_id)

    def _load_meeting(self, meeting_id: int) -> None:
        done = operations.attempt(self, lambda: (meetings.get_meeting(self.store, meeting_id),
                                                 agenda.list_agenda(self.store, meeting_id)),
                                  title=_("Overleg"))
        if done is None:
            return
        info, items = done.value
        self._show_meeting(info)
        self.agenda_editor.set_meeting(info, items)
        self.attendance.set_meeting(info)
        if self.tabs.currentIndex() == RECORD_TAB:
            self.record.load(info.id)

    def _show_meeting(self, info: MeetingInfo | None) -> None:
        self.meeting = info
        has = info is not None
        self.tabs.setVisible(has)
        self.empty.setVisible(not has and self.list_model.rowCount() == 0)
        self.header.show_meeting(info)

    def request_invitation(self) -> None:
        if self.meeting is not None:
            self.invitation_requested.emit(self.meeting.id)

    def request_drafts(self) -> None:
        if self.meeting is not None:
            self.drafts_requested.emit(self.meeting.id)

    def _tab_changed(self, index: int) -> None:
        if index == RECORD_TAB:
            self.record.load(self.meeting.id if self.meeting else None)

    def set_hide_names(self, hide: bool) -> None:
        self.hide_names = hide
        self.agenda_editor.set_hide_names(hide)
        self.record.set_show_names(not hide)

    # ------------------------------------------------------------------ sink
    def item_changed(self, item_id: int | None) -> None:
        if self.meeting is not None:
            self._load_meeting(self.meeting.id)
            if item_id is not None:
                row = self.agenda_editor.model.row_of(item_id)
                if row is not None:
                    self.agenda_editor.table.selectRow(row)
            self._refresh_list_row()
        self._changed(Change.MEETINGS | Change.ACTIONS)

    def _refresh_list_row(self) -> None:
        current = self.meeting.id if self.meeting else None
        rows = meetings.list_meetings(self.store)
        self.list_view.selectionModel().blockSignals(True)
        self.list_model.set_rows(rows)
        row = self.list_model.row_of(current) if current is not None else None
        if row is not None:
            self.list_view.selectRow(row)
        self.list_view.selectionModel().blockSignals(False)

    def command_failed(self, message: str) -> None:
        QMessageBox.warning(self, _("Overleg"), message)

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
            self._changed(Change.MEETINGS)
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
            self._changed(Change.MEETINGS)

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
            self._changed(Change.MEETINGS)
            self.record.load(meeting.id)

        dialog = TextDialog(
            _("Addendum"), _("&Correctie"), self, submit=submit,
            context=_("Het gesloten verslag blijft zoals het was; deze correctie wordt er "
                      "gedateerd aan toegevoegd als nieuwe versie."),
            hint=_("Ctrl+Enter slaat op."))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
