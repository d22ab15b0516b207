"""Opening the database: first start, unlock, choosing a user profile, and the ways out.

One dialog, several pages:

* **create** (no database yet): set a passphrase (with strength meter) and the first profile;
* **plain** (an unencrypted database): encrypt it now, or open it as it is;
* **passphrase** (an encrypted database): the passphrase; a wrong one says so and lets the user
  try again, never a traceback;
* **user**: choose one's own profile, or add one (no shared account);
* **problem** (damaged, foreign, newer schema, read-only, in use, also under another name such as
  a hard link): what happened, and the ways out that fit: restore a backup, choose another file,
  try again. The file itself is never changed; another program's SQLite file is never offered for
  encryption, and is not put aside by a restore either.

In *lock* mode (auto-lock) the store stays open: the user's profile and passphrase unlock it.
The pages' widgets are built in ``unlock_form.py``; this module decides what they do.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.enums import UserRole
from expertteam.domain.errors import ExpertteamError, StorageError, ValidationError
from expertteam.domain.storage_errors import (
    DatabaseInUseError,
    ForeignDatabaseError,
    NewerSchemaError,
    NotEncryptedError,
    WrongPassphraseError,
)
from expertteam.gui.security.unlock_form import Page, UnlockForm
from expertteam.i18n import _
from expertteam.services import restore, security, users
from expertteam.services.security import FileKind
from expertteam.services.store import Store


class UnlockDialog(UnlockForm):
    """Returns with ``store`` set (and a user chosen) when accepted."""

    def __init__(self, path: Path, parent: QWidget | None = None, *,
                 locked_store: Store | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.store: Store | None = locked_store
        self.problem_kind: type[ExpertteamError] | None = None
        self.lock_mode = locked_store is not None
        self.failed_attempts = 0
        self.setWindowTitle(_("Expertteam vergrendeld") if self.lock_mode
                            else _("Expertteam openen"))
        self.setMinimumWidth(520)
        self.build_pages()
        self.buttons = QDialogButtonBox(self)  # in the dialog first: its default button counts
        self.ok_button = self.buttons.addButton(_("Openen"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(_("Afsluiten"),
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self._proceed)
        self.cancel_button.clicked.connect(self.reject)
        self.other_file_button.clicked.connect(self.choose_other_file)
        self.restore_button.clicked.connect(self.restore_from_backup)
        self.choose_button.clicked.connect(self.choose_other_file)
        self.new_button.clicked.connect(self.choose_new_file)
        self.retry_button.clicked.connect(self.start)
        if self.lock_mode:
            self.cancel_button.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        if self.lock_mode:
            self._show_lock()
        else:
            self.start()

    # ------------------------------------------------------------------ flow
    def _go(self, page: Page) -> None:
        self.show_page(page)
        labels = {Page.CREATE: _("Beginnen"), Page.PLAIN: _("Doorgaan"),
                  Page.PASSPHRASE: _("Ontgrendelen"), Page.USER: _("Doorgaan"),
                  Page.PROBLEM: _("Opnieuw proberen")}
        self.ok_button.setText(labels[page])
        self.ok_button.setVisible(page is not Page.PROBLEM)
        focus = {Page.CREATE: self.create_passphrase.first, Page.PASSPHRASE: self.passphrase,
                 Page.USER: self.user_combo, Page.PLAIN: self.plain_passphrase.first}
        if page in focus:
            focus[page].setFocus()

    def start(self) -> None:
        """Look at the file and show the page that fits it."""
        self.problem_error.clear()
        try:
            state = security.database_state(self.path)
        except StorageError as error:
            self.show_problem(error)
            return
        if state is FileKind.MISSING:
            self._go(Page.CREATE)
        elif state is FileKind.PLAIN:
            self._go(Page.PLAIN)
        elif state is FileKind.ENCRYPTED:
            self.passphrase_title.setText(_("Expertteam openen"))
            self.passphrase_info.setText(_("Vul het wachtwoord van de database in."))
            self.lock_user.hide()
            self.lock_user_label.hide()
            self._go(Page.PASSPHRASE)
        else:
            try:  # raises the typed error that explains this file; never writes to it
                Store.open(self.path, None, origin="gui").close()
            except StorageError as error:
                self.show_problem(error)
                return
            self.start()

    def show_problem(self, error: ExpertteamError) -> None:
        self.problem_text.setText(error.message)
        self.problem_path.setText(_("Bestand: {path}").format(path=self.path))
        self.problem_kind = type(error)
        # A restore puts the current file aside: never another program's file, a newer
        # database stays in place for the newer app, and one in use is not to be touched.
        self.restore_button.setVisible(not isinstance(error, ForeignDatabaseError |
                                                      NewerSchemaError | DatabaseInUseError))
        self.retry_button.setVisible(not isinstance(error, ForeignDatabaseError |
                                                    NewerSchemaError))
        self.problem_error.clear()
        self._go(Page.PROBLEM)
        if isinstance(error, DatabaseInUseError):
            self.retry_button.setFocus()

    def _proceed(self) -> None:
        page = self.current_page()
        if page is Page.CREATE:
            self._create()
        elif page is Page.PLAIN:
            self._open_plain()
        elif page is Page.PASSPHRASE:
            if self.lock_mode:
                self._unlock_locked()
            else:
                self._unlock()
        elif page is Page.USER:
            self._choose_user()

    def _create(self) -> None:
        problem = self.create_passphrase.problem()
        if problem:
            self.create_error.setText(problem)
            self.create_passphrase.first.setFocus()
            return
        role = UserRole(self.create_role.currentData())
        try:
            self.store = security.create_database(self.path, self.create_passphrase.first.text(),
                                                  self.create_name.text(), role, origin="gui")
        except ValidationError as error:
            self.create_error.setText(error.message)
            (self.create_name if error.field == "name" else
             self.create_passphrase.first).setFocus()
            return
        except StorageError as error:
            self.show_problem(error)
            return
        self.accept()

    def _open_plain(self) -> None:
        passphrase: str | None = None
        if self.plain_encrypt.isChecked():
            problem = self.plain_passphrase.problem()
            if problem:
                self.plain_error.setText(problem)
                return
            passphrase = self.plain_passphrase.first.text()
            try:
                result = security.encrypt_database(self.path, passphrase)
            except ValidationError as error:
                self.plain_error.setText(error.message)
                return
            except StorageError as error:
                self.show_problem(error)
                return
            if result.plain_backups:
                self._offer_removing_plain_backups(list(result.plain_backups))
        self._open(passphrase)

    def _offer_removing_plain_backups(self, paths: list[Path]) -> None:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self, _("Onversleutelde reservekopieën"),
            _("Er staan nog {n} onversleutelde reservekopieën in de map ‘backups’. Wilt u die "
              "verwijderen? (Nieuwe reservekopieën worden versleuteld.)").format(n=len(paths)))
        if answer == QMessageBox.StandardButton.Yes:
            security.remove_files(paths)

    def _unlock(self) -> None:
        self._open(self.passphrase.text())

    def _open(self, passphrase: str | None) -> None:
        try:
            # The whole-file check runs once the window is up (gui/shell.py).
            self.store = Store.open(self.path, passphrase, origin="gui", check_pages=False)
        except WrongPassphraseError as error:
            self.failed_attempts += 1
            self.passphrase_error.setText(error.message)
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            if self.current_page() is not Page.PASSPHRASE:
                self._go(Page.PASSPHRASE)
            return
        except StorageError as error:
            self.show_problem(error)
            return
        self.passphrase.clear()
        self.fill_users(self.user_combo, users.list_users(self.store), None)
        self._go(Page.USER)

    def _choose_user(self) -> None:
        assert self.store is not None
        user_id = self.user_combo.currentData()
        try:
            if user_id is None:
                user_id = users.create_user(self.store, self.new_user_name.text(),
                                            UserRole(self.new_user_role.currentData())).id
            users.choose_user(self.store, user_id)
        except ExpertteamError as error:
            self.user_error.setText(error.message)
            return
        self.accept()

    # ------------------------------------------------------------------ lock mode
    def _show_lock(self) -> None:
        assert self.store is not None
        self.passphrase_title.setText(_("Expertteam is vergrendeld"))
        encrypted = security.is_encrypted(self.store)
        self.passphrase_info.setText(
            _("De gegevens zijn verborgen omdat er een tijd niets is gedaan. Alles staat nog "
              "zoals u het achterliet.") if encrypted else
            _("De gegevens zijn verborgen omdat er een tijd niets is gedaan. Deze database is "
              "niet versleuteld: kies ‘Beveiliging › Versleutelen…’ om hem te beveiligen."))
        self.passphrase.setVisible(encrypted)
        self.passphrase_label.setVisible(encrypted)
        self.other_file_button.hide()
        self.fill_users(self.lock_user, users.list_users(self.store), self.store.actor_id)
        self._go(Page.PASSPHRASE)

    def _unlock_locked(self) -> None:
        assert self.store is not None
        try:
            if security.is_encrypted(self.store) and \
                    not security.verify_passphrase(self.store, self.passphrase.text()):
                self.failed_attempts += 1
                self.passphrase_error.setText(_("Het wachtwoord klopt niet. Probeer het opnieuw "
                                                "(let op hoofdletters)."))
                self.passphrase.selectAll()
                self.passphrase.setFocus()
                return
            user_id = self.lock_user.currentData()
            if user_id is not None:
                users.choose_user(self.store, user_id)
        except ExpertteamError as error:
            self.passphrase_error.setText(error.message)
            return
        self.passphrase.clear()
        self.accept()

    def reject(self) -> None:
        if self.lock_mode:
            return  # a locked app can only be unlocked
        if self.store is not None and self.result() != QDialog.DialogCode.Accepted:
            self.store.close()
            self.store = None
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if self.lock_mode and event.key() == Qt.Key.Key_Escape:
            event.ignore()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        if self.lock_mode:
            event.ignore()
            return
        super().closeEvent(event)

    # ------------------------------------------------------------------ ways out
    def ask_open_file(self, title: str) -> Path | None:
        """The file dialog (replaceable in tests)."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self, title, str(self.path.parent), _("Expertteam-database (*.db);;Alle bestanden (*)"))
        return Path(chosen) if chosen else None

    def ask_save_file(self, title: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, title, str(self.path.parent / "expertteam.db"),
            _("Expertteam-database (*.db)"))
        return Path(chosen) if chosen else None

    def ask_backup_passphrase(self) -> str | None:
        text, ok = QInputDialog.getText(self, _("Reservekopie"), _(
            "Wachtwoord van de reservekopie (leeg laten als die niet versleuteld is):"),
            QLineEdit.EchoMode.Password)
        return text if ok else None

    def ask_current_passphrase(self) -> str | None:
        text, ok = QInputDialog.getText(self, _("Reservekopie"), _(
            "De huidige database is versleuteld en de reservekopie niet. Wachtwoord van de "
            "huidige database (de kopie wordt daarmee versleuteld):"),
            QLineEdit.EchoMode.Password)
        return text if ok and text else None

    def choose_other_file(self) -> None:
        chosen = self.ask_open_file(_("Databasebestand kiezen"))
        if chosen is not None:
            self.path = chosen
            self.start()

    def choose_new_file(self) -> None:
        chosen = self.ask_save_file(_("Nieuwe database"))
        if chosen is None:
            return
        if chosen.exists():
            self.problem_error.setText(_("Daar staat al een bestand; kies een nieuwe naam."))
            return
        self.path = chosen
        self.start()

    def restore_from_backup(self) -> None:
        """Put a backup in place of the file; the current file is kept aside unchanged."""
        chosen = self.ask_open_file(_("Reservekopie kiezen"))
        if chosen is None:
            return
        passphrase = self.ask_backup_passphrase()
        if passphrase is None:
            return
        try:
            try:
                result = restore.restore_backup(self.path, chosen, passphrase or None)
            except NotEncryptedError:
                current = self.ask_current_passphrase()
                if current is None:
                    self.problem_error.setText(_("Niets teruggezet: zonder het wachtwoord van "
                                                 "de huidige database wordt een onversleutelde "
                                                 "kopie niet teruggezet."))
                    return
                result = restore.restore_backup(self.path, chosen, passphrase or None,
                                                encrypt_with=current)
        except ExpertteamError as error:
            self.problem_error.setText(error.message)
            return
        if result.previous_copy is not None:
            self.problem_error.setText(_("Het oude bestand is bewaard als {name}.").format(
                name=result.previous_copy.name))
        self.start()


def open_store(path: Path, parent: QWidget | None) -> Store | None:
    """Run the dialog; the open store with a chosen user, or None when the user gave up."""
    dialog = UnlockDialog(path, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    store = dialog.store if accepted else None
    dialog.deleteLater()  # let Qt delete it from the event loop, not Python's GC
    return store
