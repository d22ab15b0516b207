"""The start page: what needs attention today, as tiles that lead to the cases behind them."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from expertteam import formatting as fmt
from expertteam.domain.errors import ExpertteamError
from expertteam.gui.changes import Change, follow_changes
from expertteam.i18n import _
from expertteam.services import dashboard
from expertteam.services.dashboard import Dashboard, Figure, Section
from expertteam.services.store import Store

TILES_PER_ROW = 4
MUTED_FOREGROUND = QColor("#555555")
ATTENTION_BAR = QColor("#8a0000")
_TILE_STYLE = """
QPushButton#tile {{ text-align: left; border: 1px solid #8a8a8a; border-radius: 6px;
                    background: palette(base); padding: 0px; {extra} }}
QPushButton#tile:hover {{ border-color: #202020; }}
QPushButton#tile:focus {{ border: 2px solid palette(highlight); }}
QPushButton#tile:disabled {{ background: palette(window); }}
"""
# Needing attention shows as a thick dark bar on the tile's left edge: a shape, not a hue.
_ATTENTION = f"border-left: 7px solid {ATTENTION_BAR.name()};"


def scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    """The widget's font scaled by ``factor``, optionally bold."""
    font = QFont(widget.font())
    size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(max(6.0, size * factor))
    font.setBold(bold)
    return font


class FigureTile(QPushButton):
    """One figure: the number large, what it counts, and a detail line. Clicking (or Enter)
    asks for the cases behind it; a tile without cases is disabled."""

    def __init__(self, figure: Figure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure = figure
        self.setObjectName("tile")
        self.setStyleSheet(_TILE_STYLE.format(extra=_ATTENTION if figure.attention else ""))
        self.value_label = QLabel(figure.value)
        self.value_label.setFont(scaled_font(self, 2.0 if len(figure.value) < 12 else 1.35,
                                             bold=True))
        self.title_label = QLabel(figure.title)
        self.title_label.setFont(scaled_font(self, 1.0, bold=True))
        self.title_label.setWordWrap(True)
        self.detail_label = QLabel(figure.detail)
        self.detail_label.setWordWrap(True)
        self.detail_label.setStyleSheet(f"color: {MUTED_FOREGROUND.name()};")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 10, 10)
        layout.setSpacing(2)
        for label in (self.value_label, self.title_label, self.detail_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setEnabled(bool(figure.case_ids))
        spoken = f"{figure.title}: {figure.value}. {figure.detail}"
        self.setAccessibleName(spoken)
        count = len(figure.case_ids)
        if count == 1:
            self.setToolTip(_("Toon de casus achter dit getal in het register"))
        elif count:
            self.setToolTip(_("Toon de {n} casussen achter dit getal in het register").format(
                n=count))
        else:
            self.setToolTip(_("Geen casussen achter dit getal"))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        layout = self.layout()
        hint = layout.sizeHint() if layout is not None else super().sizeHint()
        # Room for a title and a detail line that wrap once each at the narrowest width.
        return QSize(max(200, hint.width()), max(124, hint.height()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return QSize(180, self.sizeHint().height())


class DashboardPage(QWidget):
    """The dashboard. ``cases_requested(title, case_ids)`` when a tile is chosen."""

    cases_requested = Signal(str, list)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store.with_origin("gui:dashboard")
        self.dashboard: Dashboard | None = None
        self.tiles: dict[str, FigureTile] = {}
        # Shown: refreshed at once; hidden: refreshed anyway each time it is shown.
        follow_changes(self, store, Change.EVERYTHING & ~Change.USERS,
                       lambda: self.refresh() if self.isVisible() else None, when_hidden=True)

        self.heading = QLabel()
        self.heading.setFont(scaled_font(self, 1.5, bold=True))
        self.hint = QLabel(_("Klik op een tegel om de casussen achter het getal in het register "
                             "te zien."))
        self.hint.setStyleSheet(f"color: {MUTED_FOREGROUND.name()};")
        self.refresh_button = QPushButton(_("Vernieuwen"))
        self.refresh_button.setToolTip(_("Cijfers opnieuw ophalen (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence("F5"), self, self.refresh,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.hint)
        top.addLayout(titles, 1)
        top.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)

        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(scroll, 1)

    def refresh(self) -> None:
        """Read the figures again (fast: a few queries, no history)."""
        try:
            board = dashboard.dashboard(self._store)
        except ExpertteamError as error:
            self.error_label.setText(error.message)
            self.error_label.show()
            return
        self.error_label.hide()
        self.show_dashboard(board)

    def show_dashboard(self, board: Dashboard) -> None:
        self.dashboard = board
        self.heading.setText(_("Overzicht — {date}").format(
            date=fmt.long_date(board.today, weekday=True)))
        focused = next((key for key, tile in self.tiles.items() if tile.hasFocus()), None)
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.tiles = {}
        # Waiting children across the top; terms, escalations and the next meeting side by
        # side; the overdue actions per participant (often several rows) below.
        wide = [s for s in (Section.WAITING, Section.ACTIONS) if s in board.sections]
        middle = [s for s in board.sections if s not in wide]
        if Section.WAITING in wide:
            self.body_layout.addWidget(self._section_box(Section.WAITING,
                                                         board.section(Section.WAITING)))
        row = QHBoxLayout()
        for section in middle:
            figures = board.section(section)
            row.addWidget(self._section_box(section, figures, per_row=max(1, len(figures))),
                          max(1, len(figures)))
        self.body_layout.addLayout(row)
        if Section.ACTIONS in wide:
            self.body_layout.addWidget(self._section_box(Section.ACTIONS,
                                                         board.section(Section.ACTIONS)))
        self.body_layout.addStretch(1)
        if focused in self.tiles:
            self.tiles[focused].setFocus()

    def _section_box(self, section: Section, figures: tuple[Figure, ...],
                     per_row: int = TILES_PER_ROW) -> QGroupBox:
        box = QGroupBox(section.label)
        box.setFont(scaled_font(self, 1.05, bold=True))
        grid = QGridLayout(box)
        grid.setSpacing(10)
        if not figures:
            empty = QLabel(_("Geen verlopen acties: alle afspraken liggen op schema.")
                           if section is Section.ACTIONS else _("Niets te melden."))
            empty.setFont(scaled_font(self, 1.0))
            grid.addWidget(empty, 0, 0)
            return box
        for index, figure in enumerate(figures):
            tile = FigureTile(figure, box)
            tile.setFont(scaled_font(self, 1.0))
            tile.clicked.connect(lambda _checked=False, f=figure: self._request(f))
            grid.addWidget(tile, index // per_row, index % per_row)
            self.tiles[figure.key] = tile
        for column in range(per_row):
            grid.setColumnStretch(column, 1)
        return box

    def _request(self, figure: Figure) -> None:
        if figure.case_ids:
            self.cases_requested.emit(figure.title, list(figure.case_ids))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        self.refresh()
