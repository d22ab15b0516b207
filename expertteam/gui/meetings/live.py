"""The chair's live screen: one case at a time, in large type for a projector, keyboard first.

Children show as pseudonym (case number, initials, birth year) until the chair reveals names
(Ctrl+H, logged). The whole agenda is read once when the screen opens, so stepping through the
cases never waits for the database; after a change only the affected agenda item is read again.
Every change goes through a ``QUndoStack`` (Ctrl+Z / Ctrl+Y).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QResizeEvent, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.enums import ActionStatus, Attendance, MeetingStatus
from expertteam.domain.errors import ExpertteamError
from expertteam.formatting import short_date as format_date
from expertteam.gui.case_panel import CasePanel, CasePanelFactory
from expertteam.gui.changes import Change, notice_for
from expertteam.gui.meetings import commands
from expertteam.gui.meetings.attendance import AttendanceWidget
from expertteam.gui.meetings.dialogs import ActionDialog, ActionEntry, DueChangeDialog, TextDialog
from expertteam.gui.meetings.live_keys import LIVE_KEYS, footer_hints, overview_rows
from expertteam.gui.meetings.models import LIVE_COLUMNS, ActionColumn, ActionTableModel
from expertteam.gui.meetings.style import (
    LOCKED_BANNER,
    MUTED_FOREGROUND,
    OVERDUE_FOREGROUND,
    meeting_title,
    scaled_font,
    set_text_colour,
)
from expertteam.i18n import _, ngettext
from expertteam.services import live_meeting, meetings, term_settings
from expertteam.services.actions import ActionInfo, ActionInput
from expertteam.services.live_meeting import LiveItem, LiveMeeting
from expertteam.services.meetings import ClosingSummary
from expertteam.services.store import Store

MIN_POINT_SIZE = 15.0
MAX_POINT_SIZE = 30.0
SIGNALS_DELAY_MS = 300


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


class LiveWindow(QWidget):
    """One meeting, one case at a time. ``meeting_closed`` fires after closing."""

    meeting_closed = Signal(int)

    def __init__(self, store: Store, meeting_id: int, parent: QWidget | None = None, *,
                 case_panel: CasePanelFactory | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._case_panel_factory = case_panel
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.store = store
        self.meeting_id = meeting_id
        self.stack = QUndoStack(self)
        self.show_names = False
        self.index = 0
        self.closing_summary: ClosingSummary | None = None
        self.data: LiveMeeting = live_meeting.live_meeting(store, meeting_id)
        self.items: list[LiveItem] = list(self.data.items)
        self.zoom = 1.0
        self._base_size = MIN_POINT_SIZE
        self._sized_widgets: list[tuple[QWidget, float, bool]] = []
        base = QFont(self.font())
        base.setPointSizeF(self._base_size)
        self.setFont(base)
        self._build()
        self._shortcuts()
        self.refresh_header()
        self._fill_sidebar()
        self.apply_base_size(self._base_size)
        self.show_index(0)

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.title = QLabel(self)
        self._sized(self.title, 0.65, bold=True)
        self.title.setWordWrap(True)
        self.position = QLabel(self)
        self._sized(self.position, 1.0, bold=True)
        self.position.setAccessibleName(_("Positie op de agenda"))
        self.kind = QLabel(self)
        self._sized(self.kind, 0.8)
        self.names_button = QToolButton(self)
        self.names_button.setText(_("Namen tonen"))
        self.names_button.setCheckable(True)
        self.names_button.setToolTip(_("Namen van de kinderen tonen of verbergen (Ctrl+H). "
                                       "Tonen wordt in het logboek vastgelegd."))
        self.names_button.toggled.connect(self.set_show_names)
        self.undo_button = QToolButton(self)
        self.undo_button.setText(_("Ongedaan maken"))
        self.undo_button.setToolTip(_("De laatste wijziging ongedaan maken (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.stack.undo)
        self.stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.redo_button = QToolButton(self)
        self.redo_button.setText(_("Opnieuw"))
        self.redo_button.setToolTip(_("De ongedaan gemaakte wijziging opnieuw uitvoeren "
                                      "(Ctrl+Y)"))
        self.redo_button.clicked.connect(self.stack.redo)
        self.stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.attendance_button = QToolButton(self)
        self.attendance_button.setText(_("Aanwezigheid…"))
        self.attendance_button.setToolTip(_("Aanwezigheid bijwerken, laat aangeschoven "
                                            "(Ctrl+Shift+A)"))
        self.attendance_button.clicked.connect(self.edit_attendance)
        self.close_button = QPushButton(_("Overleg &sluiten…"), self)
        self.close_button.clicked.connect(self.close_meeting)
        self.leave_button = QToolButton(self)
        self.leave_button.setText(_("Verlaten"))
        self.leave_button.setToolTip(_("Live-modus verlaten; het overleg blijft open (Ctrl+W)"))
        self.leave_button.clicked.connect(self.close)
        for button in (self.names_button, self.undo_button, self.redo_button,
                       self.attendance_button, self.close_button, self.leave_button):
            self._sized(button, 0.7)
        top = QHBoxLayout()
        top.addWidget(self.position)
        top.addWidget(self.kind)
        top.addStretch(1)
        for button in (self.undo_button, self.redo_button, self.names_button,
                       self.attendance_button, self.close_button, self.leave_button):
            top.addWidget(button)

        self.locked = QLabel(self)
        self.locked.setStyleSheet(LOCKED_BANNER)
        self.locked.setWordWrap(True)
        self.locked.hide()

        self.sidebar = QListWidget(self)
        self._sized(self.sidebar, 0.75)
        self.sidebar.setAccessibleName(_("Agenda"))
        self.sidebar.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.sidebar.setWordWrap(True)  # names, when shown, wrap instead of scrolling
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sidebar.currentRowChanged.connect(self._sidebar_row)

        self.heading = QLabel(self)
        self._sized(self.heading, 1.6, bold=True)
        self.heading.setAccessibleName(_("Kind"))
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason = QLabel(self)
        self.reason.setWordWrap(True)
        self._sized(self.reason, 0.75)
        set_text_colour(self.reason, MUTED_FOREGROUND)
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._sized(self.facts, 0.8)
        self.goal = QLabel(self)
        self.goal.setWordWrap(True)
        self.goal.setTextFormat(Qt.TextFormat.RichText)
        self.goal.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._sized(self.goal, 0.8)
        for label in (self.facts, self.goal):
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        facts_row = QHBoxLayout()
        facts_row.addWidget(self.facts, 1)
        right_column = QVBoxLayout()
        right_column.addWidget(self.goal)
        right_column.addWidget(self.decisions_holder())
        right_column.addStretch(1)
        facts_row.addLayout(right_column, 1)

        self.actions_label = QLabel(self)
        self._sized(self.actions_label, 0.85, bold=True)
        self.action_model = ActionTableModel(LIVE_COLUMNS, self)
        self.actions_view = QTableView(self)
        self.actions_view.setModel(self.action_model)
        self.actions_view.setAccessibleName(_("Acties van dit kind"))
        self._sized(self.actions_view, 0.8)
        self.actions_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.actions_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.actions_view.setWordWrap(True)
        self.actions_view.verticalHeader().hide()
        self.actions_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.actions_view.horizontalHeader()
        header.setSectionResizeMode(LIVE_COLUMNS.index(ActionColumn.NUMBER),
                                    QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LIVE_COLUMNS.index(ActionColumn.DESCRIPTION),
                                    QHeaderView.ResizeMode.Stretch)
        for column in (ActionColumn.OWNER, ActionColumn.DUE, ActionColumn.STATUS):
            header.setSectionResizeMode(LIVE_COLUMNS.index(column),
                                        QHeaderView.ResizeMode.Fixed)
        self.actions_view.viewport().installEventFilter(self)
        self.no_actions = QLabel(_("Nog geen acties voor dit kind — Ctrl+A voegt een actie "
                                   "toe."), self)
        self._sized(self.no_actions, 0.75)
        set_text_colour(self.no_actions, MUTED_FOREGROUND)

        self.discussed = QCheckBox(_("Besproken (Ctrl+B)"), self)
        self._sized(self.discussed, 0.75)
        self.discussed.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.discussed.clicked.connect(lambda checked: self.set_discussed(checked))
        self.add_decision_button = QPushButton(_("Besluit…"), self)
        self.add_action_button = QPushButton(_("Actie…"), self)
        self.done_button = QPushButton(_("Gedaan…"), self)
        self.not_done_button = QPushButton(_("Niet gedaan…"), self)
        self.due_button = QPushButton(_("Termijn…"), self)
        self.summary_button = QPushButton(_("Samenvatting…"), self)
        for button, tip in (
                (self.add_decision_button, _("Besluit vastleggen (Ctrl+D)")),
                (self.add_action_button, _("Actie toevoegen (Ctrl+A)")),
                (self.done_button, _("Gekozen actie gedaan (Ctrl+Enter)")),
                (self.not_done_button, _("Gekozen actie niet gedaan, met reden "
                                         "(Ctrl+Shift+Enter)")),
                (self.due_button, _("Termijn van de gekozen actie verzetten (Ctrl+T)")),
                (self.summary_button, _("Samenvatting van de bespreking (Ctrl+E)"))):
            button.setToolTip(tip)
        self.add_decision_button.clicked.connect(self.add_decision)
        self.add_action_button.clicked.connect(self.add_action)
        self.done_button.clicked.connect(lambda: self.mark_action(ActionStatus.DONE))
        self.not_done_button.clicked.connect(lambda: self.mark_action(ActionStatus.NOT_DONE))
        self.due_button.clicked.connect(self.change_due)
        self.summary_button.clicked.connect(self.edit_summary)
        self.edit_buttons = (self.add_decision_button, self.add_action_button, self.done_button,
                             self.not_done_button, self.due_button, self.summary_button)
        buttons = QHBoxLayout()
        for button in self.edit_buttons:
            self._sized(button, 0.7)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.discussed)

        content = QVBoxLayout()
        content.addWidget(self.heading)
        content.addWidget(self.reason)
        content.addLayout(facts_row)
        # Escalation signals of the case on screen (issue 5; the panel hides itself when none),
        # given by the shell: the meetings package does not import the escalations package.
        factory = self._case_panel_factory
        self.signals_panel = factory(self.store, self) if factory else CasePanel(self)
        self._sized(self.signals_panel, 0.7)
        self._sized(self.signals_panel.title, 0.7, bold=True)  # its style sheet drops the font
        content.addWidget(self.signals_panel)
        self._signals_timer = QTimer(self)
        self._signals_timer.setSingleShot(True)
        self._signals_timer.setInterval(SIGNALS_DELAY_MS)
        self._signals_timer.timeout.connect(self.load_signals)
        content.addWidget(self.actions_label)
        content.addWidget(self.actions_view, 3)
        content.addWidget(self.no_actions)
        content.addLayout(buttons)
        side = QVBoxLayout()
        side.addWidget(self.title)
        side.addWidget(self.sidebar, 1)
        body = QHBoxLayout()
        body.addLayout(side)
        separator = QFrame(self)
        separator.setFrameShape(QFrame.Shape.VLine)
        body.addWidget(separator)
        body.addLayout(content, 1)

        self.hints = QLabel("   ".join(f"<b>{key}</b> {_(text)}"
                                       for key, text in footer_hints()), self)
        self._sized(self.hints, 0.6)
        self.hints.setWordWrap(True)
        set_text_colour(self.hints, MUTED_FOREGROUND)
        self.message = QLabel(self)
        self._sized(self.message, 0.7, bold=True)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 6)
        layout.addLayout(top)
        layout.addWidget(self.locked)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.hints)

    # ------------------------------------------------------------------ type size
    def _font_at(self, factor: float, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(self._base_size * factor)
        font.setBold(bold)
        return font

    def _sized(self, widget: QWidget, factor: float, bold: bool = False) -> None:
        """Give ``widget`` a type size relative to the screen's base size, kept on resize."""
        self._sized_widgets.append((widget, factor, bold))
        widget.setFont(self._font_at(factor, bold))

    def wanted_base_size(self) -> float:
        """Large enough to read from the back of the room: grows with the window height (15 pt
        at 768 pixels, about 21 pt at 1080), times the chair's zoom (Ctrl+plus/minus)."""
        by_height = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, self.height() / 50))
        return round(by_height * self.zoom * 2) / 2

    def apply_base_size(self, size: float) -> None:
        self._base_size = size
        base = QFont(self.font())
        base.setPointSizeF(size)
        self.setFont(base)
        for widget, factor, bold in self._sized_widgets:
            widget.setFont(self._font_at(factor, bold))
        self.signals_panel.setMaximumHeight(self.signals_panel.fontMetrics().lineSpacing() * 6)
        width = self.sidebar.fontMetrics().horizontalAdvance("✔ 13. ET-2026-0000 · M.H. · 2021")
        self.sidebar.setFixedWidth(width + 28)
        self.title.setFixedWidth(width + 28)
        self._fit_action_columns()

    def change_zoom(self, step: float) -> None:
        self.zoom = 1.0 if step == 0 else max(0.6, min(2.0, self.zoom + step))
        self.apply_base_size(self.wanted_base_size())
        self.show_message(_("Lettergrootte {n}%").format(n=round(self.zoom * 100)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        wanted = self.wanted_base_size()
        if abs(wanted - self._base_size) >= 0.5:
            self.apply_base_size(wanted)

    def decisions_holder(self) -> QLabel:
        """The decisions of the item on screen (created with the facts, shown beside them)."""
        self.decisions = QLabel(self)
        self.decisions.setWordWrap(True)
        self.decisions.setTextFormat(Qt.TextFormat.RichText)
        self.decisions.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._sized(self.decisions, 0.8)
        return self.decisions

    def _shortcuts(self) -> None:
        """Bind every key of ``LIVE_KEYS`` to its command."""
        commands: dict[str, Callable[[], object]] = {
            "next_case": self.next_case, "previous_case": self.previous_case,
            "first_item": lambda: self.show_index(0),
            "last_item": lambda: self.show_index(len(self.items) - 1),
            "add_decision": self.add_decision, "add_action": self.add_action,
            "action_done": lambda: self.mark_action(ActionStatus.DONE),
            "action_not_done": lambda: self.mark_action(ActionStatus.NOT_DONE),
            "change_due": self.change_due, "edit_summary": self.edit_summary,
            "toggle_discussed": self.toggle_discussed, "toggle_names": self.names_button.toggle,
            "undo": self.stack.undo, "redo": self.stack.redo,
            "edit_attendance": self.edit_attendance,
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
        self._update_undo_buttons()

    def _update_undo_buttons(self) -> None:
        self.undo_button.setEnabled(self.stack.canUndo())
        self.redo_button.setEnabled(self.stack.canRedo())

    def _item_label(self, number: int, item: LiveItem) -> str:
        mark = "✔" if item.item.discussed else "  "
        return f"{mark} {number}. {item.item.heading(self.show_names)}"

    def _fill_sidebar(self) -> None:
        self.sidebar.blockSignals(True)
        self.sidebar.clear()
        for number, item in enumerate(self.items, start=1):
            entry = QListWidgetItem(self._item_label(number, item))
            entry.setToolTip(item.item.title)
            self.sidebar.addItem(entry)
        self.sidebar.setCurrentRow(self.index)
        self.sidebar.blockSignals(False)

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
            self._render_empty()
            return
        self.index = max(0, min(index, len(self.items) - 1))
        self.message.clear()
        self._render()

    def _render_empty(self) -> None:
        self.position.setText(_("Geen agendapunten"))
        self.heading.setText(_("De agenda is leeg"))
        self.reason.setText(_("Zet casussen op de agenda via de pagina Overleggen."))
        for label in (self.facts, self.goal, self.decisions, self.kind, self.actions_label):
            label.clear()
        self.action_model.set_actions([], self.store.today())
        self.signals_panel.set_case(None)
        for button in self.edit_buttons:
            button.setEnabled(False)

    def _render(self) -> None:
        live = self.items[self.index]
        item = live.item
        total = len(self.items)
        word = _("Casus") if item.case_id is not None else _("Punt")
        self.position.setText(_("{word} {n} van {total}").format(word=word, n=self.index + 1,
                                                                 total=total))
        self.kind.setText(f"· {item.kind.label}")
        self.heading.setText(item.heading(self.show_names))
        self.reason.setText(item.title if item.case_id is not None else "")
        self.facts.setText(self._facts_html(live))
        self.goal.setText(self._goal_html(live))
        self.decisions.setText(self._decisions_html(live))
        self.action_model.set_actions(live.actions, self.store.today())
        self.actions_view.setVisible(bool(live.actions))
        self.no_actions.setVisible(not live.actions and item.case_id is not None)
        self._fit_action_columns()
        if live.actions:
            first_open = next((n for n, a in enumerate(live.actions)
                               if a.status is ActionStatus.OPEN), 0)
            self.actions_view.selectionModel().setCurrentIndex(
                self.action_model.index(first_open, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect |
                QItemSelectionModel.SelectionFlag.Rows)
        open_count = len(live.open_actions)
        overdue = sum(1 for a in live.actions if a.overdue)
        text = ngettext("{n} open actie", "{n} open acties", open_count).format(n=open_count)
        if overdue:
            text += " · " + ngettext("{n} verlopen", "{n} verlopen", overdue).format(n=overdue)
        self.actions_label.setText(_("Acties — {summary}").format(summary=text))
        self.discussed.setChecked(item.discussed)
        # The signals are computed from the database; read them once the chair stays on a
        # case, so that paging through the agenda never waits (stale ones are hidden at once).
        if self.signals_panel.case_id != item.case_id:
            self.signals_panel.hide()
        self._signals_timer.start()
        editable = self.editable
        has_case = item.case_id is not None
        self.add_decision_button.setEnabled(editable)
        self.summary_button.setEnabled(editable)
        self.add_action_button.setEnabled(editable and has_case)
        for button in (self.done_button, self.not_done_button, self.due_button):
            button.setEnabled(editable and open_count > 0)
        self.discussed.setEnabled(editable)
        self.sidebar.blockSignals(True)
        self.sidebar.setCurrentRow(self.index)
        self.sidebar.item(self.index).setText(self._item_label(self.index + 1, live))
        self.sidebar.blockSignals(False)
        self.actions_view.setFocus()

    def load_signals(self) -> None:
        """Show the escalation signals of the case on screen."""
        live = self.current()
        self.signals_panel.set_case(live.item.case_id if live is not None else None)

    def _fit_action_columns(self) -> None:
        """Owner, due date and status get fixed shares of the width; the action text takes
        the rest and wraps."""
        width = self.actions_view.viewport().width()
        if width <= 0:
            return
        header = self.actions_view.horizontalHeader()
        for column, share in ((ActionColumn.OWNER, 0.25), (ActionColumn.DUE, 0.24),
                              (ActionColumn.STATUS, 0.13)):
            header.resizeSection(LIVE_COLUMNS.index(column), int(width * share))
        self.actions_view.resizeRowsToContents()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.actions_view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_action_columns()
        return super().eventFilter(watched, event)

    def _facts_html(self, live: LiveItem) -> str:
        case = live.case
        if case is None:
            return _esc(live.item.summary) if live.item.summary else ""
        rows: list[tuple[str, str]] = []
        if self.show_names:
            rows.append((_("Naam"), case.full_name))
        rows.append((_("Gemeente"), case.municipality_name or "—"))
        gi = case.gi_name or "—"
        if case.jeugdbeschermer_name:
            gi += f" ({case.jeugdbeschermer_name})"
        else:
            gi += " — " + _("geen vaste jeugdbeschermer")
        rows.append((_("GI"), gi))
        if case.measures:
            rows.append((_("Maatregel"), ", ".join(m.label for m in case.measures)))
        if case.waiting_for is not None and case.days_waiting is not None:
            rows.append((_("Wacht op"), _("{what}, {n} dagen (sinds {since})").format(
                what=case.waiting_for.label.lower(), n=case.days_waiting,
                since=format_date(case.waiting_since) if case.waiting_since else "?")))
        rows.append((_("Status"), case.status.label))
        lines = "".join(f"<tr><td style='padding-right:10px'><b>{_esc(key)}</b></td>"
                        f"<td>{_esc(value)}</td></tr>" for key, value in rows)
        blockers = "".join(
            f"<li>{_esc(b.kind.label)}{' — ' + _esc(b.provider_name) if b.provider_name else ''}"
            f"{' (' + _('sinds') + ' ' + format_date(b.since) + ')' if b.since else ''}</li>"
            for b in case.blockers)
        blocker_html = (f"<b>{_esc(_('Knelpunten'))}</b><ul style='margin:0'>{blockers}</ul>"
                        if blockers else f"<b>{_esc(_('Knelpunten'))}</b>: {_esc(_('geen'))}")
        return f"<table>{lines}</table>{blocker_html}"

    def _goal_html(self, live: LiveItem) -> str:
        parts = []
        if live.case is not None:
            goal = live.case.goal or _("(nog geen doorbraakdoel vastgelegd)")
            parts.append(f"<b>{_esc(_('Doorbraakdoel'))}</b><br>{_esc(goal)}")
        if live.item.summary and live.case is not None:
            parts.append(f"<b>{_esc(_('Samenvatting'))}</b><br>{_esc(live.item.summary)}")
        return "<br><br>".join(parts)

    def _decisions_html(self, live: LiveItem) -> str:
        if not live.decisions:
            muted = MUTED_FOREGROUND.name()
            return f"<b>{_esc(_('Besluiten'))}</b>: <span style='color:{muted}'>" \
                f"{_esc(_('nog geen — Ctrl+D legt een besluit vast'))}</span>"
        items = "".join(f"<li>{_esc(d.text)}</li>" for d in live.decisions)
        return f"<b>{_esc(_('Besluiten'))}</b><ol style='margin:0'>{items}</ol>"

    def set_show_names(self, show: bool) -> None:
        if show == self.show_names:
            return
        self.show_names = show
        self.names_button.setText(_("Namen verbergen") if show else _("Namen tonen"))
        if show:
            live_meeting.log_names_shown(self.store, self.meeting_id)
        self._fill_sidebar()
        if self.items:
            self._render()

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

    def show_message(self, message: str, *, error: bool = False) -> None:
        set_text_colour(self.message, OVERDUE_FOREGROUND if error else MUTED_FOREGROUND)
        self.message.setText(message)

    def _perform(self, command: commands.ServiceCommand) -> bool:
        try:
            commands.perform(self.stack, command)
        except ExpertteamError as error:
            self.show_message(error.message, error=True)
            return False
        return True

    # ------------------------------------------------------------------ recording
    def _context(self, live: LiveItem) -> str:
        return _("Bij: {heading}").format(heading=live.item.heading(self.show_names))

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def add_decision(self) -> QDialog | None:
        live = self.current()
        if live is None or not self.add_decision_button.isEnabled():
            return None
        item = live.item

        def submit(text: str) -> None:
            commands.perform(self.stack, commands.AddDecision(self.store, self, item.id, text,
                                                              item.discussed))

        return self._open(TextDialog(
            _("Besluit"), _("&Besluit"), self, submit=submit, context=self._context(live),
            hint=_("Ctrl+Enter slaat op, Esc annuleert.")))

    def edit_summary(self) -> QDialog | None:
        live = self.current()
        if live is None or not self.summary_button.isEnabled():
            return None
        item = live.item

        def submit(text: str) -> None:
            commands.perform(self.stack, commands.ChangeSummary(
                self.store, self, item.id, item.summary, text, item.discussed))

        return self._open(TextDialog(
            _("Samenvatting"), _("&Samenvatting"), self, submit=submit, text=item.summary,
            context=self._context(live), hint=_("Ctrl+Enter slaat op, Esc annuleert.")))

    def add_action(self) -> QDialog | None:
        live = self.current()
        if live is None or live.item.case_id is None or not self.add_action_button.isEnabled():
            return None
        item = live.item
        case_id = live.item.case_id

        def submit(entry: ActionEntry) -> None:
            data = ActionInput(
                case_id=case_id, description=entry.description,
                owner_organisation_id=entry.owner.organisation_id if entry.owner else None,
                owner_contact_id=entry.owner.contact_id if entry.owner else None,
                due_on=entry.due_on, agenda_item_id=item.id)
            commands.perform(self.stack, commands.AddAction(self.store, self, data,
                                                            self.meeting_id))
            self._select_last_new_action()

        return self._open(ActionDialog(self, context=self._context(live),
                                       owners=self.data.owners, today=self.store.today(),
                                       submit=submit,
                                       default_days=term_settings.action_due_days(self.store)))

    def _select_last_new_action(self) -> None:
        actions = self.action_model.actions()
        if actions:
            newest = max(range(len(actions)), key=lambda n: actions[n].number)
            self.actions_view.selectRow(newest)

    def selected_action(self) -> ActionInfo | None:
        index = self.actions_view.currentIndex()
        if index.isValid():
            return self.action_model.action_at(index.row())
        open_actions = [a for a in self.action_model.actions() if a.is_open]
        return open_actions[0] if len(open_actions) == 1 else None

    def mark_action(self, status: ActionStatus) -> QDialog | None:
        live = self.current()
        if live is None or not self.editable:
            return None
        action = self.selected_action()
        if action is None:
            self.show_message(_("Kies eerst een actie met de pijltjestoetsen."), error=True)
            return None
        if not action.is_open:
            self.show_message(_("Actie {n} is al afgehandeld ({status}); Ctrl+Z maakt dat "
                                "ongedaan.").format(n=action.number,
                                                    status=action.status.label.lower()),
                              error=True)
            return None
        item_id = live.item.id

        def submit(note: str) -> None:
            commands.perform(self.stack, commands.ChangeActionStatus(
                self.store, self, item_id, self.meeting_id, action.id, status, note))

        title = _("Actie {n} gedaan") if status is ActionStatus.DONE else \
            _("Actie {n} niet gedaan")
        hint = _("Enter slaat op; een toelichting is niet verplicht.") \
            if status is ActionStatus.DONE else \
            _("Licht toe waarom het niet is gelukt; Enter slaat op.")
        return self._open(TextDialog(
            title.format(n=action.number), _("&Toelichting"), self, submit=submit,
            multiline=False, context=f"{action.number}. {action.description} — "
                                     f"{action.owner_label}", hint=hint))

    def change_due(self) -> QDialog | None:
        live = self.current()
        if live is None or not self.editable:
            return None
        action = self.selected_action()
        if action is None or not action.is_open:
            self.show_message(_("Kies eerst een open actie met de pijltjestoetsen."), error=True)
            return None
        item_id = live.item.id

        def submit(due_on: date, note: str) -> None:
            commands.perform(self.stack, commands.ChangeDueDate(
                self.store, self, item_id, self.meeting_id, action.id, due_on, note))

        return self._open(DueChangeDialog(
            self, context=f"{action.number}. {action.description} — {action.owner_label}",
            today=self.store.today(), submit=submit))

    def set_discussed(self, discussed: bool) -> None:
        live = self.current()
        if live is None or not self.editable or live.item.discussed == discussed:
            self.discussed.setChecked(live.item.discussed if live else False)
            return
        self._perform(commands.SetDiscussed(self.store, self, live.item.id, discussed))

    def toggle_discussed(self) -> None:
        live = self.current()
        if live is not None:
            self.set_discussed(not live.item.discussed)

    # ------------------------------------------------------------------ meeting
    def edit_attendance(self) -> AttendanceDialog | None:
        if self.data.meeting.status is MeetingStatus.CLOSED:
            return None
        dialog = AttendanceDialog(self)
        self._open(dialog)
        dialog.attendance.table.setFocus()
        return dialog

    def close_meeting(self) -> QMessageBox | None:
        """Ask to close the meeting (saying what carries over); closing happens on yes."""
        if not self.editable:
            return None
        undiscussed = [live for live in self.items if not live.item.discussed]
        unknown = [i for i in self.data.meeting.invitees if i.attendance is Attendance.UNKNOWN]
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
                          "\n\n".join(lines), QMessageBox.StandardButton.NoButton, self)
        box.setFont(scaled_font(self, 0.7))
        confirm = box.addButton(_("Overleg sluiten"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Terug naar het overleg"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(confirm)
        box.buttonClicked.connect(
            lambda button: self.confirm_close() if button is confirm else None)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def confirm_close(self) -> ClosingSummary | None:
        """Close the meeting (after the confirmation) and leave the live screen."""
        try:
            summary = meetings.close_meeting(self.store, self.meeting_id)
        except ExpertteamError as error:
            self.show_message(error.message, error=True)
            return None
        self.stack.clear()
        self.data = LiveMeeting(summary.meeting, tuple(self.items), self.data.owners)
        self.refresh_header()
        self._render()
        self.closing_summary = summary
        notice_for(self.store).announce(Change.MEETINGS | Change.ACTIONS | Change.CASES)
        self.meeting_closed.emit(self.meeting_id)
        self.close()
        return summary

    def show_keys(self) -> None:
        rows = "".join(f"<tr><td><b>{_esc(shortcut)}</b></td><td>{_esc(_(text))}</td></tr>"
                       for shortcut, text in overview_rows())
        box = QMessageBox(QMessageBox.Icon.Information, _("Toetsen in de live-modus"),
                          f"<table cellspacing='4'>{rows}</table>",
                          QMessageBox.StandardButton.Ok, self)
        box.setFont(scaled_font(self, 0.7))
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        self._announce()
        super().closeEvent(event)


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
        done.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Toets 1 aanwezig · 2 afwezig · 3 afgemeld"), self))
        layout.addWidget(self.attendance, 1)
        layout.addWidget(done, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(int(window.width() * 0.7), int(window.height() * 0.7))

    def item_changed(self, item_id: int | None) -> None:
        self.window_.item_changed(None)
        self.attendance.set_meeting(self.window_.data.meeting)

    def command_failed(self, message: str) -> None:
        self.window_.command_failed(message)
