"""Backups from the app: make one (to a chosen file, with progress, in a worker thread), restore
one after a preview of its date and contents, and the automatic backup when the app closes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.errors import ExpertteamError
from expertteam.domain.storage_errors import WrongPassphraseError
from expertteam.formatting import date_time
from expertteam.gui.operations import Job
from expertteam.gui.security.meter import password_field
from expertteam.gui.widgets import error_label
from expertteam.i18n import _
from expertteam.services import backup, restore
from expertteam.services.backup import BackupPreview
from expertteam.services.store import Store


def describe(preview: BackupPreview) -> str:
    made = date_time(preview.made_at, empty=_("onbekend"))
    return _("Gemaakt op {made}\n{cases} casussen, {meetings} overleggen, {actions} acties\n"
             "{size:.1f} MB, {kind}").format(
        made=made, cases=preview.cases, meetings=preview.meetings, actions=preview.actions,
        size=preview.size_bytes / 1_000_000,
        kind=_("versleuteld") if preview.encrypted else _("niet versleuteld"))


class BackupRunner(QObject):
    """Runs one manual backup in a ``Job`` with a progress dialog."""

    finished = Signal(object)  # BackupPreview, or None after a failure

    def __init__(self, store: Store, target: Path, parent: QWidget | None,
                 overwrite: bool = False) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.progress = QProgressDialog(_("Reservekopie maken…"), "", 0, 100, parent)
        self.progress.setWindowTitle(_("Reservekopie"))
        self.progress.setCancelButton(None)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.job = Job(lambda control: backup.backup_to(
            store, target, lambda done, total: control.report(done, total),
            overwrite=overwrite), self)
        self.job.progressed.connect(self._progress)
        self.job.succeeded.connect(self._done)
        self.job.failed.connect(self._failed)
        self.result: BackupPreview | None = None
        self.error = ""

    def start(self) -> None:
        self.progress.show()
        self.job.start()

    def _progress(self, done: int, total: int, _text: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _stop(self) -> None:
        self.job.wait()
        self.progress.close()

    def _done(self, preview: BackupPreview) -> None:
        self._stop()
        self.result = preview
        self.finished.emit(preview)

    def _failed(self, message: str) -> None:
        self._stop()
        self.error = message
        self.finished.emit(None)


def make_backup(store: Store, parent: QWidget | None, target: Path | None = None
                ) -> BackupRunner | None:
    """Ask where to write (unless ``target``), then back up with progress; reports the result.
    A file chosen in the save dialog may be replaced (the dialog asked); a given ``target``
    is never overwritten."""
    overwrite = target is None
    if target is None:
        chosen, _filter = QFileDialog.getSaveFileName(
            parent, _("Reservekopie opslaan"),
            str(Path.home() / "expertteam-reservekopie.db"), _("Expertteam-database (*.db)"))
        if not chosen:
            return None
        target = Path(chosen)
    runner = BackupRunner(store, target, parent, overwrite)

    def report(preview: BackupPreview | None) -> None:
        if preview is None:
            QMessageBox.warning(parent, _("Reservekopie"), runner.error)
        else:
            QMessageBox.information(parent, _("Reservekopie"), _(
                "De reservekopie is gemaakt en gecontroleerd:\n{path}\n\n{about}").format(
                path=preview.path, about=describe(preview)))

    runner.finished.connect(report)
    runner.start()
    return runner


class RestoreDialog(QDialog):
    """Choose a backup (automatic ones listed, or any file), see what it holds, restore it."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_("Reservekopie terugzetten"))
        self.setMinimumWidth(560)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Automatische reservekopieën"))
        for item in backup.list_backups(store):
            label = date_time(item.made_at, empty=item.path.name)
            entry = QListWidgetItem(f"{label}  ({item.path.name})")
            entry.setData(Qt.ItemDataRole.UserRole, str(item.path))
            self.list.addItem(entry)
        self.browse = QPushButton(_("Ander bestand…"))
        self.browse.clicked.connect(self._browse)
        self.passphrase = password_field(_("alleen als de kopie een ander wachtwoord heeft"))
        self.preview_label = QLabel(_("Kies een reservekopie om te zien wat erin staat."))
        self.preview_label.setWordWrap(True)
        self.error = error_label()
        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(_("Terugzetten"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Automatische reservekopieën (nieuwste eerst):")))
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.browse)
        row.addStretch(1)
        layout.addLayout(row)
        form = QFormLayout()
        form.addRow(_("Wachtwoord kopie:"), self.passphrase)
        layout.addLayout(form)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.error)
        layout.addWidget(QLabel(_("De huidige database wordt eerst apart bewaard; er gaat niets "
                                  "verloren.")))
        layout.addWidget(self.buttons)
        self.chosen: Path | None = None
        self.preview: BackupPreview | None = None
        self.restored: restore.RestoreResult | None = None
        self.list.currentItemChanged.connect(self._picked)
        self.passphrase.editingFinished.connect(self._show_preview)

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Reservekopie kiezen"), str(Path.home()),
            _("Expertteam-database (*.db);;Alle bestanden (*)"))
        if chosen:
            self.choose(Path(chosen))

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.choose(Path(str(item.data(Qt.ItemDataRole.UserRole))))

    def choose(self, path: Path) -> None:
        self.chosen = path
        self._show_preview()

    def _show_preview(self) -> None:
        self.preview = None
        self.restore_button.setEnabled(False)
        self.error.clear()
        if self.chosen is None:
            return
        try:
            self.preview = restore.preview_backup(self.store, self.chosen,
                                                  self.passphrase.text() or None)
        except WrongPassphraseError as error:
            self.preview_label.setText("")
            note = restore.passphrase_note(self.store)
            self.error.setText(f"{error.message} {note}".strip())
            return
        except ExpertteamError as error:
            self.preview_label.setText("")
            self.error.setText(error.message)
            return
        text = describe(self.preview)
        if self.store.database.encrypted and not self.preview.encrypted:
            text += "\n" + _("Deze kopie is niet versleuteld: bij het terugzetten wordt ze "
                             "versleuteld met het huidige wachtwoord.")
        self.preview_label.setText(text)
        self.restore_button.setEnabled(not self.preview.newer_than_app)
        if self.preview.newer_than_app:
            self.error.setText(_("Deze reservekopie komt uit een nieuwere versie van Expertteam."))

    def confirm(self) -> bool:
        """Ask for confirmation (replaceable in tests)."""
        return QMessageBox.question(
            self, _("Reservekopie terugzetten"),
            _("De gegevens van nu worden vervangen door die van de reservekopie. De huidige "
              "database wordt apart bewaard. Doorgaan?")) == QMessageBox.StandardButton.Yes

    def restore(self) -> None:
        if self.chosen is None or self.preview is None or not self.confirm():
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.restored = restore.restore_into(self.store, self.chosen,
                                                 self.passphrase.text() or None)
        except ExpertteamError as error:
            self.error.setText(error.message)
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.accept()


def backup_on_close(store: Store, parent: QWidget | None) -> Path | None:
    """The automatic backup when the app closes; a failure is shown, never raised."""
    try:
        return backup.automatic_backup(store)
    except ExpertteamError as error:
        QMessageBox.warning(parent, _("Reservekopie"), _(
            "De automatische reservekopie bij het afsluiten is niet gelukt:\n{message}").format(
            message=error.message))
        return None

