"""Every participant's action list to a folder, in a ``Job`` (``gui/operations.py``) with a
cancellable progress dialog. The job never touches a widget: it reports through signals (queued
to the GUI thread) and reads the cancel request from its control."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from expertteam.gui.operations import Job, JobControl
from expertteam.i18n import _, ngettext
from expertteam.services import documents
from expertteam.services.store import Store


class BatchExport(QObject):
    """Writes every list in a ``Job`` behind a ``QProgressDialog``; ``finished(written,
    cancelled)``."""

    finished = Signal(int, bool)

    def __init__(self, store: Store, folder: Path, with_names: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.store, self.folder, self.with_names = store, folder, with_names
        self.written: list[Path] = []
        self.worker = Job(self._write_all, self)
        self.dialog = QProgressDialog(_("Actielijsten maken…"), _("Annuleren"), 0, 0, parent)
        self.dialog.setWindowTitle(_("Alle actielijsten"))
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.worker.progressed.connect(self._on_progress)
        self.worker.failed.connect(self._on_failed)
        self.worker.finished.connect(self._on_finished)
        self.error = ""

    def _write_all(self, control: JobControl) -> None:
        """In the job's thread: render and write the lists, reporting after each file."""
        self.written = documents.save_participant_actions(
            self.store, self.folder, with_names=self.with_names, cancelled=control.cancelled,
            progress=control.report)

    def start(self) -> None:
        self.dialog.show()
        self.worker.start()

    @Slot()
    def cancel(self) -> None:
        self.worker.control.cancel()
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
        cancelled = self.worker.control.cancelled()
        written = len(self.written)
        self.dialog.reset()
        self.dialog.hide()
        if self.error:
            QMessageBox.warning(self.parent_widget, _("Alle actielijsten"), self.error)
        self.finished.emit(written, cancelled)

    def summary(self, written: int, cancelled: bool) -> str:
        text = ngettext("{n} actielijst opgeslagen in {folder}.",
                        "{n} actielijsten opgeslagen in {folder}.", written).format(
            n=written, folder=self.folder)
        if cancelled:
            text += " " + _("Geannuleerd: de overige lijsten zijn niet gemaakt.")
        elif written == 0 and not self.error:
            text = _("Geen enkele organisatie heeft open acties; er is niets opgeslagen.")
        return text
