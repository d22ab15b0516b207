"""Start-up of the desktop app: QApplication, Dutch Qt dialogs, open the store, main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from expertteam import APP_ID, APP_NAME, __version__
from expertteam.domain.errors import StorageError
from expertteam.gui import crash
from expertteam.gui.app_style import install_app_style
from expertteam.i18n import _
from expertteam.services import backup, case_register, cases, policy
from expertteam.services.store import Store

if TYPE_CHECKING:
    from expertteam.gui.main_window import MainWindow

QT_TRANSLATIONS = ("qtbase_nl",)
_translators: list[QTranslator] = []  # kept alive for the life of the app


def application() -> QApplication:
    """The one QApplication, named after the app so QSettings has its place."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setOrganizationDomain(".".join(reversed(APP_ID.split(".")[:2])))
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    install_app_style(app)
    return app


def install_qt_translations(app: QApplication) -> list[QTranslator]:
    """Load Qt's own Dutch catalogues so standard buttons and dialogs speak Dutch.

    Returns the installed translators (they must stay alive as long as the app)."""
    QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed = []
    for name in QT_TRANSLATIONS:
        translator = QTranslator(app)
        if translator.load(name, folder) and app.installTranslator(translator):
            installed.append(translator)
    return installed


def open_store_for_gui(path: Path, parent: QWidget | None) -> Store | None:
    """Open the database for the GUI through the unlock dialog: first start (passphrase and
    first user profile), passphrase with retry, choice of profile, and the ways out of a
    damaged, foreign or locked file. None when the user gave up."""
    from expertteam.gui.security.unlock_dialog import open_store

    try:
        return open_store(path, parent)
    except StorageError as error:
        QMessageBox.critical(parent, _("Database openen"),
                             _("De database kon niet worden geopend.\n\n{message}")
                             .format(message=error.message))
        return None


def run_app(database_path: Path) -> int:
    """Run the desktop app on ``database_path``; returns the exit code. Crashes leave a trace
    in ``logs/`` next to the database (``gui.crash``)."""
    app = application()
    _translators.extend(install_qt_translations(app))
    guard = crash.install(Path(database_path).parent)
    crash.notify_previous_hard_crash(guard)
    policy.load_machine_policy()  # after the log is set up: a bad file is logged, not fatal
    try:
        code = _run_main_window(app, Path(database_path))
    except Exception as exc:
        guard.fatal(exc)
        return crash.EXIT_AFTER_CRASH
    guard.finish(code)
    return code


def _run_main_window(app: QApplication, database_path: Path) -> int:
    store = open_store_for_gui(database_path, None)
    if store is None:
        return 1
    from expertteam.gui.security.backup_dialogs import backup_on_close
    from expertteam.gui.shell import build_main_window

    try:
        window = build_main_window(store)
        window.show()
        backup.record_successful_start(store)
        from expertteam.gui.first_run import needs_welcome

        if needs_welcome(store):
            window.commands.welcome()
        elif case_register.count_cases(store) == 0:
            window.commands.offer_demo()
        else:
            window.commands.offer_running_meeting()
        code = app.exec()
        backup_on_close(store, None)
    finally:
        store.close()
    return int(code)


def _open_without_dialog(
        database_path: Path, passphrase: str | None,
) -> tuple[QApplication, Store, MainWindow, crash.CrashHandler]:
    """The app as the start-up probe and the crash test open it: ``passphrase`` (no dialog),
    the first active profile, the main window shown on the dashboard."""
    from expertteam.gui.pages import PageKey
    from expertteam.gui.shell import build_main_window
    from expertteam.services import users

    app = application()
    _translators.extend(install_qt_translations(app))
    guard = crash.install(Path(database_path).parent)
    store = Store.open(Path(database_path), passphrase, origin="gui", check_pages=False)
    try:
        profiles = users.list_users(store)
        if profiles:
            users.choose_user(store, profiles[0].id)
        window = build_main_window(store)
        window.show_page(PageKey.DASHBOARD)
        window.show()
    except BaseException:
        store.close()
        raise
    return app, store, window, guard


