"""The main window as a frame: a navigation list of pages, the page stack, the status bar and the
window's saved state. It knows no page class: ``gui/shell.py`` builds the pages, the menus and
every connection, and fills this frame.

A page is built when it is first shown (or first asked for with ``page``): start-up builds only
the start page, whatever the size of the data. Until then the stack holds an empty holder for it;
a page that was never built needs no refresh from the change notice (it reads everything when it
is built). Pages refresh themselves from the change notice (``gui/changes.py``); the frame follows
it only for its title (the team's name).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal
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
    from expertteam.gui.shell import MenuActions
    from expertteam.gui.shell_pages import Pages
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
    page_built = Signal(str, QWidget)  # key, page: just built, before it is shown

    def __init__(self, store: Store, settings: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self._pages: dict[str, QWidget] = {}  # the pages built so far
        self._builders: dict[str, Callable[[], QWidget]] = {}  # the pages not built yet
        self._holders: dict[str, QWidget] = {}  # each page, or its place until built
        self.page_actions: dict[str, QAction] = {}
        self.close_guards: list[Callable[[], bool]] = []  # each may refuse to close
        self.state_savers: list[Callable[[QSettings], None]] = []  # pages' own state
        self.closing: list[Callable[[], None]] = []  # when it closes (wait for background reads)
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
    def add_page(self, key: str, title: str, page: QWidget | Callable[[], QWidget],
                 shortcut: str | None = None) -> QAction:
        """Add a page to the navigation: a widget, or a function that builds it when it is first
        shown. Returns the page's action (with ``shortcut``) for a menu."""
        if key in self._holders:
            raise ValueError(f"page {key!r} exists")
        holder = QWidget()  # replaced by the page when it is built
        self._holders[key] = holder
        self.stack.addWidget(holder)
        if isinstance(page, QWidget):
            self._place(key, page)
        else:
            self._builders[key] = page
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setSizeHint(QSize(0, self.fontMetrics().height() + 14))
        self.navigation.addItem(item)
        action = QAction(title, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False, key=key: self.show_page(key))
        self.addAction(action)
        self.page_actions[key] = action
        return action

    def _place(self, key: str, page: QWidget) -> None:
        """Put ``page`` in the stack in the place its holder kept."""
        holder = self._holders[key]
        current = self.stack.currentIndex()
        index = self.stack.indexOf(holder)
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(holder)
        holder.deleteLater()
        self.stack.setCurrentIndex(current)
        self._pages[key] = self._holders[key] = page

    def page(self, key: str) -> QWidget:
        """The page ``key``, built now if it was not yet."""
        page = self._pages.get(key)
        if page is None:
            page = self._builders.pop(key)()
            self._place(key, page)
            self.page_built.emit(key, page)
        return page

    def built_page(self, key: str) -> QWidget | None:
        """The page ``key`` if it has been built, else None (and it is not built now)."""
        return self._pages.get(key)

    def show_start_page(self) -> None:
        """The page that was open when the app was closed, else the first."""
        keys = list(self._holders)
        if keys:
            self.show_page(self._wanted_page if self._wanted_page in self._holders else keys[0])

    def show_page(self, key: str) -> QWidget:
        page = self.page(key)
        self.navigation.setCurrentRow(self.stack.indexOf(self._holders[key]))
        return page

    def set_page_title(self, key: str, title: str) -> None:
        for row in range(self.navigation.count()):
            item = self.navigation.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                item.setText(title)

    def current_page_key(self) -> str | None:
        item = self.navigation.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _on_page_changed(self, row: int) -> None:
        item = self.navigation.item(row)
        if item is not None:
            self.page(str(item.data(Qt.ItemDataRole.UserRole)))  # built before it shows
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
        for hook in self.closing:
            hook()
        super().closeEvent(event)
