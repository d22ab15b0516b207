"""The live screen's layout: the top row of buttons, the agenda beside the case, the message
line and the key hints, and the type size that follows the window's height and the chair's
zoom. What the keys and buttons do is the live window's (``live.py``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from expertteam.gui.meetings.live_case import AgendaSidebar, LiveCaseView
from expertteam.gui.meetings.live_keys import footer_hints
from expertteam.gui.meetings.style import (
    LOCKED_BANNER,
    MUTED_FOREGROUND,
    OVERDUE_FOREGROUND,
    TypeSizer,
    set_text_colour,
)
from expertteam.i18n import _

MIN_POINT_SIZE = 15.0
MAX_POINT_SIZE = 30.0


class LiveLayout(QWidget):
    """The live window's widgets; the window sets ``sizer``, ``case`` and ``zoom`` before
    ``build_layout``."""

    sizer: TypeSizer
    case: LiveCaseView
    zoom: float

    def build_layout(self) -> None:
        """The widgets of the meeting page (top row, agenda, case, message, key hints) in a
        stack the Afronden screen joins later."""
        sized = self.sizer.sized
        self.title = QLabel(self)
        sized(self.title, 0.65, bold=True)
        self.title.setWordWrap(True)
        self.position = QLabel(self)
        sized(self.position, 1.0, bold=True)
        self.position.setAccessibleName(_("Positie op de agenda"))
        self.kind = QLabel(self)
        sized(self.kind, 0.8)
        top = QHBoxLayout()
        top.addWidget(self.position)
        top.addWidget(self.kind)
        top.addStretch(1)
        for button in self._top_buttons():
            sized(button, 0.7)
            top.addWidget(button)

        self.locked = QLabel(self)
        self.locked.setStyleSheet(LOCKED_BANNER)
        self.locked.setWordWrap(True)
        self.locked.hide()

        self.sidebar = AgendaSidebar(self.sizer, self)
        side = QVBoxLayout()
        side.addWidget(self.title)
        side.addWidget(self.sidebar, 1)
        body = QHBoxLayout()
        body.addLayout(side)
        separator = QFrame(self)
        separator.setFrameShape(QFrame.Shape.VLine)
        body.addWidget(separator)
        body.addWidget(self.case, 1)

        self.hints = QLabel("   ".join(f"<b>{key}</b> {_(text)}"
                                       for key, text in footer_hints()), self)
        sized(self.hints, 0.6)
        self.hints.setWordWrap(True)
        set_text_colour(self.hints, MUTED_FOREGROUND)
        self.message = QLabel(self)
        sized(self.message, 0.7, bold=True)
        self.message.setWordWrap(True)
        self.meeting_page = QWidget(self)
        layout = QVBoxLayout(self.meeting_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.locked)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.hints)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.meeting_page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 6)
        outer.addWidget(self.pages)

    def _top_buttons(self) -> tuple[QWidget, ...]:
        def tool(text: str, tip: str) -> QToolButton:
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            return button

        self.undo_button = tool(_("Ongedaan maken"), _("De laatste wijziging ongedaan maken "
                                                       "(Ctrl+Z)"))
        self.redo_button = tool(_("Opnieuw"), _("De ongedaan gemaakte wijziging opnieuw "
                                                "uitvoeren (Ctrl+Y)"))
        self.names_button = tool(_("Namen tonen"), _("Namen van de kinderen tonen of verbergen "
                                                     "(Ctrl+H). Tonen wordt in het logboek "
                                                     "vastgelegd."))
        self.names_button.setCheckable(True)
        self.attendance_button = tool(_("Aanwezigheid…"), _("Aanwezigheid bijwerken, laat "
                                                            "aangeschoven (Ctrl+Shift+A)"))
        self.close_button = QPushButton(_("Overleg &sluiten…"), self)
        self.leave_button = tool(_("Verlaten"), _("Live-modus verlaten; het overleg blijft "
                                                  "open (Ctrl+W)"))
        buttons = (self.undo_button, self.redo_button, self.names_button,
                   self.attendance_button, self.close_button, self.leave_button)
        for button in buttons:  # keys and Alt+S reach them; a Space meant elsewhere must not
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return buttons

    # ------------------------------------------------------------------ type size
    def wanted_base_size(self) -> float:
        """Large enough to read from the back of the room: grows with the window height in
        screen pixels (15 pt at 768 pixels, about 21 pt at 1080), times the chair's zoom
        (Ctrl+plus/minus). Counted in screen pixels, so that the screen's own scaling (125 %
        on many laptops) does not make the type outgrow a 1366×768 screen."""
        ratio = self.devicePixelRatioF() or 1.0
        by_height = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, self.height() * ratio / 50))
        return round(by_height / ratio * self.zoom * 2) / 2

    def apply_base_size(self, size: float) -> None:
        self.sizer.apply(size)
        panel = self.case.signals_panel
        panel.setMaximumHeight(panel.fontMetrics().lineSpacing() * 6)
        self.title.setFixedWidth(self.sidebar.fit_width())
        self.case.fit_action_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        wanted = self.wanted_base_size()
        if abs(wanted - self.sizer.base) >= 0.5:
            self.apply_base_size(wanted)

    def show_message(self, message: str, *, error: bool = False) -> None:
        set_text_colour(self.message, OVERDUE_FOREGROUND if error else MUTED_FOREGROUND)
        self.message.setText(message)
