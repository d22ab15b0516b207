"""The Beveiliging menu and auto-lock; the shell gives it the window and an empty menu."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox, QWidget

from expertteam.domain.errors import ExpertteamError
from expertteam.gui import shortcuts
from expertteam.gui.changes import Change, notice_for
from expertteam.gui.security.auto_lock import AutoLock
from expertteam.i18n import _
from expertteam.services import inzage, security
from expertteam.services.store import Store


class SecurityControls(QObject):
    """Owns the auto-lock and the actions of the Beveiliging menu."""

    def __init__(self, window: QWidget, store: Store, menu: QMenu,
                 current_case: Callable[[], int | None]) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.menu = menu
        self.current_case = current_case
        self.auto_lock = AutoLock(window, store)
        self.lock_action = self._add(_("Nu &vergrendelen"), self.auto_lock.lock,
                                     shortcuts.LOCK)
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
            QMessageBox.information(self.window, dialog.windowTitle(),
                                    _("Gelukt. Het nieuwe wachtwoord geldt vanaf nu."))

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
        notice_for(self.store).announce(Change.SETTINGS)

    def edit_users(self) -> None:
        from expertteam.gui.security.users_dialog import UsersDialog

        UsersDialog(self.store, self.window).exec()
        notice_for(self.store).announce(Change.USERS)

    def make_backup(self) -> None:
        from expertteam.gui.security.backup_dialogs import make_backup

        self.runner = make_backup(self.store, self.window)

    def restore_backup(self) -> None:
        from expertteam.gui.security.backup_dialogs import RestoreDialog

        dialog = RestoreDialog(self.store, self.window)
        if dialog.exec() and dialog.restored is not None:
            notice_for(self.store).announce(Change.EVERYTHING)
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
        notice_for(self.store).announce(Change.CASES)

    def export_inzage(self) -> None:
        case_id = self.current_case()
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

