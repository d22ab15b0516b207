"""The one way the GUI changes data, and the one way it reads in the background.

- ``change(parent, store, call, changes, title=…)`` runs a short service call on the GUI thread
  (with a wait cursor), shows a typed error in Dutch where it belongs (a field-level
  ``ValidationError`` under its field when ``errors`` is given, else in a message box), and on
  success announces ``changes`` on the store's change notice; it returns ``Done(value)`` or None.
- ``attempt(parent, call, title=…)`` is the same without the announcement, for a call whose
  changes are announced elsewhere (an undo command tells its page, which announces them).
- In both, when the service finds the input unusual (``NeedsConfirmationError``) and
  ``confirm`` is given, the user is asked "Toch opslaan?" and ``confirm`` (the same call,
  confirmed) runs.
- ``change_in_background(…)`` does the same for long work (backups, PDF batches) in a ``Job``
  behind a progress dialog, optionally cancellable.
- ``read_in_background(parent, work, on_done, on_failed)`` runs a read in a ``Job``.

A ``Job`` is the one worker thread: it calls ``work(control)`` and reports through queued
signals; it never touches a widget. ``control.report(done, total, text)`` shows progress and
``control.cancelled()`` tells whether the user asked to stop.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from expertteam.domain.errors import ExpertteamError, NeedsConfirmationError
from expertteam.gui.changes import Change, notice_for
from expertteam.i18n import _
from expertteam.services.store import Store

T = TypeVar("T")

UNEXPECTED = _("Er ging iets onverwachts mis; de bewerking is gestopt.")


@dataclass(frozen=True)
class Done(Generic[T]):
    """A call that succeeded, with what it returned."""

    value: T


class ErrorDisplay(Protocol):
    """Where a form shows a refused entry: ``gui.widgets.InlineErrors`` (a line under each
    field) or a dialog's own error line (``gui.meetings.dialogs.DialogErrors``)."""

    def show(self, error: ExpertteamError) -> object: ...

    def clear(self) -> None: ...


def show_error(parent: QWidget | None, title: str, error: ExpertteamError,
               errors: ErrorDisplay | None = None,
               report: Callable[[str], None] | None = None) -> None:
    """Show ``error`` at its field (``errors`` given), through the page's own ``report`` line,
    or in a warning box titled ``title``."""
    if errors is not None:
        errors.show(error)
    elif report is not None:
        report(error.message)
    else:
        QMessageBox.warning(parent, title, error.message)


