"""The letter editor: the free-text parts of an escalation letter beside a live preview.

While a concept, the coordinator edits the parts (subject, introduction or problem, what was
tried, request, closing, contact person); "Standaard" puts a part back. "Definitief maken"
freezes the letter; from then on it prints exactly the same and a change needs a new version.
For the Jeugdautoriteit, text that identifies a child is refused: the message names the part
and the kind of data, and the editor marks where it is. The widgets are built in
``letter_form.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QWidget

from expertteam.domain.enums import AuditAction
from expertteam.domain.errors import ExpertteamError
from expertteam.domain.escalation import LetterKind
from expertteam.formatting import short_date
from expertteam.gui import privacy_marks
from expertteam.gui.escalations.letter_form import LetterForm
from expertteam.gui.printing import last_folder, preview_dialog, print_pdf, write_pdf_file
from expertteam.gui.widgets import INVALID_STYLE
from expertteam.i18n import _
from expertteam.services import letter_output, letters, privacy
from expertteam.services.letter_texts import IdentifyingDataError
from expertteam.services.letters import LetterInfo
from expertteam.services.store import Store


class LetterEditor(LetterForm):
    """Edit, preview, finalise, save and print the letter of one escalation."""

    def __init__(self, store: Store, escalation_id: int, parent: QWidget | None = None, *,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.store = store.with_origin("gui:letter")
        self.settings = settings if settings is not None else QSettings()
        self.escalation_id = escalation_id
        self.setStyleSheet(INVALID_STYLE)
        self.setSizeGripEnabled(True)
        self.resize(1180, 780)
        # Asked before finalising; tests replace it.
        self.ask_finalise: Callable[[], bool] = self._ask_finalise
        self.info: LetterInfo = letters.open_letter(self.store, escalation_id)
        self.pdf: bytes = b""
        self.build_form(self.info.kind)
        for key, reset in self.reset_buttons.items():
            reset.clicked.connect(lambda _checked=False, k=key: self.reset_text(k))
        detector = privacy.detector_for_letters(self.store)  # underlined while typing
        self.marks = {key: privacy_marks.watch(editor, detector)
                      for key, editor in self.editors.items()}
        self.save_button.clicked.connect(self.save_texts)
        self.refresh_button.clicked.connect(self.refresh_preview)
        self.finalise_button.clicked.connect(self.finalise)
        self.new_version_button.clicked.connect(self.new_version)
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.preview_button.clicked.connect(self.show_print_preview)
        self.print_button.clicked.connect(lambda: self.print_letter())
        self.close_button.clicked.connect(self.accept)
        self.versions.activated.connect(self._version_chosen)
        self._show(self.info)

    # ------------------------------------------------------------------ state
    @property
    def editable(self) -> bool:
        return not self.info.finalised

    def _show(self, info: LetterInfo, *, preview: bool = True) -> None:
        self.info = info
        kind = _("Continuïteitsbrief aan de Jeugdautoriteit") \
            if info.kind is LetterKind.CONTINUITY else _("Escalatiebrief")
        state = _("definitief sinds {date}").format(date=short_date(
            info.finalised_on)) if info.finalised and info.finalised_on else _("concept")
        self.setWindowTitle(_("{kind} {reference}").format(kind=kind, reference=info.reference))
        self.heading.setText(f"<b>{kind} · {info.reference}</b><br/>"
                             f"{info.letter.frame.addressee} — "
                             + _("versie {v}, {state}").format(v=info.version, state=state))
        for key, editor in self.editors.items():
            text = info.text(key)
            if isinstance(editor, QLineEdit):
                editor.setText(text)
                editor.setReadOnly(not self.editable)
            else:
                editor.setPlainText(text)
                editor.setReadOnly(not self.editable)
                editor.setExtraSelections([])
            self.reset_buttons[key].setEnabled(self.editable)
        self.note.setText(_("Deze versie is definitief en verandert niet meer; zo wordt hij ook "
                            "opnieuw afgedrukt. Maak een nieuwe versie om iets te wijzigen.")
                          if info.finalised else
                          _("Concept: pas de teksten aan en bekijk het voorbeeld. Namen, BSN, "
                            "adressen en geboortedata van kinderen horen niet in een brief aan "
                            "de Jeugdautoriteit.") if info.kind is LetterKind.CONTINUITY else
                          _("Concept: pas de teksten aan en bekijk het voorbeeld. Het kind staat "
                            "in de brief met casusnummer, initialen en geboortejaar."))
        for button in (self.save_button, self.refresh_button, self.finalise_button):
            button.setEnabled(self.editable)
        self._fill_versions()
        if preview:
            self.refresh_preview()

    def _fill_versions(self) -> None:
        self.versions.blockSignals(True)
        self.versions.clear()
        latest_final = False
        for index, version in enumerate(letters.list_versions(self.store, self.escalation_id)):
            label = _("Versie {v} — definitief {date}").format(
                v=version.version, date=short_date(version.finalised_on)) \
                if version.finalised and version.finalised_on else \
                _("Versie {v} — concept").format(v=version.version)
            self.versions.addItem(label, version.id)
            if index == 0:
                latest_final = version.finalised
        self.versions.setCurrentIndex(max(0, self.versions.findData(self.info.id)))
        self.versions.blockSignals(False)
        self.new_version_button.setEnabled(latest_final)

    def _version_chosen(self, index: int) -> None:
        letter_id = self.versions.itemData(index)
        if isinstance(letter_id, int) and letter_id != self.info.id:
            self._show(letters.get_letter(self.store, letter_id))

    # ------------------------------------------------------------------ actions
    def _run(self, call: Callable[[], LetterInfo]) -> LetterInfo | None:
        self.errors.clear()
        try:
            info = call()
        except IdentifyingDataError as error:
            self.errors.show(error)
            self.mark(error)
            return None
        except ExpertteamError as error:
            self.errors.show(error)
            return None
        return info

    def save_texts(self) -> LetterInfo | None:
        """Store the parts of the concept (refused text stays in the editor, marked)."""
        if not self.editable:
            return None
        info = self._run(lambda: letters.save_texts(self.store, self.info.id, self.texts()))
        if info is not None:
            self._show(info)
        return info

    def reset_text(self, key: str) -> LetterInfo | None:
        info = self._run(lambda: letters.reset_text(self.store, self.info.id, key))
        if info is not None:
            self._show(info)
        return info

    def refresh_preview(self) -> bool:
        """Render the letter (a concept as it is stored) into the preview pane."""
        if self.editable and self.texts() != dict(self.info.texts):
            return self.save_texts() is not None  # saving shows the letter again
        try:
            document = letter_output.letter_pdf(self.store, self.info.id, purpose=AuditAction.VIEW)
        except IdentifyingDataError as error:
            self.errors.show(error)
            self.mark(error)
            return False
        except ExpertteamError as error:
            self.errors.show(error)
            return False
        self.pdf = document.pdf
        self.render_pages(document.pdf)
        return True

    def _ask_finalise(self) -> bool:
        answer = QMessageBox.question(
            self, _("Definitief maken"),
            _("Versie {v} wordt definitief: daarna verandert deze brief niet meer en wordt hij "
              "precies zo opnieuw afgedrukt. Doorgaan?").format(v=self.info.version))
        return answer is QMessageBox.StandardButton.Yes

    def finalise(self) -> LetterInfo | None:
        """Save the parts, ask, and freeze the letter."""
        if not self.editable:
            return None
        if self.save_texts() is None:
            return None
        if not self.ask_finalise():
            return None
        info = self._run(lambda: letters.finalise_letter(self.store, self.info.id))
        if info is not None:
            self._show(info)
        return info

    def new_version(self) -> LetterInfo | None:
        info = self._run(lambda: letters.new_version(self.store, self.escalation_id))
        if info is not None:
            self._show(info)
        return info

    def _folder(self) -> str:
        return last_folder(self.settings)

    def save_pdf(self, path: Path | None = None) -> Path | None:
        """Write the letter as PDF (a final version byte for byte as stored)."""
        if self.editable and self.save_texts() is None:
            return None
        try:
            document = letter_output.letter_pdf(self.store, self.info.id,
                                                purpose=AuditAction.EXPORT)
        except ExpertteamError as error:
            self.errors.show(error)
            return None
        path = write_pdf_file(self, self.settings, document.pdf, document.filename, path,
                              store=self.store, export=document.export)
        if path is None:
            return None
        self.note.setText(_("Opgeslagen: {path}").format(path=path))
        return path

    def show_print_preview(self) -> None:
        try:
            document = letter_output.letter_pdf(self.store, self.info.id, purpose=AuditAction.PRINT)
        except ExpertteamError as error:
            self.errors.show(error)
            return
        preview_dialog(document.pdf, document.title, self).exec()

    def print_letter(self, printer: QPrinter | None = None) -> int:
        """Print; asks for the printer unless one is given. Returns the pages sent."""
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            ask = QPrintDialog(printer, self)
            ask.setWindowTitle(_("Afdrukken"))
            if ask.exec() != QDialog.DialogCode.Accepted:
                return 0
        try:
            document = letter_output.letter_pdf(self.store, self.info.id, purpose=AuditAction.PRINT)
            printer.setDocName(document.title)
            return print_pdf(document.pdf, printer)
        except ExpertteamError as error:
            self.errors.show(error)
        except OSError as error:
            QMessageBox.warning(self, _("Afdrukken"), str(error))
        return 0
