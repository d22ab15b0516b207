"""Run one service call off the GUI thread; the result comes back through a queued signal."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal

from expertteam.domain.errors import ExpertteamError
from expertteam.i18n import _


class ServiceJob(QThread):
    """Calls ``work()`` in its own thread. ``succeeded(result)`` or ``failed(message)`` follow;
    the job never touches a widget. An unexpected error is reported as a failure too (so the
    page never waits forever) and then raised again, so that it is seen like any other bug."""

    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work

    def run(self) -> None:
        try:
            result = self._work()
        except ExpertteamError as error:
            self.failed.emit(error.message)
            return
        except Exception:
            self.failed.emit(_("Er ging iets onverwachts mis; de berekening is gestopt."))
            raise
        self.succeeded.emit(result)
