"""The main window as a frame: a navigation list of pages, the page stack, the status bar and the
window's saved state. It knows no page class: ``gui/shell.py`` builds the pages, the menus and
every connection, and fills this frame.

Pages refresh themselves from the change notice (``gui/changes.py``); the frame follows it only
for its title (the team's name).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from expertteam import APP_NAME
from expertteam.gui.changes import Change
from expertteam.i18n import _
from expertteam.services import regions
from expertteam.services.store import Store

if TYPE_CHECKING:
    from expertteam.gui.shell import MenuActions, Pages
    from expertteam.gui.window_commands import WindowCommands

GEOMETRY_KEY = "main_window/geometry"
STATE_KEY = "main_window/state"
PAGE_KEY = "main_window/page"


def _as_bytes(value: object) -> QByteArray | None:
    return QByteArray(value) if isinstance(value, QByteArray | bytes) else None


class MainWindow(QMainWindow):
    """Hosts the pages of the app. ``pages``, ``menu_actions`` and ``commands`` are set by the shell
    that builds the window (``gui.shell.build_main_window``)."""

    pages: Pages
    menu_actions: MenuActions
    commands: WindowCommands

    def __init__(self, store: Store, settings: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self._pages: dict[str, QWidget] = {}
        self.page_actions: dict[str, QAction] = {}
        self.close_guards: list[Callable[[], bool]] = []  # each may refuse to close
        self.state_savers: list[Callable[[QSettings], None]] = []  # pages' own state
        saved_page = self.settings.value(PAGE_KEY)
        self._wanted_page = saved_page if isinstance(saved_page, str) else None

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(_("Onderdelen"))
        self.navigation.setFixedWidth(160)
        self.navigation.setSpacing(2)
        self.stack = QStackedWidget()
        # An explicit minimum keeps one wide page from making the window wider than a
        # 1366-pixel laptop screen (the layout would otherwise take the widest page's minimum).
        self.stack.setMinimumSize(QSize(480, 320))
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.navigation.currentRowChanged.connect(self._on_page_changed)
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self.resize(QSize(1280, 720))

    # ------------------------------------------------------------------ pages
    def add_page(self, key: str, title: str, widget: QWidget,
                 shortcut: str | None = None) -> QAction:
        """Add a page to the navigation; returns its action (with ``shortcut``) for a menu."""
        if key in self._pages:
            raise ValueError(f"page {key!r} exists")
        self._pages[key] = widget
        self.stack.addWidget(widget)
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setSizeHint(QSize(0, self.fontMetrics().height() + 14))
        self.navigation.addItem(item)
        action = QAction(title, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False, page=key: self.show_page(page))
        self.addAction(action)
        self.page_actions[key] = action
        if self.navigation.currentRow() < 0:
            self.navigation.setCurrentRow(0)
        if key == self._wanted_page:  # the page that was open when the app was closed
            self.show_page(key)
        return action

    def show_page(self, key: str) -> QWidget:
        widget = self._pages[key]
        self.navigation.setCurrentRow(self.stack.indexOf(widget))
        return widget

    def set_page_title(self, key: str, title: str) -> None:
        for row in range(self.navigation.count()):
            item = self.navigation.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                item.setText(title)

    def current_page_key(self) -> str | None:
        item = self.navigation.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _on_page_changed(self, row: int) -> None:
        self.stack.setCurrentIndex(row)

    def apply_changes(self, changes: Change, _source: object = None) -> None:
        """The change notice: the region's team name is in the title."""
        if changes & (Change.REGION | Change.SETTINGS):
            self.update_title()

    def update_title(self) -> None:
        region = regions.get_region(self.store)
        team = region.team_name if region is not None and region.team_name else ""
        self.setWindowTitle(f"{team} — {APP_NAME}" if team else APP_NAME)

    # ------------------------------------------------------------------ state
    def restore_state(self) -> None:
        geometry = _as_bytes(self.settings.value(GEOMETRY_KEY))
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = _as_bytes(self.settings.value(STATE_KEY))
        if state is not None:
            self.restoreState(state)

    def save_state(self) -> None:
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.settings.setValue(STATE_KEY, self.saveState())
        self.settings.setValue(PAGE_KEY, self.current_page_key() or "")
        for save in self.state_savers:
            save(self.settings)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        if not all(guard() for guard in self.close_guards):
            event.ignore()
            return
        self.save_state()
        super().closeEvent(event)
