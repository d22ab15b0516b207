"""Colours, fonts and small formatting helpers shared by the meeting screens.

Overdue is always shown with text as well as colour (never colour alone), and the colours keep
a contrast ratio above 7:1 for the text on them, so they survive a washed-out projector.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import QAbstractButton, QWidget

from expertteam.domain.due_dates import describe_due
from expertteam.domain.enums import ActionStatus, Attendance, MeetingStatus
from expertteam.formatting import date_time, short_time
from expertteam.formatting import short_date as format_date
from expertteam.i18n import _

OVERDUE_BACKGROUND = QColor("#fde2e1")
OVERDUE_FOREGROUND = QColor("#8a0000")
DONE_FOREGROUND = QColor("#1b5e20")
MUTED_FOREGROUND = QColor("#555555")
DROPPED_FOREGROUND = QColor("#777777")
PRESENT_BACKGROUND = QColor("#e3f2e5")
ABSENT_BACKGROUND = QColor("#f1f1f1")
LOCKED_BANNER = "background:#fff4d6; color:#3d2e00; border:1px solid #d9b54a; padding:6px;"
STATUS_MARK = {
    ActionStatus.OPEN: "○",
    ActionStatus.DONE: "✔",
    ActionStatus.NOT_DONE: "✘",
    ActionStatus.CANCELLED: "–",
}
ATTENDANCE_MARK = {
    Attendance.UNKNOWN: "?",
    Attendance.PRESENT: "✔",
    Attendance.ABSENT: "✘",
    Attendance.EXCUSED: "–",
}


def set_text_colour(widget: QWidget, colour: QColor) -> None:
    """Colour a label's text through its palette (a style sheet would drop the font the label
    inherits, which matters in the large-type live screen)."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    palette.setColor(QPalette.ColorRole.Text, colour)
    widget.setPalette(palette)


def buttons_in_own_type(widget: QWidget) -> None:
    """Give ``widget``'s buttons its type size: buttons take the platform's button font
    instead of inheriting, which left them small in the live screen's large dialogs."""
    for button in widget.findChildren(QAbstractButton):
        button.setFont(widget.font())


def scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    """The widget's font scaled by ``factor`` (point size), optionally bold."""
    font = QFont(widget.font())
    size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(max(6.0, size * factor))
    font.setBold(bold)
    return font


def meeting_title(held_on: date, starts_at: time | None, place: str) -> str:
    """``Overleg 23-11-2026, 09:30 — Gemeentehuis Hoorn``."""
    text = _("Overleg {date}").format(date=format_date(held_on))
    if starts_at is not None:
        text += f", {short_time(starts_at)}"
    if place:
        text += f" — {place}"
    return text


def status_text(status: MeetingStatus) -> str:
    return status.label


def due_text(due_on: date, status: ActionStatus, today: date) -> str:
    """``07-12-2026 · over 10 werkdagen`` for open actions, the bare date otherwise."""
    if status is not ActionStatus.OPEN:
        return format_date(due_on)
    return f"{format_date(due_on)} · {describe_due(due_on, today)}"


def local_time(moment: datetime) -> str:
    """A stored UTC timestamp as local ``dd-mm-jjjj uu:mm``."""
    from datetime import UTC

    local = moment.replace(tzinfo=UTC).astimezone()
    return date_time(local)


class KeyHandler(QObject):
    """Keys handled by a view itself (1/2/3 for attendance, Alt+↑/↓ to move an agenda item):
    an event filter, so the key works whenever the view has focus and the view's own handling
    of other keys is untouched."""

    def __init__(self, view: QWidget,
                 bindings: dict[tuple[Qt.Key, Qt.KeyboardModifier], Callable[[], object]]) -> None:
        super().__init__(view)
        self.bindings = bindings
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            call = self.bindings.get((Qt.Key(event.key()), modifiers))
            if call is not None:
                call()
                return True
        return super().eventFilter(watched, event)


class TypeSizer:
    """Type sizes relative to a screen's base size (the live screen grows its type with the
    window): each registered widget keeps its factor and weight when the base size changes."""

    def __init__(self, root: QWidget, base: float) -> None:
        self.root, self.base = root, base
        self._widgets: list[tuple[QWidget, float, bool]] = []

    def font(self, factor: float, bold: bool = False) -> QFont:
        font = QFont(self.root.font())
        font.setPointSizeF(self.base * factor)
        font.setBold(bold)
        return font

    def sized(self, widget: QWidget, factor: float, bold: bool = False) -> None:
        """Give ``widget`` ``factor`` times the base size, now and after every change."""
        self._widgets.append((widget, factor, bold))
        widget.setFont(self.font(factor, bold))

    def apply(self, base: float) -> None:
        self.base = base
        root_font = QFont(self.root.font())
        root_font.setPointSizeF(base)
        self.root.setFont(root_font)
        for widget, factor, bold in self._widgets:
            widget.setFont(self.font(factor, bold))