@contextmanager
def wait_cursor() -> Iterator[None]:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def ask_to_confirm(parent: QWidget | None, title: str, warning: NeedsConfirmationError) -> bool:
    """Show the service's warnings and ask "Toch opslaan?" (No is the default)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title,
                      warning.message + "\n\n" + _("Toch opslaan?"),
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).setText(_("Toch opslaan"))
    box.button(QMessageBox.StandardButton.No).setText(_("Terug naar het formulier"))
    return box.exec() == QMessageBox.StandardButton.Yes


def attempt(parent: QWidget | None, call: Callable[[], T], *, title: str,
            errors: ErrorDisplay | None = None,
            report: Callable[[str], None] | None = None,
            confirm: Callable[[], T] | None = None) -> Done[T] | None:
    """Run ``call`` (which a service may refuse with an ``ExpertteamError``); show the refusal
    where it belongs (see ``show_error``) and return None, or ``Done(value)``. ``confirm`` is
    the same call with the unusual input confirmed (see the module docstring)."""
    try:
        with wait_cursor():
            value = call()
    except NeedsConfirmationError as warning:
        if confirm is None:
            show_error(parent, title, warning, errors, report)
            return None
        if errors is not None:
            errors.clear()
        if not ask_to_confirm(parent, title, warning):
            return None
        return attempt(parent, confirm, title=title, errors=errors, report=report)
    except ExpertteamError as error:
        show_error(parent, title, error, errors, report)
        return None
    if errors is not None:
        errors.clear()
    return Done(value)


def change(parent: QWidget | None, store: Store, call: Callable[[], T], changes: Change, *,
           title: str, errors: ErrorDisplay | None = None,
           report: Callable[[str], None] | None = None,
           source: QObject | None = None,
           confirm: Callable[[], T] | None = None) -> Done[T] | None:
    """Run ``call`` (a service call that changes data); announce ``changes`` when it worked
    (``source``: the page that shows the result itself, see ``ChangeNotice``). ``confirm``: as
    for ``attempt``."""
    done = attempt(parent, call, title=title, errors=errors, report=report, confirm=confirm)
    if done is not None:
        notice_for(store).announce(changes, source)
    return done


class JobControl:
    """Handed to a job's work: report progress, and see whether the user asked to stop."""

    def __init__(self, job: Job) -> None:
        self._job = job
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        self._job.progressed.emit(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


class Job(QThread):
    """Calls ``work(control)`` in its own thread; ``succeeded(result)`` or ``failed(message)``
    follows, then ``finished``. An unexpected error is reported as a failure too (so nothing
    waits forever) and then raised again, so that it is seen like any other bug."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[JobControl], object],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self.control = JobControl(self)
        if parent is not None:
            # Qt aborts the process when a running thread is destroyed with its parent. The
            # thread may still be ending after its last signal has been handled (and its owner
            # has let go of it), so the owner's end waits for it (direct: before the children go).
            parent.destroyed.connect(self._wait_to_end, Qt.ConnectionType.DirectConnection)

    def _wait_to_end(self) -> None:
        self.wait()

    def run(self) -> None:
        try:
            result = self._work(self.control)
        except ExpertteamError as error:
            self.failed.emit(error.message)
            return
        except Exception:
            self.failed.emit(UNEXPECTED)
            raise
        self.succeeded.emit(result)


def read_in_background(parent: QObject, work: Callable[[JobControl], T],
                       on_done: Callable[[T], None],
                       on_failed: Callable[[str], None]) -> Job:
    """Start ``work`` (a read) in a job; ``on_done(result)`` or ``on_failed(message)`` follow
    on the GUI thread. The job is deleted when it is finished."""
    job = Job(work, parent)
    job.succeeded.connect(on_done)
    job.failed.connect(on_failed)
    job.finished.connect(job.deleteLater)
    job.start()
    return job


class BackgroundChange(QObject):
    """A change running in a ``Job`` behind a progress dialog (see ``change_in_background``).

    ``finished(result)`` follows: the work's result, or None after a failure (``error`` says
    why) or when the user cancelled before anything came back."""

    finished = Signal(object)

    def __init__(self, parent: QWidget | None, store: Store,
                 work: Callable[[JobControl], object], changes: Change, *, title: str,
                 label: str, cancellable: bool) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.store, self.changes, self.title = store, changes, title
        self.error = ""
        self.result: object = None
        self.job = Job(work, self)
        self.dialog = QProgressDialog(label, _("Annuleren") if cancellable else "", 0, 0,
                                      parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if cancellable:
            self.dialog.canceled.connect(self.cancel)
        else:
            self.dialog.setCancelButton(None)
        self.job.progressed.connect(self._progressed)
        self.job.succeeded.connect(self._succeeded)
        self.job.failed.connect(self._failed)
        self.job.finished.connect(self._finished)

    @property
    def cancelled(self) -> bool:
        return self.job.control.cancelled()

    def start(self) -> None:
        self.dialog.show()
        self.job.start()

    def cancel(self) -> None:
        self.job.control.cancel()
        self.dialog.setLabelText(_("Stoppen na de huidige stap…"))

    def _progressed(self, done: int, total: int, text: str) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(done)
        if text:
            self.dialog.setLabelText(text)

    def _succeeded(self, result: object) -> None:
        self.result = result

    def _failed(self, message: str) -> None:
        self.error = message

    def _finished(self) -> None:
        self.job.wait()
        self.dialog.reset()
        self.dialog.hide()
        if self.error:
            QMessageBox.warning(self.parent_widget, self.title, self.error)
        # Even a failed or cancelled batch may have written part of its work.
        notice_for(self.store).announce(self.changes)
        self.finished.emit(self.result)


def change_in_background(parent: QWidget | None, store: Store,
                         work: Callable[[JobControl], object], changes: Change, *,
                         title: str, label: str, cancellable: bool = False,
                         on_done: Callable[[object], None] | None = None) -> BackgroundChange:
    """Start long ``work`` that changes data (or files) behind a progress dialog; failures are
    shown in a warning box titled ``title``; ``changes`` are announced when it is over."""
    running = BackgroundChange(parent, store, work, changes, title=title, label=label,
                               cancellable=cancellable)
    if on_done is not None:
        running.finished.connect(on_done)
    running.start()
    return running
