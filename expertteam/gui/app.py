"""Start-up of the desktop app: QApplication, Dutch Qt dialogs, open the store, main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from expertteam import APP_ID, APP_NAME, __version__
from expertteam.domain.errors import StorageError
from expertteam.gui.pyside_fixes import protect_bool_singletons
from expertteam.i18n import _
from expertteam.services import cases
from expertteam.services.store import Store

QT_TRANSLATIONS = ("qtbase_nl",)
_translators: list[QTranslator] = []  # kept alive for the life of the app


def application() -> QApplication:
    """The one QApplication, named after the app so QSettings has its place."""
    protect_bool_singletons()  # before the first signal is emitted; see pyside_fixes
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setOrganizationDomain(".".join(reversed(APP_ID.split(".")[:2])))
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
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
    """Run the desktop app on ``database_path``; returns the exit code."""
    app = application()
    _translators.extend(install_qt_translations(app))
    store = open_store_for_gui(Path(database_path), None)
    if store is None:
        return 1
    from expertteam.gui.security.backup_dialogs import backup_on_close
    from expertteam.gui.shell import build_main_window

    try:
        window = build_main_window(store)
        window.show()
        from expertteam.gui.first_run import needs_welcome

        if needs_welcome(store):
            window.commands.welcome()
        elif cases.count_cases(store) == 0:
            window.commands.offer_demo()
        code = app.exec()
        backup_on_close(store, None)
    finally:
        store.close()
    return int(code)


def run_startup_probe(database_path: Path, passphrase: str | None) -> int:
    """For the start-up benchmark: open the database with ``passphrase`` (no dialog), choose the
    first active profile, show the main window on the dashboard, print ``idle`` once the event
    loop has nothing left to do, and quit. The passphrase is still required, as for any CLI
    sub-command."""
    import time

    from PySide6.QtCore import QTimer

    from expertteam.gui.pages import PageKey
    from expertteam.gui.shell import build_main_window
    from expertteam.services import users

    started = time.perf_counter()
    app = application()
    _translators.extend(install_qt_translations(app))
    store = Store.open(Path(database_path), passphrase, origin="gui")
    try:
        profiles = users.list_users(store)
        if profiles:
            users.choose_user(store, profiles[0].id)
        window = build_main_window(store)
        window.show_page(PageKey.DASHBOARD)
        window.show()

        def report() -> None:
            elapsed = (time.perf_counter() - started) * 1000
            print(f"idle {elapsed:.0f} ms after the app module started", flush=True)
            app.quit()

        QTimer.singleShot(0, report)
        return int(app.exec())
    finally:
        store.close()
