"""The PDF renderer loaded in the background once the main window shows.

The first document of a session (the minutes on the Afronden screen, a letter, an export) would
otherwise pay for loading ReportLab, the fonts and pikepdf. A single-shot timer starts
``documents.warm_up_renderer`` in a job shortly after the window is up (so it does not compete
with the start itself); it renders under the same process-wide lock as every document, so it
never overlaps a real render. Once the window begins closing no warm-up starts, and a running one
is waited for, so no thread outlives the window (or the QApplication).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from expertteam.gui.main_window import MainWindow
from expertteam.gui.operations import Job, read_in_background
from expertteam.services import documents

DELAY_MS = 1500


class RendererWarmUp(QObject):
    def __init__(self, window: MainWindow, delay_ms: int = DELAY_MS) -> None:
        super().__init__(window)
        self.job: Job | None = None
        self.closing = False
        self.done = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.start)
        window.closing.append(self.wait)
        self.timer.start(delay_ms)

    def start(self) -> None:
        if self.closing or self.job is not None or self.done:
            return
        self.job = read_in_background(self, lambda _control: documents.warm_up_renderer(),
                                      self._finished, lambda _message: self._finished(None))

    def wait(self) -> None:
        """The window is closing: start nothing more, let a running warm-up finish."""
        self.closing = True
        self.timer.stop()
        job, self.job = self.job, None
        if job is not None:
            job.wait()

    def _finished(self, _result: object) -> None:
        self.job = None
        self.done = True
