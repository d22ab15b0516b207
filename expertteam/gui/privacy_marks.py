"""Warn while typing: identifying items in a text field are underlined as the user types, and
one key (``REPLACE_KEY``, Ctrl+Shift+H) replaces the item at or nearest the cursor by the
child's initials or a placeholder (``[naam]``, ``[BSN]``, ``[datum]``, ``[adres]``,
``[e-mail]``, ``[telefoon]``). The same detector as every output (``services/privacy.py``), so
what is underlined here is what a pseudonymised document would replace and a letter refuse.

A multi-line field (``QPlainTextEdit``) gets a ``QSyntaxHighlighter``; a one-line field
(``QLineEdit``) gets the same underline through input-method formats, the way Qt shows a
pre-edit text. ``watch(editor, detector)`` is all an editor needs.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QInputMethodEvent,
    QKeySequence,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
)

from expertteam.domain.identifying import Detector, Finding, kinds_found
from expertteam.i18n import N_, _

REPLACE_KEY = "Ctrl+Shift+H"
REPLACE_TEXT = N_("Herkenbaar gegeven vervangen door pseudoniem")
MARK_COLOUR = QColor("#c62828")


def _mark_format() -> QTextCharFormat:
    mark = QTextCharFormat()
    mark.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    mark.setUnderlineColor(MARK_COLOUR)
    mark.setBackground(QColor("#ffe9a8"))
    return mark


def _utf16(text: str, index: int) -> int:
    """A Python index as a Qt (UTF-16) position."""
    return len(text[:index].encode("utf-16-le")) // 2


def _from_utf16(text: str, position: int) -> int:
    units = 0
    for index, ch in enumerate(text):
        if units >= position:
            return index
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


class _Highlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, detector: Detector) -> None:
        super().__init__(document)
        self.detector = detector
        self.mark = _mark_format()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt naming
        for finding in self.detector.find(text):
            start = _utf16(text, finding.start)
            self.setFormat(start, _utf16(text, finding.end) - start, self.mark)


class PrivacyMarks(QObject):
    """Underlines what ``detector`` finds in ``editor`` and replaces it on ``REPLACE_KEY``."""

    def __init__(self, editor: QPlainTextEdit | QLineEdit, detector: Detector) -> None:
        super().__init__(editor)
        self.editor = editor
        self.detector = detector
        self.findings: list[Finding] = []
        self._highlighter: _Highlighter | None = None
        self.action = QAction(_(REPLACE_TEXT), editor)
        self.action.setShortcut(QKeySequence(REPLACE_KEY))
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.action.triggered.connect(self.replace_at_cursor)
        editor.addAction(self.action)
        if isinstance(editor, QPlainTextEdit):
            self._highlighter = _Highlighter(editor.document(), detector)
            editor.textChanged.connect(self.refresh)
        else:
            editor.textChanged.connect(self.refresh)
            editor.cursorPositionChanged.connect(self._mark_line)
        self._base_tip = editor.toolTip()
        self.warning = self._warning_row()
        self.refresh()

    def _form(self) -> QFormLayout | None:
        """The form layout (possibly nested in the parent's layout) that holds the editor."""
        parent = self.editor.parentWidget()
        top = parent.layout() if parent is not None else None
        pending: list[QLayout] = [top] if top is not None else []
        while pending:
            layout = pending.pop()
            if isinstance(layout, QFormLayout) and layout.indexOf(self.editor) >= 0:
                return layout
            pending += [child for child in layout.children() if isinstance(child, QLayout)]
        return None

    def _warning_row(self) -> QLabel | None:
        """In a form, a line under the field says what is underlined and which key helps."""
        parent = self.editor.parentWidget()
        form = self._form()
        if form is None or parent is None:
            return None
        position = form.getWidgetPosition(self.editor)
        row = int(position[0]) if isinstance(position, tuple) else -1
        if row < 0:
            return None
        label = QLabel(parent)
        label.setWordWrap(True)
        label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        label.setAccessibleName(_("Waarschuwing herkenbare gegevens"))
        label.setStyleSheet(f"color: {MARK_COLOUR.name()};")
        form.insertRow(row + 1, "", label)
        form.setRowVisible(label, False)
        return label

    def text(self) -> str:
        if isinstance(self.editor, QPlainTextEdit):
            return self.editor.toPlainText()
        return self.editor.text()

    def refresh(self) -> None:
        """Find again and tell, in the tooltip, what is underlined (not the data itself)."""
        self.findings = self.detector.find(self.text())
        if self.findings:
            kinds = ", ".join(kind.label for kind in kinds_found(self.findings))
            tip = _("Onderstreept is herkenbaar: {kinds}. {key} vervangt het gegeven bij de "
                    "cursor door het pseudoniem.").format(kinds=kinds, key=REPLACE_KEY)
        else:
            tip = self._base_tip
        self.editor.setToolTip(tip)
        if self.warning is not None:
            self.warning.setText(f"⚠ {tip}" if self.findings else "")
            form = self._form()
            if form is not None:
                form.setRowVisible(self.warning, bool(self.findings))
        if isinstance(self.editor, QLineEdit):
            self._mark_line()

    def _mark_line(self) -> None:
        """Underline a one-line field's findings (formats are relative to the cursor)."""
        assert isinstance(self.editor, QLineEdit)
        text = self.editor.text()
        cursor = self.editor.cursorPosition()
        mark = _mark_format()
        attributes = [QInputMethodEvent.Attribute(
            QInputMethodEvent.AttributeType.TextFormat, _utf16(text, f.start) - cursor,
            _utf16(text, f.end) - _utf16(text, f.start), mark) for f in self.findings]
        QCoreApplication.sendEvent(self.editor, QInputMethodEvent("", attributes))

    def _cursor(self) -> int:
        text = self.text()
        if isinstance(self.editor, QPlainTextEdit):
            return _from_utf16(text, self.editor.textCursor().position())
        return _from_utf16(text, self.editor.cursorPosition())

    def finding_at_cursor(self) -> Finding | None:
        """The finding the cursor is in or touches, else the nearest one."""
        if not self.findings:
            return None
        at = self._cursor()
        return min(self.findings, key=lambda f: 0 if f.start <= at <= f.end else
                   min(abs(f.start - at), abs(f.end - at)))

    def replace_at_cursor(self) -> bool:
        """Replace the finding at (or nearest) the cursor; undoable like typing."""
        self.refresh()
        finding = self.finding_at_cursor()
        if finding is None or self.editor.isReadOnly():
            return False
        text = self.text()
        start, end = _utf16(text, finding.start), _utf16(text, finding.end)
        if isinstance(self.editor, QPlainTextEdit):
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(finding.placeholder)
            self.editor.setTextCursor(cursor)
        else:
            self.editor.setSelection(start, end - start)
            self.editor.insert(finding.placeholder)
        self.refresh()
        return True


def watch(editor: QPlainTextEdit | QLineEdit, detector: Detector) -> PrivacyMarks:
    """Underline identifying items in ``editor`` as the user types (see the module doc)."""
    return PrivacyMarks(editor, detector)
