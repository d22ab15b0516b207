"""The Beveiliging menu and auto-lock, installed on the main window by one call."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox

from expertteam.domain.errors import ExpertteamError
from expertteam.gui.security.auto_lock import AutoLock
from expertteam.i18n import _
from expertteam.services import inzage, security

if TYPE_CHECKING:
    from expertteam.gui.main_window import MainWindow


class SecurityControls(QObject):
    """Owns the auto-lock and the actions of the Beveiliging menu."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.store = window.store
        self.auto_lock = AutoLock(window, window.store)
        self.menu = QMenu(_("Be&veiliging"), window)
        bar = window.menuBar()
        help_action = next((a for a in bar.actions() if a.menu() is not None and
                            window.about_action in a.menu().actions()), None)  # type: ignore
        if help_action is not None:
            bar.insertMenu(help_action, self.menu)
        else:
            bar.addMenu(self.menu)
        self.lock_action = self._add(_("Nu &vergrendelen"), self.auto_lock.lock, "Ctrl+L")
        self.passphrase_action = self._add(self._passphrase_text(), self.change_passphrase)
        self.auto_lock_action = self._add(_("Automatisch vergrendelen na…"),
                                          self.set_auto_lock)
        self.users_action = self._add(_("&Gebruikers…"), self.edit_users)
        self.menu.addSeparator()
        self.backup_action = self._add(_("&Reservekopie maken…"), self.make_backup)
        self.restore_action = self._add(_("Reservekopie &terugzetten…"), self.restore_backup)
        self.menu.addSeparator()
        self.audit_action = self._add(_("&Logboek…"), self.show_audit_log)
        self.retention_action = self._add(_("&Bewaartermijn en opschonen…"), self.review_retention)
        self.inzage_action = self._add(_("&Inzage-export van de gekozen casus…"),
                                       self.export_inzage)

    def _add(self, text: str, slot: object, shortcut: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.menu.addAction(action)
        return action

    def _passphrase_text(self) -> str:
        return _("&Wachtwoord wijzigen…") if security.is_encrypted(self.store) \
            else _("Database &versleutelen…")

    # ------------------------------------------------------------------ actions
    def change_passphrase(self) -> None:
        from expertteam.gui.security.passphrase_dialog import PassphraseDialog

        dialog = PassphraseDialog(self.store, self.window)
        if dialog.exec():
            self.passphrase_action.setText(self._passphrase_text())
            QMessageBox.information(self.window, dialog.windowTitle(), dialog.summary())

    def set_auto_lock(self) -> None:
        minutes, ok = QInputDialog.getInt(
            self.window, _("Automatisch vergrendelen"),
            _("Vergrendel na zoveel minuten zonder toetsenbord of muis:"),
            security.auto_lock_minutes(self.store), 1, security.MAX_AUTO_LOCK_MINUTES)
        if not ok:
            return
        try:
            security.set_auto_lock_minutes(self.store, minutes)
        except ExpertteamError as error:
            QMessageBox.warning(self.window, _("Automatisch vergrendelen"), error.message)
            return
        self.auto_lock.apply_setting()

    def edit_users(self) -> None:
        from expertteam.gui.security.users_dialog import UsersDialog

        UsersDialog(self.store, self.window).exec()

    def make_backup(self) -> None:
        from expertteam.gui.security.backup_dialogs import make_backup

        self.runner = make_backup(self.store, self.window)

    def restore_backup(self) -> None:
        from expertteam.gui.security.backup_dialogs import RestoreDialog

        dialog = RestoreDialog(self.store, self.window)
        if dialog.exec() and dialog.restored is not None:
            self.window.register_page.reload()
            kept = dialog.restored.previous_copy
            QMessageBox.information(self.window, _("Reservekopie terugzetten"), _(
                "De reservekopie is teruggezet.{kept}").format(
                kept=_("\nDe vorige database is bewaard als {name}.").format(name=kept.name)
                if kept else ""))

    def show_audit_log(self) -> None:
        from expertteam.gui.security.audit_viewer import AuditLogDialog

        AuditLogDialog(self.store, self.window).exec()

    def review_retention(self) -> None:
        from expertteam.gui.security.retention_dialog import RetentionDialog

        RetentionDialog(self.store, self.window).exec()
        self.window.register_page.reload()

    def export_inzage(self) -> None:
        case_id = self.window.register_page.current_case_id()
        title = _("Inzage-export")
        if case_id is None:
            QMessageBox.information(self.window, title, _("Kies eerst een casus in het "
                                                          "register."))
            return
        folder = QFileDialog.getExistingDirectory(self.window, _("Map voor de inzage-export"),
                                                  str(Path.home()))
        if not folder:
            return
        try:
            result = inzage.export_inzage(self.store, case_id, Path(folder))
        except ExpertteamError as error:
            QMessageBox.warning(self.window, title, error.message)
            return
        QMessageBox.information(self.window, title, _(
            "Opgeslagen (met de volledige naam van het kind; alleen voor de betrokkene):\n"
            "{pdf}\n{json}").format(pdf=result.pdf_path, json=result.json_path))


def install_security(window: MainWindow) -> SecurityControls:
    """Add the Beveiliging menu and start auto-lock for ``window``."""
    return SecurityControls(window)
