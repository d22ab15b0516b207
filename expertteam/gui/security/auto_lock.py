"""Auto-lock: after a configurable idle time the app hides every window's content behind a
curtain and asks for the passphrase (and profile) again.

Nothing is closed or reloaded: open forms keep what was typed, the window keeps its state, and
unlocking simply lifts the curtains. Window titles (which may name a case) are masked too.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout, QWidget

from expertteam.gui.changes import Change, notice_for
from expertteam.i18n import _
from expertteam.services import security
from expertteam.services.store import Store

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})


class IdleWatcher(QObject):
    """Emits ``idle`` after ``milliseconds`` without keyboard, mouse or touch input anywhere in
    the application (an application-wide event filter)."""

    idle = Signal()

    def __init__(self, milliseconds: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(milliseconds)
        self.timer.timeout.connect(self.idle)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.timer.start()

    def set_interval(self, milliseconds: int) -> None:
        self.timer.setInterval(milliseconds)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() in INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        return False


class Curtain(QWidget):
    """An opaque cover over one window's whole area (menus included)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoMousePropagation)
        layout = QVBoxLayout(self)
        label = QLabel(_("Expertteam is vergrendeld"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        label.setFont(font)
        layout.addWidget(label)
        self.covered = window
        self.window_title = window.windowTitle()
        window.setWindowTitle(_("Expertteam – vergrendeld"))
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.covered and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.covered.rect())
        if watched is self.covered and event.type() == QEvent.Type.ChildAdded:
            self.raise_()  # stay on top of widgets added while locked
        return False

    def lift(self) -> None:
        window = self.covered
        window.removeEventFilter(self)
        window.setWindowTitle(self.window_title)
        self.hide()
        self.deleteLater()


class AutoLock(QObject):
    """Locks ``window``'s application after the store's auto-lock time (or on ``lock()``).

    The idle time does not lock while ``keep_unlocked()`` says so (the chair leading a meeting
    in live mode); ``about_to_lock`` comes first on every lock, so that names can be hidden
    before the curtains go down."""

    locked_changed = Signal(bool)
    about_to_lock = Signal()

    def __init__(self, window: QWidget, store: Store) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.curtains: list[Curtain] = []
        self.dialog: QDialog | None = None
        self.keep_unlocked: Callable[[], bool] = lambda: False
        self.watcher = IdleWatcher(self.interval_ms(), self)
        self.watcher.idle.connect(self._idle)
        notice_for(store).changed.connect(self._changed)

    def _changed(self, changes: Change, _source: object) -> None:
        if changes & Change.SETTINGS:  # a new auto-lock time applies at once
            self.apply_setting()

    def interval_ms(self) -> int:
        return security.auto_lock_minutes(self.store) * 60_000

    def apply_setting(self) -> None:
        self.watcher.set_interval(self.interval_ms())

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def _idle(self) -> None:
        if self.keep_unlocked():
            self.watcher.timer.start()  # look again after the next idle period
        else:
            self.lock()

    def lock(self) -> None:
        """Hide every visible window's content and ask to unlock (non-blocking)."""
        if self.is_locked or not self.window.isVisible():
            return  # already locked, or the app is closing: nothing to hide
        from expertteam.gui.security.unlock_dialog import UnlockDialog

        self.watcher.timer.stop()
        self.about_to_lock.emit()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and not isinstance(widget, Curtain) and widget.isWindow():
                self.curtains.append(Curtain(widget))
        # Close pooled connections: nothing stays open on the database while locked.
        self.store.database.engine.dispose()
        dialog = UnlockDialog(self.store.database.path, self.window, locked_store=self.store)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.accepted.connect(self.unlock)
        self.dialog = dialog
        self.locked_changed.emit(True)
        dialog.open()

    def unlock(self) -> None:
        for curtain in self.curtains:
            curtain.lift()
        self.curtains.clear()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
        self.dialog = None
        self.watcher.timer.start()
        self.locked_changed.emit(False)
