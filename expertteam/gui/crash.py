"""Crashes leave a trace: hooks for uncaught exceptions (any thread), Qt's messages and hard
crashes, and the Dutch dialogs about them.

An exception that reaches ``sys.excepthook`` or ``threading.excepthook`` (in a slot it does, and
the app goes on) is written as a crash report and into the log (``expertteam.logs``: type and
frames, never the message), and a dialog tells the user what happened, that what was saved is
kept, and where the report is. The dialog is opened from the event loop (queued, also when the
exception came from another thread), never from inside the failing code; while it is up, further
exceptions are only logged and counted in it, so dialogs never stack.

Qt's own messages go to the log through ``logs.scrub``: they are English templates whose variable
parts (quoted object or file names, paths, numbers) are where personal data could appear, so
those parts are masked and the template, which says what went wrong, is kept.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import PySide6
from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    Qt,
    QtMsgType,
    QUrl,
    Signal,
    qInstallMessageHandler,
    qVersion,
)
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from expertteam import logs
from expertteam.i18n import _

log = logging.getLogger(__name__)
qt_log = logging.getLogger("expertteam.qt")
EXIT_AFTER_CRASH = 1
MAX_PATH_WIDTH = 760  # px; a longer path scrolls in its field

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def qt_environment() -> dict[str, str]:
    return {"qt": qVersion(), "pyside6": PySide6.__version__}


@dataclass(frozen=True, slots=True)
class Crash:
    report: Path | None  # None when the report could not be written
    kind: str  # the exception's type name


class CrashDialog(QDialog):
    """What happened, that saved work is kept, where the report is; continue or quit."""

    QUIT = 2  # done() code next to Accepted (continue)

    def __init__(self, crash: Crash, *, can_continue: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.crash = crash
        self.setWindowTitle(_("Er ging iets mis"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(520)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        heading = QLabel(_("Er ging iets mis in Expertteam."))
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        saved = QLabel(_(
            "Dit ligt niet aan u. Alles wat al was opgeslagen, blijft bewaard: elke wijziging "
            "wordt meteen vastgelegd, en de casusbewerker bewaart een concept van wat u aan het "
            "invullen was."))
        advice = QLabel(_(
            "U kunt gewoon doorgaan. Doet de app daarna vreemd, sluit hem dan af en start hem "
            "opnieuw.") if can_continue else _("Expertteam moet nu worden afgesloten."))
        where = QLabel(_(
            "Er is een foutrapport gemaakt, zonder persoonsgegevens. Gebeurt dit vaker, stuur "
            "het dan naar uw functioneel beheerder:") if crash.report else _(
            "Het foutrapport kon niet worden geschreven; de fout staat in het logboek."))
        technical = QLabel(_("Technisch: {kind}").format(kind=crash.kind.rsplit(".", 1)[-1]))
        technical.setEnabled(False)  # greyed: for the beheerder, not the user
        for label in (saved, advice, where):
            label.setWordWrap(True)
        self.path_field = QLineEdit(str(crash.report) if crash.report else "")
        self.path_field.setReadOnly(True)
        self.path_field.setAccessibleName(_("Plaats van het foutrapport"))
        self.path_field.setVisible(crash.report is not None)
        self.path_field.setCursorPosition(0)
        self.path_field.setToolTip(self.path_field.text())
        needed = self.path_field.fontMetrics().horizontalAdvance(self.path_field.text()) + 24
        self.path_field.setMinimumWidth(min(needed, MAX_PATH_WIDTH))
        self.further_label = QLabel()
        self.further_label.setWordWrap(True)
        self.further_label.hide()

        self.open_button = QPushButton(_("Map &openen"))
        self.open_button.setToolTip(_("Open de map met het foutrapport"))
        self.copy_button = QPushButton(_("Pad &kopiëren"))
        self.quit_button = QPushButton(_("&Afsluiten"))
        self.continue_button = QPushButton(_("&Doorgaan"))
        self.continue_button.setVisible(can_continue)
        for button in (self.open_button, self.copy_button):
            button.setVisible(crash.report is not None)
            button.setAutoDefault(False)
        self.quit_button.setAutoDefault(False)
        (self.continue_button if can_continue else self.quit_button).setDefault(True)
        self.open_button.clicked.connect(self.open_folder)
        self.copy_button.clicked.connect(self.copy_path)
        self.quit_button.clicked.connect(lambda: self.done(self.QUIT))
        self.continue_button.clicked.connect(self.accept)

        text = QVBoxLayout()
        for widget in (heading, saved, advice, where, self.path_field, technical,
                       self.further_label):
            text.addWidget(widget)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        self.resize(self.sizeHint())  # wide enough for the path, tall enough for the text

    def open_folder(self) -> None:
        if self.crash.report is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.crash.report.parent)))

    def copy_path(self) -> None:
        if self.crash.report is not None:
            QGuiApplication.clipboard().setText(str(self.crash.report))
            self.copy_button.setText(_("Pad gekopieerd"))

    def count_further(self, count: int) -> None:
        self.further_label.setText(
            _("Daarna ging er nog 1 keer iets mis; dat staat in het logboek.") if count == 1
            else _("Daarna ging er nog {n} keer iets mis; dat staat in het logboek.")
            .format(n=count))
        self.further_label.show()
        height = self.heightForWidth(self.width())
        self.resize(self.width(), height if height > 0 else self.sizeHint().height())


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


class CrashHandler(QObject):
    """The installed hooks and the one crash dialog at a time. Create it in the GUI thread."""

    crashed = Signal(object)  # Crash
    further = Signal(int)

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = Path(data_dir)
        self.previous_fault: Path | None = None
        self.dialog: CrashDialog | None = None
        self._busy = False  # a dialog is up or on its way
        self._further = 0
        self._lock = threading.Lock()
        self._previous_hook: ExceptHook | None = None
        self._previous_thread_hook: Callable[[threading.ExceptHookArgs], Any] | None = None
        self._previous_qt_handler: Any = None
        self.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.further.connect(self._count_further, Qt.ConnectionType.QueuedConnection)

    # -- hooks --------------------------------------------------------------------------------

    def install(self) -> None:
        logs.configure_logging(self.data_dir)
        try:
            self.previous_fault = logs.start_fault_log(self.data_dir)
        except OSError:
            log.warning("fault log could not be opened; hard crashes leave no trace")
        if self.previous_fault is not None:
            log.warning("the previous run ended in a hard crash; fault log kept as %s",
                        self.previous_fault.name)
        self._previous_hook, sys.excepthook = sys.excepthook, self._excepthook
        self._previous_thread_hook, threading.excepthook = threading.excepthook, \
            self._thread_excepthook
        self._previous_qt_handler = qInstallMessageHandler(self._qt_message)

    def uninstall(self) -> None:
        """Put back what was there before ``install`` (for tests; the app keeps its hooks)."""
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook
        if self._previous_thread_hook is not None:
            threading.excepthook = self._previous_thread_hook
        qInstallMessageHandler(self._previous_qt_handler)
        logs.stop_fault_log(clean=True)
        logs.stop_logging()

    def finish(self, code: int = 0) -> None:
        """The app ends cleanly (``code`` is its exit code): the fault log is emptied (see
        ``logs.stop_fault_log``)."""
        log.info("closed normally (exit code %d)", code)
        logs.stop_fault_log(clean=True)

    def _excepthook(self, kind: type[BaseException], exc: BaseException,
                    tb: TracebackType | None) -> None:
        del kind, tb  # both are on exc
        self.handle(exc, threading.current_thread().name)

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        self.handle(args.exc_value, args.thread.name if args.thread else "?")

    def _qt_message(self, mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), "%s: %s", context.category or "?",
                   logs.scrub(message))
        if callable(self._previous_qt_handler):
            self._previous_qt_handler(mode, context, message)

    # -- one crash ----------------------------------------------------------------------------

    def handle(self, exc: BaseException, thread: str) -> None:
        """Report ``exc`` and open the dialog from the event loop, unless one is up already
        (then the exception is only logged and counted). Never raises."""
        crash = self._record(exc, thread)
        if crash is not None and QApplication.instance() is not None:
            self.crashed.emit(crash)

    def fatal(self, exc: BaseException) -> None:
        """An exception that ends the program outside the event loop (during start-up): report
        it and show the dialog at once, with only the way out."""
        crash = self._record(exc, threading.current_thread().name)
        if crash is not None and QApplication.instance() is not None:
            self._show(crash, can_continue=False)

    def _record(self, exc: BaseException, thread: str) -> Crash | None:
        """Write the crash report and the log entry; None when a dialog is up already."""
        try:
            with self._lock:
                first, self._busy = not self._busy, True
                self._further += 0 if first else 1
                further = self._further
            exc_info = (type(exc), exc, exc.__traceback__)
            if not first:
                log.error("another exception while the crash dialog is up", exc_info=exc_info)
                self.further.emit(further)
                return None
            report: Path | None = None
            try:
                report = logs.write_crash_report(self.data_dir, exc, thread=thread,
                                                 extra=qt_environment())
            except OSError:
                log.warning("crash report could not be written")
            log.error("uncaught exception in thread %s; crash report %s", thread,
                      report.name if report else "not written", exc_info=exc_info)
            return Crash(report, logs.type_name(exc))
        except Exception:  # a crash hook must never raise
            with contextlib.suppress(Exception):
                log.error("the crash hook itself failed")
            return None

    def _show(self, crash: Crash, *, can_continue: bool = True) -> None:
        dialog = CrashDialog(crash, can_continue=can_continue)
        self.dialog = dialog
        if self._further:
            dialog.count_further(self._further)
        if can_continue:
            dialog.finished.connect(self._closed)
            dialog.open()
            dialog.raise_()
            dialog.activateWindow()
        else:
            dialog.exec()
            self._closed(CrashDialog.QUIT)

    def _count_further(self, count: int) -> None:
        if self.dialog is not None:
            self.dialog.count_further(count)

    def _closed(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()
        with self._lock:
            self._busy = False
            self._further = 0
        if result == CrashDialog.QUIT:
            log.info("the user quit after a crash")
            QApplication.exit(EXIT_AFTER_CRASH)


_installed: list[CrashHandler] = []  # kept alive for the life of the app


def install(data_dir: Path) -> CrashHandler:
    """Start the log, the fault log and the hooks for the data in ``data_dir``; call once the
    QApplication exists. ``previous_fault`` on the result tells of a hard crash last time."""
    handler = CrashHandler(data_dir)
    handler.install()
    _installed.append(handler)
    return handler


def uninstall(handler: CrashHandler) -> None:
    handler.uninstall()
    with contextlib.suppress(ValueError):
        _installed.remove(handler)


def hard_crash_notice(fault_log: Path, parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, _("Expertteam is vastgelopen"),
                      _("Expertteam is de vorige keer onverwacht gestopt."),
                      QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(_(
        "Alles wat toen al was opgeslagen, is bewaard. Een technisch verslag (zonder "
        "persoonsgegevens) staat in:\n{path}\n\nGebeurt dit vaker, stuur dat bestand dan naar "
        "uw functioneel beheerder.").format(path=fault_log))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    folder = box.addButton(_("Map openen"), QMessageBox.ButtonRole.ActionRole)
    folder.clicked.connect(
        lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(fault_log.parent))))
    return box


def notify_previous_hard_crash(handler: CrashHandler, parent: QWidget | None = None) -> None:
    """Once after a hard crash: a short notice with the fault log's path (the log was moved
    aside by ``install``, so the next start says nothing)."""
    if handler.previous_fault is not None:
        hard_crash_notice(handler.previous_fault, parent).exec()
