"""Afronden: the screen that follows closing a meeting, on the same projector window.

It shows the minutes at once, pseudonymised, in the app's own PDF viewer, and beside them the
action list of every participant with open actions, ready to send: choose one to see it, print
what is on screen (Ctrl+P), save it (Ctrl+S), or save all action lists in one folder. Nothing
here ever shows a child's name. Sending them by e-mail has its place in ``send_row``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.enums import AuditAction
from expertteam.gui import operations
from expertteam.gui.changes import Change
from expertteam.gui.meetings.style import MUTED_FOREGROUND, TypeSizer, set_text_colour
from expertteam.gui.operations import JobControl
from expertteam.gui.printing import LoadedPdf, last_folder, print_pdf, write_pdf_file
from expertteam.i18n import _, ngettext
from expertteam.services import documents
from expertteam.services.documents import RenderedDocument
from expertteam.services.meeting_data import ClosingSummary
from expertteam.services.store import Store

MINUTES_ROW = 0


def closing_text(summary: ClosingSummary) -> str:
    """"Het overleg is gesloten. 10 punten schuiven door, 3 open acties lopen door." """
    text = _("Het overleg is gesloten.") + " " + ngettext(
        "{n} punt schuift door", "{n} punten schuiven door", summary.undiscussed_items).format(
        n=summary.undiscussed_items) + ", " + ngettext(
        "{n} open actie loopt door.", "{n} open acties lopen door.",
        summary.open_actions).format(n=summary.open_actions)
    if summary.next_meeting_id is not None:
        text += " " + _("Ze staan op de agenda van het volgende geplande overleg.")
    return text


@dataclass(frozen=True)
class Shown:
    """The document on screen: the minutes (``organisation_id`` None) or one action list."""

    organisation_id: int | None
    document: RenderedDocument
    pdf: LoadedPdf


class WrapUpView(QWidget):
    """The Afronden screen of one closed meeting. ``shown_changed`` follows each document put
    on screen; ``done`` asks to leave (Klaar, Esc, Ctrl+W)."""

    shown_changed = Signal()
    done = Signal()
    drafts_requested = Signal(int)  # the e-mail drafts of this meeting (the shell opens them)

    def __init__(self, store: Store, meeting_id: int, sizer: TypeSizer,
                 parent: QWidget | None = None, *, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.store, self.meeting_id = store, meeting_id
        self.settings = settings if settings is not None else QSettings()
        self.shown: Shown | None = None
        self._wanted: int | None = None
        self._queued: list[int | None] = []
        self.failed = ""
        self._reading: operations.Job | None = None
        self.saving: operations.BackgroundChange | None = None
        self.heading = QLabel(_("Afronden"), self)
        sizer.sized(self.heading, 1.3, bold=True)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        sizer.sized(self.summary, 0.75)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        sizer.sized(self.status, 0.7)
        set_text_colour(self.status, MUTED_FOREGROUND)

        self.viewer = QPdfView(self)
        self.viewer.setAccessibleName(_("Document op het scherm"))
        self.viewer.setPageMode(QPdfView.PageMode.MultiPage)
        self.viewer.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.documents = QListWidget(self)
        self.documents.setAccessibleName(_("Verslag en actielijsten"))
        sizer.sized(self.documents, 0.7)
        self.documents.itemActivated.connect(lambda _item: self.show_chosen())
        self.documents_label = QLabel(_("&Documenten (Enter toont)"), self)
        self.documents_label.setBuddy(self.documents)
        sizer.sized(self.documents_label, 0.7, bold=True)
        self.print_button = QPushButton(_("&Afdrukken… (Ctrl+P)"), self)
        self.save_button = QPushButton(_("&Opslaan als PDF… (Ctrl+S)"), self)
        self.save_all_button = QPushButton(_("Alle actie&lijsten opslaan…"), self)
        self.save_all_button.setToolTip(_("De actielijst van elke organisatie met open acties, "
                                          "elk als eigen PDF (gepseudonimiseerd) in één map"))
        self.drafts_button = QPushButton(_("&E-mailconcepten maken…"), self)
        self.drafts_button.setToolTip(_("Per deelnemer een concept-e-mail met de eigen "
                                        "actielijst (en het verslag); de app verstuurt niets"))
        self.done_button = QPushButton(_("&Klaar (Esc)"), self)
        self.drafts_button.clicked.connect(lambda: self.drafts_requested.emit(self.meeting_id))
        self.print_button.clicked.connect(lambda: self.print_shown())
        self.save_button.clicked.connect(lambda: self.save_shown())
        self.save_all_button.clicked.connect(lambda: self.save_all())
        self.done_button.clicked.connect(self.done)
        for button in (self.print_button, self.save_button, self.save_all_button,
                       self.drafts_button, self.done_button):
            sizer.sized(button, 0.7)
            button.setAutoDefault(False)

        side = QVBoxLayout()
        side.addWidget(self.documents_label)
        side.addWidget(self.documents, 1)
        side.addWidget(self.drafts_button)
        side.addWidget(self.save_all_button)
        side.addWidget(self.print_button)
        side.addWidget(self.save_button)
        side.addWidget(self.done_button)
        body = QHBoxLayout()
        body.addWidget(self.viewer, 3)
        body.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        for keys, slot in (("Ctrl+P", self.print_shown), ("Ctrl+S", self.save_shown),
                           ("Escape", self.done.emit), ("Ctrl+W", self.done.emit)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # ------------------------------------------------------------------ showing
    def start(self, summary: ClosingSummary, title: str) -> None:
        """Fill the screen for the meeting just closed and put the minutes on it."""
        self.heading.setText(_("Afronden — {title}").format(title=title))
        self.summary.setText(closing_text(summary))
        self.documents.clear()
        minutes = QListWidgetItem(_("Verslag met besluiten- en actielijst"))
        minutes.setData(Qt.ItemDataRole.UserRole, None)
        self.documents.addItem(minutes)
        done = operations.attempt(self, lambda: documents.list_participants(self.store),
                                  title=_("Afronden"))
        for participant in done.value if done is not None else []:
            item = QListWidgetItem(_("Actielijst {label}").format(label=participant.label))
            item.setData(Qt.ItemDataRole.UserRole, participant.id)
            self.documents.addItem(item)
        self.documents.setCurrentRow(MINUTES_ROW)
        self.save_all_button.setEnabled(self.documents.count() > 1)
        self.show_document(None)
        self.documents.setFocus()

    def show_chosen(self) -> None:
        item = self.documents.currentItem()
        if item is not None:
            value = item.data(Qt.ItemDataRole.UserRole)
            self.show_document(int(value) if value is not None else None)

    def show_document(self, organisation_id: int | None) -> None:
        """Render the minutes (None) or that organisation's action list, off the GUI thread,
        and put it on screen; always pseudonymised."""
        if self._reading is not None:  # one at a time: this one comes next
            self._queued = [organisation_id]
            return
        self.status.setText(_("Verslag wordt gemaakt…") if organisation_id is None
                            else _("Actielijst wordt gemaakt…"))
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)
        self._wanted = organisation_id

        def render(_control: JobControl) -> RenderedDocument:
            return self._render(organisation_id, AuditAction.PRINT)

        self._reading = operations.read_in_background(self, render, self._rendered,
                                                      self._render_failed)

    def wait(self) -> None:
        """Let a document being made finish (before the window goes)."""
        if self._reading is not None:
            self._reading.wait()

    def _render(self, organisation_id: int | None, purpose: AuditAction) -> RenderedDocument:
        if organisation_id is None:
            return documents.minutes_pdf(self.store, self.meeting_id, purpose=purpose)
        return documents.participant_actions_pdf(self.store, organisation_id, purpose=purpose)

    def _rendered(self, document: RenderedDocument) -> None:
        self._reading = None
        self.shown = Shown(self._wanted, document, LoadedPdf(document.pdf))
        self.viewer.setDocument(self.shown.pdf.document)
        self.status.setText(_("{title} · {n} pagina's · gepseudonimiseerd").format(
            title=document.title, n=self.shown.pdf.page_count))
        for button in (self.print_button, self.save_button):
            button.setEnabled(True)
        self.shown_changed.emit()
        self._next()

    def _render_failed(self, message: str) -> None:
        self._reading = None
        self.failed = message
        self.status.setText(message)
        self._next()

    def _next(self) -> None:
        if self._queued:
            self.show_document(self._queued.pop())

    @property
    def ready(self) -> bool:
        """A document is on screen and none is being made."""
        return self.shown is not None and self._reading is None and not self._queued

    # ------------------------------------------------------------------ the ways out
    def print_shown(self, printer: QPrinter | None = None) -> int:
        """Print the document on screen (asks for the printer unless one is given)."""
        shown = self.shown
        if shown is None:
            return 0
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            ask = QPrintDialog(printer, self)
            ask.setWindowTitle(_("Afdrukken"))
            if ask.exec() != QDialog.DialogCode.Accepted:
                return 0
        done = operations.attempt(self, lambda: self._render(shown.organisation_id,
                                                             AuditAction.PRINT),
                                  title=_("Afdrukken"))
        if done is None:
            return 0
        printer.setDocName(done.value.title)
        try:
            pages = print_pdf(done.value.pdf, printer)
        except OSError as error:
            self.status.setText(str(error))
            return 0
        self.status.setText(_("{n} pagina's naar de printer gestuurd.").format(n=pages))
        return pages

    def save_shown(self, path: Path | None = None) -> Path | None:
        """Save the document on screen as PDF (asks where unless ``path`` is given)."""
        shown = self.shown
        if shown is None:
            return None
        done = operations.attempt(self, lambda: self._render(shown.organisation_id,
                                                             AuditAction.EXPORT),
                                  title=_("Opslaan als PDF"))
        if done is None:
            return None
        saved = write_pdf_file(self, self.settings, done.value.pdf, done.value.filename, path,
                               store=self.store, export=done.value.export)
        if saved is not None:
            self.status.setText(_("Opgeslagen: {path}").format(path=saved))
        return saved

    def save_all(self, folder: Path | None = None) -> operations.BackgroundChange | None:
        """Every participant's action list as its own PDF in one folder, in the background."""
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, _("Map voor de actielijsten"),
                                                      last_folder(self.settings))
            if not chosen:
                return None
            folder = Path(chosen)
        target = folder

        def write_all(control: JobControl) -> int:
            return len(documents.save_participant_actions(
                self.store, target, cancelled=control.cancelled, progress=control.report))

        self.saving = operations.change_in_background(
            self, self.store, write_all, Change(0), title=_("Alle actielijsten"),
            label=_("Actielijsten maken…"), cancellable=True, on_done=self._all_saved(target))
        return self.saving

    def _all_saved(self, folder: Path) -> Callable[[object], None]:
        def report(written: object) -> None:
            if isinstance(written, int):
                self.status.setText(ngettext(
                    "{n} actielijst opgeslagen in {folder}.",
                    "{n} actielijsten opgeslagen in {folder}.", written).format(
                        n=written, folder=folder))
        return report