def run_startup_probe(database_path: Path, passphrase: str | None, *,
                      visit_pages: bool = False) -> int:
    """For the start-up benchmark: open the database with ``passphrase`` (no dialog), choose the
    first active profile, show the main window on the dashboard, print ``idle`` once the event
    loop has nothing left to do, and quit. With ``visit_pages`` every page is shown in turn
    first (each until its background work is done). Then prints ``rss`` (this process's
    resident memory in MB, where the system tells it). The passphrase is still required, as for
    any CLI sub-command."""
    import time

    from PySide6.QtCore import QThread, QTimer

    from expertteam.gui.pages import PAGES

    started = time.perf_counter()
    app, store, window, guard = _open_without_dialog(database_path, passphrase)
    try:
        def visit() -> None:
            for spec in PAGES:
                window.show_page(spec.key)
                app.processEvents()
                while any(job.isRunning() for job in window.findChildren(QThread)):
                    app.processEvents()
                    QThread.msleep(5)
                app.processEvents()

        def report() -> None:
            elapsed = (time.perf_counter() - started) * 1000
            print(f"idle {elapsed:.0f} ms after the app module started", flush=True)
            if visit_pages:
                visit()
            print(f"rss {_resident_mb():.0f} MB", flush=True)
            window.close()  # lets its background reads finish before the store is closed
            app.quit()

        QTimer.singleShot(0, report)
        code = int(app.exec())
    finally:
        store.close()
    guard.finish(code)
    return code


def _resident_mb() -> float:
    """Resident memory of this process in MB (Linux /proc; the peak elsewhere), 0 if unknown."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    except (ImportError, OSError):
        return 0.0


CRASH_SHOT_ENV = "EXPERTTEAM_CRASH_SHOT"


class CrashTestError(RuntimeError):
    """Raised on purpose by ``expertteam --crash-test``."""


def _crash_on_purpose(store: Store) -> None:
    """Raise inside a slot with a child's name, BSN and birth date in the message and in local
    variables, as a real bug might: none of them may reach the crash report or the log."""
    rows = case_register.list_register(store)
    child = cases.get_case(store, rows[0].id) if rows else None
    name = f"{child.given_names} {child.surname}" if child else "Noor Jansen"
    bsn = child.bsn if child and child.bsn else "111222333"
    born = child.birth_date.isoformat() if child and child.birth_date else "2014-05-06"
    raise CrashTestError(f"Crashtest met {name}, BSN {bsn}, geboren {born}")


def run_crash_test(database_path: Path, passphrase: str | None) -> int:
    """``expertteam --crash-test``, to check a build by hand: open the database as the start-up
    probe does (with the notice of a hard crash last time, as the app shows it), then raise
    inside a slot once the main window is up; the crash dialog shows and the report is written.
    With ``$EXPERTTEAM_CRASH_SHOT`` set to a ``.png`` path, each dialog is grabbed into that file
    (the notice into ``…-notice.png``) and closed, the crash dialog with *Afsluiten*; otherwise
    they wait for the user."""
    from PySide6.QtCore import QTimer

    app, store, window, guard = _open_without_dialog(database_path, passphrase)
    shot = os.environ.get(CRASH_SHOT_ENV)
    try:
        if shot:
            poll = QTimer(window)

            def grab_and_close() -> None:
                for widget in app.topLevelWidgets():
                    if isinstance(widget, QMessageBox) and widget.isVisible():
                        widget.grab().save(str(Path(shot).with_suffix("")) + "-notice.png")
                        widget.accept()
                    elif isinstance(widget, crash.CrashDialog) and widget.isVisible():
                        poll.stop()
                        widget.grab().save(shot)
                        widget.quit_button.click()

            poll.timeout.connect(grab_and_close)
            poll.start(300)
        crash.notify_previous_hard_crash(guard, window)
        QTimer.singleShot(200, window, lambda: _crash_on_purpose(store))
        code = int(app.exec())
    finally:
        store.close()
    guard.finish(code)
    return code
