"""Letterhead settings with a live preview: the first page of a sample document on the
letterhead as typed, redrawn shortly after each change.

``LetterheadEditor`` is the form with its preview (also a page of the settings dialog);
``LetterheadDialog`` puts it in a dialog with Opslaan/Annuleren."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.errors import ExpertteamError, ValidationError
from expertteam.gui.printing import LoadedPdf
from expertteam.i18n import _
from expertteam.services import letterhead
from expertteam.services.letterhead import LetterheadSettings
from expertteam.services.store import Store

PREVIEW_WIDTH = 420
PREVIEW_DELAY_MS = 300


class LetterheadEditor(QWidget):
    """The letterhead form with a live preview; ``save`` validates and stores it (logged)."""

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 preview_width: int = PREVIEW_WIDTH) -> None:
        super().__init__(parent)
        self.store = store
        self.preview_width = preview_width
        current = letterhead.get_letterhead(store)
        self.stored = current
        self._logo = current.logo

        self.region_name = QLineEdit(current.region_name)
        self.address = QPlainTextEdit(current.address)
        self.address.setPlaceholderText(_("Postadres, postcode en plaats, e-mail (hoogstens 5 "
                                          "regels)"))
        self.address.setFixedHeight(self.fontMetrics().lineSpacing() * 6)
        self.logo_label = QLabel()
        self.logo_label.setMinimumHeight(40)
        self.choose_logo_button = QPushButton(_("Logo &kiezen…"))
        self.remove_logo_button = QPushButton(_("Logo ver&wijderen"))
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_label, 1)
        logo_row.addWidget(self.choose_logo_button)
        logo_row.addWidget(self.remove_logo_button)
        self.signatory_name = QLineEdit(current.signatory_name)
        self.signatory_role = QLineEdit(current.signatory_role)
        self.footer_text = QPlainTextEdit(current.footer_text)
        self.footer_text.setFixedHeight(self.fontMetrics().lineSpacing() * 6)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("font-weight: bold;")

        form = QFormLayout()
        form.addRow(_("Naam e&xpertteam of regio:"), self.region_name)
        form.addRow(_("&Adres:"), self.address)
        form.addRow(_("Logo:"), logo_row)
        form.addRow(_("O&ndertekenaar:"), self.signatory_name)
        form.addRow(_("&Functie ondertekenaar:"), self.signatory_role)
        form.addRow(_("&Voettekst:"), self.footer_text)
        self.fields: dict[str, QWidget] = {
            "region_name": self.region_name, "address": self.address,
            "logo": self.choose_logo_button, "signatory_name": self.signatory_name,
            "signatory_role": self.signatory_role, "footer_text": self.footer_text}

        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.preview.setFixedWidth(preview_width + 8)
        self.preview.setMinimumHeight(round(preview_width * 1.414) + 8)
        self.preview.setStyleSheet("background: #777; padding: 4px;")
        self.preview.setAccessibleName(_("Voorbeeld van het briefpapier"))

        self.left = QVBoxLayout()
        self.left.addLayout(form)
        self.left.addWidget(self.error)
        self.left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.left, 1)
        layout.addWidget(self.preview)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        for line in (self.region_name, self.signatory_name, self.signatory_role):
            line.textChanged.connect(self._timer.start)
        for text in (self.address, self.footer_text):
            text.textChanged.connect(self._timer.start)
        self.choose_logo_button.clicked.connect(lambda: self.choose_logo())
        self.remove_logo_button.clicked.connect(self.remove_logo)
        self._show_logo()
        self.refresh_preview()

    # ------------------------------------------------------------------ data
    def settings(self) -> LetterheadSettings:
        return LetterheadSettings(
            region_name=self.region_name.text(), address=self.address.toPlainText(),
            logo=self._logo, signatory_name=self.signatory_name.text(),
            signatory_role=self.signatory_role.text(),
            footer_text=self.footer_text.toPlainText())

    def _show_error(self, error: ExpertteamError | None, *, focus: bool = False) -> None:
        self.error.setText(error.message if error is not None else "")
        if focus and isinstance(error, ValidationError) and error.field in self.fields:
            self.fields[error.field].setFocus()

    # ------------------------------------------------------------------ logo
    def choose_logo(self, path: Path | None = None) -> bool:
        """Load a logo (PNG, JPEG or GIF); asks for the file unless ``path`` is given."""
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self, _("Logo kiezen"), str(Path.home()),
                _("Afbeeldingen (*.png *.jpg *.jpeg *.gif)"))
            if not chosen:
                return False
            path = Path(chosen)
        try:
            self._logo = letterhead.check_logo(path.read_bytes())
        except ExpertteamError as error:
            self._show_error(error)
            return False
        except OSError as error:
            self.error.setText(_("Het bestand kan niet worden gelezen: {reason}").format(
                reason=error.strerror or str(error)))
            return False
        self._show_error(None)
        self._show_logo()
        self.refresh_preview()
        return True

    def remove_logo(self) -> None:
        self._logo = None
        self._show_logo()
        self.refresh_preview()

    def _show_logo(self) -> None:
        self.remove_logo_button.setEnabled(self._logo is not None)
        if self._logo is None:
            self.logo_label.setPixmap(QPixmap())
            self.logo_label.setText(_("Geen logo"))
            return
        image = QImage.fromData(self._logo)
        self.logo_label.setPixmap(QPixmap.fromImage(image).scaledToHeight(
            36, Qt.TransformationMode.SmoothTransformation))

    # ------------------------------------------------------------------ preview and save
    def refresh_preview(self) -> bool:
        """Redraw the preview from the fields; a validation error is shown instead."""
        self._timer.stop()
        try:
            pdf = letterhead.preview_letterhead(self.settings(), self.store.today())
        except ExpertteamError as error:
            self._show_error(error)
            return False
        self._show_error(None)
        image = LoadedPdf(pdf).render(0, self.preview_width)
        self.preview.setPixmap(QPixmap.fromImage(image))
        return True

    def is_changed(self) -> bool:
        """True when the fields differ from what was last loaded or saved."""
        return self.settings() != self.stored

    def save(self) -> bool:
        """Validate and store; on an error it is shown and the named field gets the focus."""
        try:
            self.stored = letterhead.save_letterhead(self.store, self.settings())
        except ExpertteamError as error:
            self._show_error(error, focus=True)
            return False
        return True


class LetterheadDialog(QDialog):
    """Edit the region's letterhead; "Opslaan" validates and stores it (logged)."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_("Briefpapier"))
        self.editor = LetterheadEditor(store, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Opslaan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Annuleren"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.editor.left.addWidget(buttons)
        QVBoxLayout(self).addWidget(self.editor)
        # The editor's parts, as callers and tests of this dialog know them.
        editor = self.editor
        self.region_name, self.address = editor.region_name, editor.address
        self.signatory_name, self.signatory_role = editor.signatory_name, editor.signatory_role
        self.footer_text, self.error, self.preview = editor.footer_text, editor.error, \
            editor.preview
        self.logo_label, self.remove_logo_button = editor.logo_label, editor.remove_logo_button
        self.choose_logo, self.refresh_preview = editor.choose_logo, editor.refresh_preview

    def save(self) -> None:
        if self.editor.save():
            self.accept()
