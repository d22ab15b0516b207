"""The chair's live screen: one case at a time, in large type for a projector, keyboard first.

Children show as pseudonym (case number, initials, birth year) until the chair reveals names
(Ctrl+H, logged). The whole agenda is read once when the screen opens, so stepping through the
cases never waits for the database; after a change only the affected agenda item is read again.
Every change goes through a ``QUndoStack`` (Ctrl+Z / Ctrl+Y).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from expertteam.domain.enums import ActionStatus, MeetingStatus
from expertteam.gui import operations
from expertteam.gui.case_panel import CasePanelFactory
from expertteam.gui.changes import Change, notice_for
from expertteam.gui.meetings.live_case import LiveCaseView
from expertteam.gui.meetings.live_keys import LIVE_KEYS, overview_html
from expertteam.gui.meetings.live_layout import MIN_POINT_SIZE, LiveLayout
from expertteam.gui.meetings.live_record import LiveRecorder
from expertteam.gui.meetings.style import TypeSizer, meeting_title, scaled_font
from expertteam.gui.meetings.wrap_up import WrapUpView
from expertteam.i18n import _
from expertteam.services import live_meeting, meetings
from expertteam.services.live_meeting import LiveItem, LiveMeeting
from expertteam.services.meeting_data import ClosingSummary
from expertteam.services.store import Store

POSITION_DELAY_MS = 500


class LiveWindow(LiveLayout):
    """One meeting, one case at a time. ``meeting_closed`` fires after closing, when the window
    turns into the Afronden screen (``wrap_up``); ``left`` when the chair leaves it.

    ``case`` shows the item on screen (``live_case.py``); ``recorder`` records what the chair
    decides (``live_record.py``); this window holds the agenda, the position on it (kept in the
    database, so that it reopens there after a crash), the names choice, the zoom and the keys;
    its widgets and their type size are ``live_layout.py``'s."""

    meeting_closed = Signal(int)
    left = Signal(int)
    drafts_requested = Signal(int)  # from the Afronden screen

    def __init__(self, store: Store, meeting_id: int, parent: QWidget | None = None, *,
                 case_panel: CasePanelFactory | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.store = store
        self.meeting_id = meeting_id
        self.stack = QUndoStack(self)
        self.show_names = False
        self.index = 0
        self.closing_summary: ClosingSummary | None = None
        self.data: LiveMeeting = live_meeting.live_meeting(store, meeting_id)
        self.items: list[LiveItem] = list(self.data.items)
        self.wrap_up: WrapUpView | None = None
        self._position_timer = QTimer(self)
        self._position_timer.setSingleShot(True)
        self._position_timer.setInterval(POSITION_DELAY_MS)
        self._position_timer.timeout.connect(self.remember_position)
        self.zoom = 1.0
        base = QFont(self.font())
        base.setPointSizeF(MIN_POINT_SIZE)
        self.setFont(base)
        self.sizer = TypeSizer(self, MIN_POINT_SIZE)
        self.recorder = LiveRecorder(self)
        self.case = LiveCaseView(store, self.sizer, self, case_panel=case_panel)
        self.build_layout()
        self._connect_buttons()
        self._shortcuts()
        self.refresh_header()
        self.sidebar.fill(self.items, self.index, self.show_names)
        self.apply_base_size(self.wanted_base_size())
        remembered = self.data.meeting.live_item_id
        self.show_index(next((n for n, live in enumerate(self.items)
                              if live.item.id == remembered), 0))

    def _connect_buttons(self) -> None:
        recorder, case = self.recorder, self.case
        self.sidebar.chosen.connect(self._sidebar_row)
        self.names_button.toggled.connect(self.set_show_names)
        self.undo_button.clicked.connect(self.stack.undo)
        self.stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.redo_button.clicked.connect(self.stack.redo)
        self.stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.attendance_button.clicked.connect(recorder.edit_attendance)
        self.close_button.clicked.connect(recorder.close_meeting)
        self.leave_button.clicked.connect(self.close)
        recorder.connect(case)

    def _shortcuts(self) -> None:
        """Bind every key of ``LIVE_KEYS`` to its command."""
        recorder = self.recorder
        commands: dict[str, Callable[[], object]] = {
            "next_case": self.next_case, "previous_case": self.previous_case,
            "first_item": lambda: self.show_index(0),
            "last_item": lambda: self.show_index(len(self.items) - 1),
            "add_decision": recorder.add_decision, "add_action": recorder.add_action,
            "action_done": lambda: recorder.mark_action(ActionStatus.DONE),
            "action_not_done": lambda: recorder.mark_action(ActionStatus.NOT_DONE),
            "change_due": recorder.change_due, "edit_summary": recorder.edit_summary,
            "toggle_discussed": recorder.toggle_discussed,
            "toggle_names": self.names_button.toggle,
            "undo": self.stack.undo, "redo": self.stack.redo,
            "edit_attendance": recorder.edit_attendance,
            "toggle_sidebar": lambda: self.sidebar.setVisible(not self.sidebar.isVisible()),
            "toggle_full_screen": self.toggle_full_screen,
            "zoom_in": lambda: self.change_zoom(0.1), "zoom_out": lambda: self.change_zoom(-0.1),
            "zoom_reset": lambda: self.change_zoom(0), "escape": self._escape,
            "leave": self.close, "show_keys": self.show_keys,
        }
        self.shortcuts: dict[str, QShortcut] = {}
        for live_key in LIVE_KEYS:
            for key in live_key.keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.activated.connect(commands[live_key.command])
                self.shortcuts[key] = shortcut

    # ------------------------------------------------------------------ state
    @property
    def editable(self) -> bool:
        return self.data.meeting.status is MeetingStatus.IN_PROGRESS

    def current(self) -> LiveItem | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    def refresh_header(self) -> None:
        meeting = self.data.meeting
        self.title.setText(meeting_title(meeting.held_on, meeting.starts_at, meeting.place))
        self.title.setToolTip(self.title.text())
        self.setWindowTitle(_("Live-modus — {title}").format(
            title=meeting_title(meeting.held_on, meeting.starts_at, meeting.place)))
        if meeting.status is MeetingStatus.CLOSED:
            self.locked.setText(_("Dit overleg is gesloten; wat hier staat ligt vast."))
            self.locked.show()
        elif meeting.status is MeetingStatus.PLANNED:
            self.locked.setText(_("Dit overleg is nog niet gestart: u kijkt mee, maar kunt nog "
                                  "niets vastleggen."))
            self.locked.show()
        else:
            self.locked.hide()
        self.close_button.setEnabled(self.editable)
        self.attendance_button.setEnabled(meeting.status is not MeetingStatus.CLOSED)
        self.undo_button.setEnabled(self.stack.canUndo())
        self.redo_button.setEnabled(self.stack.canRedo())

    def _sidebar_row(self, row: int) -> None:
        if row >= 0 and row != self.index:
            self.show_index(row)

    # ------------------------------------------------------------------ showing a case
    def next_case(self) -> None:
        if self.index + 1 < len(self.items):
            self.show_index(self.index + 1)

    def previous_case(self) -> None:
        if self.index > 0:
            self.show_index(self.index - 1)

    def show_index(self, index: int) -> None:
        if not self.items:
            self.position.setText(_("Geen agendapunten"))
            self.kind.clear()
            self.case.show_empty()
            return
        self.index = max(0, min(index, len(self.items) - 1))
        self.message.clear()
        self._render()
        if self.editable:
            self._position_timer.start()

    def remember_position(self) -> None:
        """Keep the item on screen in the database (a moment after the chair stops on it)."""
        self._position_timer.stop()
        live = self.current()
        if live is not None and self.editable:
            item_id = live.item.id
            operations.attempt(self, lambda: live_meeting.remember_position(
                self.store, self.meeting_id, item_id), title=_("Live-modus"),
                report=self.command_failed)

    def _render(self) -> None:
        live = self.items[self.index]
        item = live.item
        word = _("Casus") if item.case_id is not None else _("Punt")
        self.position.setText(_("{word} {n} van {total}").format(word=word, n=self.index + 1,
                                                                 total=len(self.items)))
        self.kind.setText(f"· {item.kind.label}")
        self.sidebar.show_current(self.index, live, self.show_names)
        self.case.show_item(live, show_names=self.show_names, editable=self.editable)

    def set_show_names(self, show: bool) -> None:
        if show == self.show_names:
            return
        self.show_names = show
        self.names_button.setText(_("Namen verbergen") if show else _("Namen tonen"))
        if show:
            live_meeting.log_names_shown(self.store, self.meeting_id)
        self.sidebar.fill(self.items, self.index, show)
        if self.items:
            self._render()

    def change_zoom(self, step: float) -> None:
        self.zoom = 1.0 if step == 0 else max(0.6, min(2.0, self.zoom + step))
        self.apply_base_size(self.wanted_base_size())
        self.show_message(_("Lettergrootte {n}%").format(n=round(self.zoom * 100)))

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def _escape(self) -> None:
        if self.isFullScreen():
            self.showNormal()

    # ------------------------------------------------------------------ sink
    def item_changed(self, item_id: int | None) -> None:
        """Read an item again after a change (or the header and owners when None)."""
        if item_id is None:
            self.data = LiveMeeting(meetings.get_meeting(self.store, self.meeting_id),
                                    tuple(self.items),
                                    live_meeting.owner_choices(self.store, self.meeting_id))
            self.refresh_header()
            self._announce()
            return
        index = next((n for n, live in enumerate(self.items) if live.item.id == item_id), None)
        if index is None:
            return
        self.items[index] = live_meeting.live_item(self.store, item_id)
        self.index = index
        self._render()
        self._announce()

    def _announce(self) -> None:
        notice_for(self.store).announce(Change.MEETINGS | Change.ACTIONS)

    def command_failed(self, message: str) -> None:
        self.show_message(message, error=True)

    def meeting_was_closed(self, summary: ClosingSummary) -> None:
        """After closing: the record is locked and the window becomes the Afronden screen,
        pseudonymised, with the minutes on it."""
        self._position_timer.stop()
        self.stack.clear()
        self.data = LiveMeeting(summary.meeting, tuple(self.items), self.data.owners)
        self.refresh_header()
        self.set_show_names(False)
        self.show_index(self.index)  # read-only now (also a meeting without an agenda)
        self.closing_summary = summary
        self.show_wrap_up(summary)
        self.meeting_closed.emit(self.meeting_id)

    def show_wrap_up(self, summary: ClosingSummary) -> WrapUpView:
        """Turn to the Afronden screen of this (closed) meeting; the live keys rest."""
        for shortcut in self.shortcuts.values():
            shortcut.setEnabled(False)
        if self.wrap_up is None:
            self.wrap_up = WrapUpView(self.store, self.meeting_id, self.sizer, self)
            self.wrap_up.done.connect(self.close)
            self.wrap_up.drafts_requested.connect(self.drafts_requested)
            self.pages.addWidget(self.wrap_up)
        self.pages.setCurrentWidget(self.wrap_up)
        meeting = summary.meeting
        self.wrap_up.start(summary, meeting_title(meeting.held_on, meeting.starts_at,
                                                  meeting.place))
        self.setWindowTitle(_("Afronden — {title}").format(
            title=meeting_title(meeting.held_on, meeting.starts_at, meeting.place)))
        return self.wrap_up

    def hide_names(self) -> None:
        """Pseudonyms again (before a lock puts a curtain over the screen)."""
        self.names_button.setChecked(False)

    def show_keys(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, _("Toetsen in de live-modus"),
                          overview_html(), QMessageBox.StandardButton.Ok, self)
        box.setFont(scaled_font(self, 0.7))
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        if self._position_timer.isActive():
            self.remember_position()
        if self.wrap_up is not None:
            self.wrap_up.wait()
        self._announce()
        super().closeEvent(event)
        self.left.emit(self.meeting_id)
