"""The settings page for sending: the text of the e-mail drafts and the Word templates.

An error on a template shows in the page's banner (it names the template).

The mail text has placeholders (``mail_template.PLACEHOLDERS``); a Word template is a .docx the
region chose, checked to render before it is stored (``word_copies.save_template``). Choices
are kept until "Toepassen" or "OK", like every settings page; a template can be saved to start
one's own from, and put back to the one that ships with the app.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from expertteam.gui.printing import write_file
from expertteam.gui.widgets import InlineErrors
from expertteam.i18n import _
from expertteam.services import mail_template, word_copies
from expertteam.services.mail_template import MailTemplate
from expertteam.services.store import Store

_RESET = b""  # a pending choice: back to the shipped template


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


class SendingSettingsPage(QWidget):
    """Mail text (subject and body) and the four Word templates."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.stored = mail_template.get_mail_template(store)
        self.pending: dict[str, tuple[bytes, str]] = {}
        self.banner = QLabel()
        self.errors = InlineErrors(self.banner)

        mail = QGroupBox(_("Tekst van de e-mailconcepten"))
        form = QFormLayout(mail)
        form.addRow(_note(_("De tekst van elk concept aan een deelnemer. Invulvelden: {help}. "
                            "Noem geen kinderen: de app weigert een tekst waarin een kind "
                            "herkenbaar is.").format(help=mail_template.placeholder_help())))
        self.subject = QLineEdit(self.stored.subject)
        self.body = QPlainTextEdit(self.stored.body)
        self.body.setTabChangesFocus(True)
        self.body.setMinimumHeight(150)
        form.addRow(_("&Onderwerp:"), self.subject)
        form.addRow(_("Te&kst:"), self.body)
        self.default_text = QPushButton(_("Standaard&tekst"))
        self.default_text.setToolTip(_("Zet onderwerp en tekst terug op de tekst waarmee de app "
                                       "begon (pas na Toepassen of OK opgeslagen)."))
        self.default_text.clicked.connect(self.use_default_text)
        default_row = QHBoxLayout()
        default_row.addWidget(self.default_text)
        default_row.addStretch(1)
        form.addRow("", default_row)
        self.errors.add("mail_template.subject", self.subject, form)
        self.errors.add("mail_template.body", self.body, form)

        templates = QGroupBox(_("Word-sjablonen"))
        grid = QGridLayout(templates)
        grid.addWidget(_note(_("Een Word-kopie (Opslaan als Word) wordt gemaakt uit een "
                               "sjabloon met invulvelden zoals {{ titel }}. Sla het standaard"
                               "sjabloon op, pas het in Word aan de huisstijl aan en kies het "
                               "hier.")), 0, 0, 1, 4)
        self.state_labels: dict[str, QLabel] = {}
        for row, info in enumerate(word_copies.list_templates(store), start=1):
            name = QLabel(info.label)
            state = QLabel()
            state.setAccessibleName(_("Sjabloon {label}").format(label=info.label))
            self.state_labels[info.kind] = state
            choose = QPushButton(_("Kiezen…"))
            choose.setAccessibleName(_("Eigen sjabloon kiezen voor {label}").format(
                label=info.label))
            choose.clicked.connect(lambda _c=False, kind=info.kind: self.choose_template(kind))
            reset = QPushButton(_("Standaard"))
            reset.setAccessibleName(_("Standaardsjabloon voor {label}").format(label=info.label))
            reset.clicked.connect(lambda _c=False, kind=info.kind: self.reset_template(kind))
            export = QPushButton(_("Opslaan…"))
            export.setAccessibleName(_("Sjabloon {label} opslaan om aan te passen").format(
                label=info.label))
            export.clicked.connect(lambda _c=False, kind=info.kind: self.export_template(kind))
            for column, widget in enumerate((name, state, choose, reset, export)):
                grid.addWidget(widget, row, column)
        self._show_states()

        layout = QVBoxLayout(self)
        layout.addWidget(mail)
        layout.addWidget(templates)
        layout.addWidget(self.banner)
        layout.addStretch(1)

    # ------------------------------------------------------------------ mail text
    def use_default_text(self) -> None:
        default = mail_template.default_template()
        self.subject.setText(default.subject)
        self.body.setPlainText(default.body)

    def _typed(self) -> MailTemplate:
        return MailTemplate(self.subject.text(), self.body.toPlainText())

    # ------------------------------------------------------------------ templates
    def _show_states(self) -> None:
        for info in word_copies.list_templates(self.store):
            pending = self.pending.get(info.kind)
            if pending is not None:
                text = _("standaard (na Toepassen)") if pending[0] == _RESET else \
                    _("eigen: {name} (na Toepassen)").format(name=pending[1])
            else:
                text = _("eigen: {name}").format(name=info.filename or _("sjabloon")) \
                    if info.custom else _("standaard")
            self.state_labels[info.kind].setText(text)

    def choose_template(self, kind: str, path: Path | None = None) -> None:
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self, _("Word-sjabloon kiezen"), str(Path.home()),
                _("Word-documenten (*.docx)"))
            if not chosen:
                return
            path = Path(chosen)
        try:
            raw = path.read_bytes()
        except OSError as error:
            QMessageBox.warning(self, _("Word-sjabloon"), _(
                "Het bestand kan niet worden gelezen: {reason}").format(
                    reason=error.strerror or str(error)))
            return
        self.pending[kind] = (raw, path.name)
        self._show_states()

    def reset_template(self, kind: str) -> None:
        self.pending[kind] = (_RESET, "")
        self._show_states()

    def export_template(self, kind: str, path: Path | None = None) -> Path | None:
        """Save the template in use for ``kind`` to start one's own from."""
        return write_file(self, QSettings(), word_copies.template_bytes(self.store, kind),
                          f"sjabloon-{kind}.docx", path, title=_("Sjabloon opslaan"),
                          file_filter=_("Word-documenten (*.docx)"), suffix=".docx")

    # ------------------------------------------------------------------ the page
    def is_changed(self) -> bool:
        return bool(self.pending) or self._typed() != self.stored

    def save(self) -> None:
        """Store what changed; raises the first error (the dialog shows it at its field)."""
        if self._typed() != self.stored:
            self.stored = mail_template.save_mail_template(self.store, self._typed())
        for kind, (raw, name) in list(self.pending.items()):
            if raw == _RESET:
                word_copies.reset_template(self.store, kind)
            else:
                word_copies.save_template(self.store, kind, raw, name)
            del self.pending[kind]
        self._show_states()
