"""The letter editor's widgets: a field and a "Standaard" button per part of the letter, the
version choice, the note and message lines, the preview pane with its rendered pages and the
buttons; reading the parts back and marking refused text in them. What the buttons do is
``letter_editor.py``'s."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.escalation import LetterKind
from expertteam.gui.printing import LoadedPdf
from expertteam.gui.widgets import InlineErrors
from expertteam.i18n import _
from expertteam.services import letter_texts
from expertteam.services.letter_texts import IdentifyingDataError

PREVIEW_WIDTH = 560
_MARK = QColor("#ffd54f")


class LetterForm(QDialog):
    """The widgets, made by ``build_form``; ``editors`` holds the parts' fields by key."""

    def build_form(self, kind: LetterKind) -> None:
        """The parts of a letter of ``kind`` (each with its "Standaard" button), the version
        choice, the note and message lines, the preview pane and the buttons."""
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.versions = QComboBox()
        self.versions.setAccessibleName(_("Versie"))
        self.form = QFormLayout()
        self.editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.reset_buttons: dict[str, QToolButton] = {}
        for key in letter_texts.text_fields(kind):
            editor: QLineEdit | QPlainTextEdit
            if key == "subject":
                editor = QLineEdit()
            else:
                editor = QPlainTextEdit()
                editor.setTabChangesFocus(True)
                lines = 2 if key in ("contact", "closing") else 5
                editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * lines + 12)
            editor.setObjectName(f"text_{key}")
            reset = QToolButton()
            reset.setText(_("Standaard"))
            reset.setToolTip(_("Zet de standaardtekst terug"))
            row = QHBoxLayout()
            row.addWidget(editor, 1)
            row.addWidget(reset, 0, Qt.AlignmentFlag.AlignTop)
            holder = QWidget()
            holder.setLayout(row)
            row.setContentsMargins(0, 0, 0, 0)
            self.form.addRow(letter_texts.text_label(key), holder)
            self.editors[key], self.reset_buttons[key] = editor, reset
        self.banner = QLabel()
        self.errors = InlineErrors(self.banner)
        for key, editor in self.editors.items():
            self.errors.add(f"texts.{key}", editor, self.form)
        self.note = QLabel()
        self.note.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.heading)
        version_row = QHBoxLayout()
        version_row.addWidget(QLabel(_("Versie")))
        version_row.addWidget(self.versions, 1)
        left_layout.addLayout(version_row)
        form_holder = QWidget()
        form_holder.setLayout(self.form)
        form_scroll = QScrollArea()
        form_scroll.setWidgetResizable(True)
        form_scroll.setWidget(form_holder)
        left_layout.addWidget(form_scroll, 1)
        left_layout.addWidget(self.note)
        left_layout.addWidget(self.banner)

        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        preview = QScrollArea()
        preview.setWidgetResizable(True)
        preview.setWidget(self.pages)
        preview.setMinimumWidth(PREVIEW_WIDTH + 40)
        preview.setStyleSheet("QScrollArea { background: #8a8a8a; }")
        self.preview_area = preview

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(preview)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)

        self.save_button = QPushButton(_("Opslaan"))
        self.refresh_button = QPushButton(_("Voorbeeld vernieuwen"))
        self.finalise_button = QPushButton(_("Definitief maken…"))
        self.new_version_button = QPushButton(_("Nieuwe versie"))
        self.pdf_button = QPushButton(_("Opslaan als PDF…"))
        self.preview_button = QPushButton(_("Afdrukvoorbeeld…"))
        self.print_button = QPushButton(_("Afdrukken…"))
        self.close_button = QPushButton(_("Sluiten"))
        buttons = QHBoxLayout()
        for button in (self.save_button, self.refresh_button, self.finalise_button,
                       self.new_version_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.pdf_button, self.preview_button, self.print_button,
                       self.close_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    def texts(self) -> dict[str, str]:
        return {key: editor.text() if isinstance(editor, QLineEdit) else editor.toPlainText()
                for key, editor in self.editors.items()}

    def mark(self, error: IdentifyingDataError) -> None:
        """Highlight where the refused data is (the message names only the kind)."""
        key = error.field.removeprefix("texts.")
        editor = self.editors.get(key)
        if editor is None or not error.findings:
            return
        first = error.findings[0]
        if isinstance(editor, QLineEdit):
            editor.setSelection(first.start, first.end - first.start)
            return
        marks: list[QTextEdit.ExtraSelection] = []
        for finding in error.findings:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(editor.document())
            cursor.setPosition(finding.start)
            cursor.setPosition(finding.end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            char_format = QTextCharFormat()
            char_format.setBackground(_MARK)
            selection.format = char_format
            marks.append(selection)
        editor.setExtraSelections(marks)
        cursor = editor.textCursor()
        cursor.setPosition(first.start)
        cursor.setPosition(first.end, QTextCursor.MoveMode.KeepAnchor)
        editor.setTextCursor(cursor)

    def render_pages(self, pdf: bytes) -> None:
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        loaded = LoadedPdf(pdf)
        for page in range(loaded.page_count):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(loaded.render(page, PREVIEW_WIDTH)))
            label.setAccessibleName(_("Pagina {n}").format(n=page + 1))
            self.pages_layout.addWidget(label)

    @property
    def page_count(self) -> int:
        return self.pages_layout.count()
