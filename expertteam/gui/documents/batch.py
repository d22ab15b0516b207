"""Every participant's action list to a folder, in a worker thread with a cancellable progress
dialog. The worker never touches a widget: it reports through signals (queued to the GUI
thread) and reads the cancel request from a thread-safe flag."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from expertteam.domain.errors import ExpertteamError
from expertteam.i18n import _, ngettext
from expertteam.services import documents, files
from expertteam.services.store import Store


class BatchWorker(QThread):
    """Renders and writes the lists; ``progress(done, total, filename)`` after each file."""

    progress = Signal(int, int, str)
    failed = Signal(str)

    def __init__(self, store: Store, folder: Path, with_names: bool,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store, self.folder, self.with_names = store, folder, with_names
        self.cancel_requested = threading.Event()
        self.written: list[Path] = []

    def run(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for done, total, document in documents.all_participant_actions(
                    self.store, with_names=self.with_names,
                    cancelled=self.cancel_requested.is_set):
                target = self.folder / document.filename
                assert document.export is not None
                files.export_file(self.store, target, document.pdf, document.export)
                self.written.append(target)
                self.progress.emit(done, total, document.filename)
        except ExpertteamError as error:
            self.failed.emit(error.message)
        except OSError as error:
            from expertteam.storage.os_errors import reason

            self.failed.emit(_("De map kan niet worden beschreven: {reason}").format(
                reason=reason(error)))


class BatchExport(QObject):
    """Runs a ``BatchWorker`` behind a ``QProgressDialog``; ``finished(written, cancelled)``."""

    finished = Signal(int, bool)

    def __init__(self, store: Store, folder: Path, with_names: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.worker = BatchWorker(store, folder, with_names, self)
        self.dialog = QProgressDialog(_("Actielijsten maken…"), _("Annuleren"), 0, 0, parent)
        self.dialog.setWindowTitle(_("Alle actielijsten"))
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.worker.progress.connect(self._on_progress)
        self.worker.failed.connect(self._on_failed)
        self.worker.finished.connect(self._on_finished)
        self.error = ""

    def start(self) -> None:
        self.dialog.show()
        self.worker.start()

    @Slot()
    def cancel(self) -> None:
        self.worker.cancel_requested.set()
        self.dialog.setLabelText(_("Stoppen na het huidige document…"))

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, filename: str) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        self.dialog.setLabelText(_("{done} van {total}: {name}").format(
            done=done, total=total, name=filename))

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.error = message

    @Slot()
    def _on_finished(self) -> None:
        cancelled = self.worker.cancel_requested.is_set()
        written = len(self.worker.written)
        self.dialog.reset()
        self.dialog.hide()
        if self.error:
            QMessageBox.warning(self.parent_widget, _("Alle actielijsten"), self.error)
        self.finished.emit(written, cancelled)

    def summary(self, written: int, cancelled: bool) -> str:
        text = ngettext("{n} actielijst opgeslagen in {folder}.",
                        "{n} actielijsten opgeslagen in {folder}.", written).format(
            n=written, folder=self.worker.folder)
        if cancelled:
            text += " " + _("Geannuleerd: de overige lijsten zijn niet gemaakt.")
        elif written == 0 and not self.error:
            text = _("Geen enkele organisatie heeft open acties; er is niets opgeslagen.")
        return text
