"""The export and print dialog: choose a document, pseudonymised unless "met naam" is ticked,
then save it as PDF, preview it or print it, or save a Word copy (minutes and action lists).
Every choice goes through ``services.documents`` or ``services.word_copies`` (which log it);
the three PDF outputs come from the same PDF, the Word copy from the same data."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.enums import AuditAction, CaseStatus
from expertteam.domain.errors import ExpertteamError
from expertteam.gui.documents.batch import BatchExport
from expertteam.gui.printing import (
    FOLDER_KEY,
    last_folder,
    preview_dialog,
    print_pdf,
    write_file,
    write_pdf_file,
)
from expertteam.i18n import N_, _
from expertteam.services import case_register, documents, word_copies
from expertteam.services.documents import RenderedDocument
from expertteam.services.store import Store


class DocumentKind(Enum):
    MINUTES = "minutes"
    ACTION_LIST = "actions"
    AGREEMENT_SHEET = "case"


_KIND_LABELS = {
    DocumentKind.MINUTES: N_("Verslag met besluiten- en actielijst (gesloten overleg)"),
    DocumentKind.ACTION_LIST: N_("Actielijst van één deelnemer"),
    DocumentKind.AGREEMENT_SHEET: N_("Afsprakenoverzicht van één kind"),
}


class ExportDialog(QDialog):
    """Document choice, the "met naam" choice and the three ways out (PDF, preview, print)."""

    exported = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 kind: DocumentKind = DocumentKind.MINUTES, subject_id: int | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings if settings is not None else QSettings()
        self.setWindowTitle(_("Document maken en afdrukken"))
        self.setMinimumWidth(520)

        self.kind_box = QComboBox()
        for option in DocumentKind:
            self.kind_box.addItem(_(_KIND_LABELS[option]), option)
        self.subject_label = QLabel()
        self.subject_box = QComboBox()
        self.subject_box.setMinimumContentsLength(40)
        self.with_names = QCheckBox(_("Met naam (niet gepseudonimiseerd)"))
        self.with_names.setChecked(False)
        self.names_warning = QLabel(_(
            "Let op: het document bevat dan de namen van kinderen. Deel het alleen via een "
            "beveiligde weg en alleen met wie het nodig heeft. Deze keuze wordt vastgelegd."))
        self.names_warning.setWordWrap(True)
        self.names_warning.setStyleSheet("font-weight: bold;")
        self.names_warning.setVisible(False)
        self.privacy_note = QLabel(_("Standaard staan kinderen in het document met casusnummer, "
                                     "initialen en geboortejaar."))
        self.privacy_note.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)

        form = QFormLayout()
        form.addRow(_("&Document:"), self.kind_box)
        form.addRow(self.subject_label, self.subject_box)
        self.subject_label.setBuddy(self.subject_box)

        buttons = QDialogButtonBox()
        self.save_button = QPushButton(_("Opslaan als &PDF…"))
        self.word_button = QPushButton(_("Opslaan als &Word…"))
        self.word_button.setToolTip(_("Een Word-kopie (.docx) uit het Word-sjabloon van de "
                                      "regio, om aan te passen aan de huisstijl"))
        self.preview_button = QPushButton(_("Afdruk&voorbeeld…"))
        self.print_button = QPushButton(_("&Afdrukken…"))
        self.batch_button = QPushButton(_("Alle actielijsten opslaan…"))
        self.batch_button.setToolTip(_("De actielijst van elke organisatie met open acties, elk "
                                       "als eigen PDF in één map"))
        for button in (self.save_button, self.word_button, self.preview_button,
                       self.print_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Sluiten"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.privacy_note)
        layout.addWidget(self.with_names)
        layout.addWidget(self.names_warning)
        layout.addWidget(self.batch_button)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

        self.kind_box.currentIndexChanged.connect(self._fill_subjects)
        self.with_names.toggled.connect(self.names_warning.setVisible)
        self.save_button.clicked.connect(lambda: self.save_pdf())
        self.word_button.clicked.connect(lambda: self.save_word())
        self.preview_button.clicked.connect(self.show_preview)
        self.print_button.clicked.connect(self.print_document)
        self.batch_button.clicked.connect(lambda: self.export_all_action_lists())
        self.batch: BatchExport | None = None

        self.kind_box.setCurrentIndex(list(DocumentKind).index(kind))
        self._fill_subjects()
        if subject_id is not None:
            index = self.subject_box.findData(subject_id)
            if index >= 0:
                self.subject_box.setCurrentIndex(index)

    # ------------------------------------------------------------------ choices
    def kind(self) -> DocumentKind:
        value = self.kind_box.currentData()
        return value if isinstance(value, DocumentKind) else DocumentKind.MINUTES

    def subject_id(self) -> int | None:
        value = self.subject_box.currentData()
        return value if isinstance(value, int) else None

    def _fill_subjects(self) -> None:
        kind = self.kind()
        self.subject_box.clear()
        try:
            if kind is DocumentKind.MINUTES:
                self.subject_label.setText(_("&Overleg:"))
                for meeting in documents.list_closed_meetings(self.store):
                    self.subject_box.addItem(meeting.label, meeting.id)
                empty = _("Er is nog geen gesloten overleg; het verslag komt er na het sluiten.")
            elif kind is DocumentKind.ACTION_LIST:
                self.subject_label.setText(_("Dee&lnemer:"))
                for participant in documents.list_participants(
                        self.store, only_with_open_actions=False):
                    self.subject_box.addItem(participant.label, participant.id)
                empty = _("Er zijn nog geen organisaties.")
            else:
                self.subject_label.setText(_("&Kind:"))
                for row in case_register.list_register(self.store):
                    closed = _(" (afgesloten)") if row.status is CaseStatus.CLOSED else ""
                    self.subject_box.addItem(f"{row.pseudonym} – {row.municipality_name}{closed}"
                                             if row.municipality_name else row.pseudonym + closed,
                                             row.id)
                empty = _("Er zijn nog geen casussen.")
        except ExpertteamError as error:
            empty = error.message
        has_subject = self.subject_box.count() > 0
        self.status.setText("" if has_subject else empty)
        for button in (self.save_button, self.preview_button, self.print_button):
            button.setEnabled(has_subject)
        self.word_button.setEnabled(has_subject and kind is not DocumentKind.AGREEMENT_SHEET)

    # ------------------------------------------------------------------ rendering
    def make_document(self, purpose: AuditAction = AuditAction.EXPORT) -> RenderedDocument | None:
        """The chosen document from the services, or None after showing why it failed."""
        subject = self.subject_id()
        if subject is None:
            return None
        names = self.with_names.isChecked()
        try:
            if self.kind() is DocumentKind.MINUTES:
                return documents.minutes_pdf(self.store, subject, with_names=names,
                                             purpose=purpose)
            if self.kind() is DocumentKind.ACTION_LIST:
                return documents.participant_actions_pdf(self.store, subject, with_names=names,
                                                         purpose=purpose)
            return documents.agreement_sheet_pdf(self.store, subject, with_names=names,
                                                 purpose=purpose)
        except ExpertteamError as error:
            self.status.setText(error.message)
            QMessageBox.warning(self, self.windowTitle(), error.message)
            return None

    def _folder(self) -> str:
        return last_folder(self.settings)

    def save_pdf(self, path: Path | None = None) -> Path | None:
        """Render and write the PDF; asks where (QFileDialog) unless ``path`` is given."""
        document = self.make_document(AuditAction.EXPORT)
        if document is None:
            return None
        path = write_pdf_file(self, self.settings, document.pdf, document.filename, path,
                              store=self.store, export=document.export)
        if path is None:
            return None
        self.status.setText(_("Opgeslagen: {path}").format(path=path))
        self.exported.emit(str(path))
        return path

    def save_word(self, path: Path | None = None) -> Path | None:
        """Make and write the Word copy; asks where (QFileDialog) unless ``path`` is given."""
        subject = self.subject_id()
        if subject is None or self.kind() is DocumentKind.AGREEMENT_SHEET:
            return None
        names = self.with_names.isChecked()
        try:
            copy = word_copies.minutes_docx(self.store, subject, with_names=names) \
                if self.kind() is DocumentKind.MINUTES else \
                word_copies.participant_actions_docx(self.store, subject, with_names=names)
        except ExpertteamError as error:
            self.status.setText(error.message)
            QMessageBox.warning(self, self.windowTitle(), error.message)
            return None
        path = write_file(self, self.settings, copy.docx, copy.filename, path,
                          title=_("Opslaan als Word-document"),
                          file_filter=_("Word-documenten (*.docx)"), suffix=".docx",
                          store=self.store, export=copy.export)
        if path is None:
            return None
        self.status.setText(_("Opgeslagen: {path}").format(path=path))
        self.exported.emit(str(path))
        return path

    def show_preview(self) -> None:
        document = self.make_document(AuditAction.PRINT)
        if document is not None:
            preview_dialog(document.pdf, document.title, self).exec()

    def print_document(self, printer: QPrinter | None = None) -> int:
        """Print; asks for the printer (QPrintDialog) unless one is given. Returns pages."""
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            ask = QPrintDialog(printer, self)
            ask.setWindowTitle(_("Afdrukken"))
            if ask.exec() != QDialog.DialogCode.Accepted:
                return 0
        document = self.make_document(AuditAction.PRINT)
        if document is None:
            return 0
        printer.setDocName(document.title)
        try:
            pages = print_pdf(document.pdf, printer)
        except OSError as error:
            QMessageBox.warning(self, _("Afdrukken"), str(error))
            return 0
        self.status.setText(_("{n} pagina's naar de printer gestuurd.").format(n=pages))
        return pages

    # ------------------------------------------------------------------ batch
    def export_all_action_lists(self, folder: Path | None = None) -> BatchExport | None:
        """Every participant's action list into one folder, in the background."""
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, _("Map voor de actielijsten"),
                                                      self._folder())
            if not chosen:
                return None
            folder = Path(chosen)
        self.settings.setValue(FOLDER_KEY, str(folder))
        self.batch = BatchExport(self.store, folder, self.with_names.isChecked(), self)
        self.batch.finished.connect(self._batch_done)
        self.batch.start()
        return self.batch

    def _batch_done(self, written: int, cancelled: bool) -> None:
        if self.batch is not None:
            self.status.setText(self.batch.summary(written, cancelled))
