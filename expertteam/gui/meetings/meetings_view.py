"""The meetings page as it shows things: the list of meetings and, for the chosen one, its
header and its agenda, attendance and record tabs; reading them (again) and the sink the
agenda and attendance editors report their changes to. The steps are ``meetings_page.py``'s."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
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
from expertteam.gui import operations
from expertteam.gui.changes import Change, follow_changes, notice_for
from expertteam.gui.meetings.agenda_editor import AgendaEditor
from expertteam.gui.meetings.attendance import AttendanceWidget
from expertteam.gui.meetings.meeting_header import MeetingHeader
from expertteam.gui.meetings.models import MeetingListModel
from expertteam.gui.meetings.record_view import RecordView
from expertteam.i18n import _
from expertteam.services import agenda, meetings
from expertteam.services.meeting_data import MeetingInfo
from expertteam.services.store import Store

AGENDA_TAB, ATTENDANCE_TAB, RECORD_TAB = 0, 1, 2


class MeetingsView(QWidget):
    """List of meetings plus the chosen meeting's agenda, attendance and record
    (``meeting``, or None)."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.meeting: MeetingInfo | None = None
        self.hide_names = True
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
        left = QVBoxLayout()
        left.addWidget(self.new_button)
        left.addWidget(self.list_view, 1)

        self.header = MeetingHeader(self)

        self.agenda_editor = AgendaEditor(store, self.stack, self, self)
        self.attendance = AttendanceWidget(store, self.stack, self, self)
        self.record = RecordView(store, self)
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

    def announce(self, changes: Change) -> None:
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
        self.announce(Change.MEETINGS | Change.ACTIONS)

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

