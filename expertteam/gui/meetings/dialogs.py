"""Small keyboard-first dialogs of meeting mode. Each one hands its values to a ``submit``
callable that calls the services; a refused entry keeps the dialog open with the Dutch message
next to the field it concerns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.due_dates import DEFAULT_WORKING_DAYS
from expertteam.domain.errors import ExpertteamError, ValidationError
from expertteam.formatting import compact_date, short_date
from expertteam.gui import operations
from expertteam.gui.meetings.fields import DueDateEdit, OwnerEdit
from expertteam.gui.meetings.style import OVERDUE_FOREGROUND, buttons_in_own_type, set_text_colour
from expertteam.gui.widgets import INVALID_STYLE, set_invalid
from expertteam.i18n import _
from expertteam.services.live_meeting import OwnerChoice


class DialogErrors:
    """A form dialog's error line and the fields it marks (``operations.ErrorDisplay``): a
    ``ValidationError`` marks the field it names (``fields``: service field name → widget)
    and moves focus there; any other refusal only fills the line."""

    def __init__(self, line: QLabel, fields: dict[str, QWidget]) -> None:
        self.line, self.fields = line, fields

    def show(self, error: ExpertteamError) -> None:
        field = error.field if isinstance(error, ValidationError) else None
        widget = self.fields.get(field) if field is not None else None
        self.line.setText(error.message)
        self.line.show()
        if widget is not None:
            set_invalid(widget, True)
            widget.setFocus()
        dialog = self.line.window()
        layout = dialog.layout()
        if layout is not None:  # grow to fit the message rather than squeeze the fields
            layout.activate()
            wanted = dialog.sizeHint().height()
            if dialog.height() < wanted:
                dialog.resize(dialog.width(), wanted)

    def clear(self) -> None:
        self.line.hide()
        for widget in self.fields.values():
            set_invalid(widget, False)


class FormDialog(QDialog):
    """A dialog with a form, an error line and Opslaan/Annuleren; ``fields`` maps a service
    field name to the widget to mark when that field is refused. ``submit`` runs through
    ``operations.attempt``: a refusal keeps the dialog open with the message."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        if parent is not None:
            self.setFont(parent.font())
        self.setWindowTitle(title)
        self.setStyleSheet(INVALID_STYLE)
        self.fields: dict[str, QWidget] = {}
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.layout_.addLayout(self.form)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        set_text_colour(self.error, OVERDUE_FOREGROUND)
        error_font = self.error.font()
        error_font.setBold(True)
        self.error.setFont(error_font)
        self.error.setAccessibleName(_("Foutmelding"))
        self.error.hide()
        self.layout_.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                        QDialogButtonBox.StandardButton.Cancel, self)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(_("Opslaan"))
        save.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Annuleren"))
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)
        buttons_in_own_type(self)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.try_accept)

    def save_on_ctrl_enter(self, editor: QPlainTextEdit) -> None:
        """A multi-line field keeps Enter for new lines; Ctrl+Enter saves from inside it."""
        editor.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if isinstance(watched, QPlainTextEdit) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                    event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.try_accept()
                return True
        return super().eventFilter(watched, event)

    def submit(self) -> None:
        """Hand the values to the services; raise ``ExpertteamError`` when refused."""
        raise NotImplementedError

    def errors(self) -> DialogErrors:
        return DialogErrors(self.error, self.fields)

    def try_accept(self) -> None:
        errors = self.errors()
        errors.clear()
        if operations.attempt(self, self.submit, title=self.windowTitle(),
                              errors=errors) is not None:
            self.accept()


class TextDialog(FormDialog):
    """One text: a decision, a summary, an addendum or a note. Multi-line texts are saved with
    Ctrl+Enter (Enter starts a new line); a single line is saved with Enter."""

    def __init__(self, title: str, label: str, parent: QWidget | None, *,
                 submit: Callable[[str], None], text: str = "", multiline: bool = True,
                 context: str = "", hint: str = "") -> None:
        super().__init__(title, parent)
        self._submit = submit
        if context:
            heading = QLabel(context, self)
            heading.setWordWrap(True)
            self.form.addRow(heading)
        self.editor: QPlainTextEdit | QLineEdit
        if multiline:
            self.editor = QPlainTextEdit(self)
            self.editor.setPlainText(text)
            self.editor.setTabChangesFocus(True)
            self.editor.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
            self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
            self.save_on_ctrl_enter(self.editor)
        else:
            self.editor = QLineEdit(text, self)
        self.editor.setAccessibleName(label)
        self.form.addRow(label, self.editor)
        for name in ("text", "summary", "note"):
            self.fields[name] = self.editor
        if hint:
            tip = QLabel(hint, self)
            tip.setWordWrap(True)
            self.form.addRow(tip)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self.editor.setFocus()

    def text(self) -> str:
        if isinstance(self.editor, QPlainTextEdit):
            return self.editor.toPlainText()
        return self.editor.text()

    def set_text(self, text: str) -> None:
        if isinstance(self.editor, QPlainTextEdit):
            self.editor.setPlainText(text)
        else:
            self.editor.setText(text)

    def submit(self) -> None:
        self._submit(self.text())


@dataclass(frozen=True)
class ActionEntry:
    description: str
    owner: OwnerChoice | None
    due_on: date


class ActionDialog(FormDialog):
    """A new action in three fields: what, who (completion over the present organisations),
    by when ("in 5 werkdagen", "+5", "15-12" …; empty is the region's default term)."""

    def __init__(self, parent: QWidget | None, *, context: str, owners: Sequence[OwnerChoice],
                 today: date, submit: Callable[[ActionEntry], None],
                 default_days: int = DEFAULT_WORKING_DAYS) -> None:
        super().__init__(_("Actie toevoegen"), parent)
        self._submit = submit
        heading = QLabel(context, self)
        heading.setWordWrap(True)
        self.form.addRow(heading)
        self.description = QLineEdit(self)
        self.description.setPlaceholderText(_("wat moet er gebeuren?"))
        self.description.setAccessibleName(_("Actie"))
        self.owner = OwnerEdit(owners, self)
        self.due = DueDateEdit(today, self, default_days=default_days)
        self.form.addRow(_("&Actie"), self.description)
        self.form.addRow(_("Actie&houder"), self.owner)
        self.form.addRow(_("&Termijn"), self.due)
        self.fields = {"description": self.description, "owner_organisation_id": self.owner,
                       "owner_contact_id": self.owner, "due_on": self.due.line_edit}
        self.owner.picked.connect(self._owner_picked)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.description.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        # Enter in a field moves on until the last one, where it saves; an open completion
        # list handles Enter itself.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            focus = self.focusWidget()
            if focus is self.description:
                self.owner.setFocus()
                return
            if focus is self.owner:
                self.due.setFocus()
                return
        super().keyPressEvent(event)

    def _owner_picked(self, _text: str) -> None:
        """A choice from the list settles an earlier refusal; on to the due date."""
        self.errors().clear()
        self.due.setFocus()

    def entry(self) -> ActionEntry:
        """The values; raises ``ValidationError`` for an owner or due date it cannot read."""
        owner = self.owner.choice()
        typed = self.owner.text().strip()
        if owner is None and typed:
            names = sorted({c.label for c in self.owner.matches() if c.contact_id is None})
            if len(names) > 1:
                self.owner.show_candidates()
                raise ValidationError("owner_organisation_id", _(
                    "‘{text}’ past bij {n} organisaties: {names}. Kies er een met ↓ en Enter, "
                    "of typ meer van de naam.").format(
                        text=typed, n=len(names), names=", ".join(names)))
            raise ValidationError("owner_organisation_id", _(
                "‘{text}’ is geen organisatie uit de lijst. Typ een deel van de naam en kies "
                "uit de lijst die verschijnt.").format(text=typed))
        return ActionEntry(self.description.text(), owner, self.due.due())

    def submit(self) -> None:
        self._submit(self.entry())


class DueChangeDialog(FormDialog):
    """Move an action's due date, with an optional reason. "+3" or "2 weken" count from the
    current due date (from today when that has passed); a date earlier than the current one is
    only saved after a second Enter, which the dialog asks for."""

    def __init__(self, parent: QWidget | None, *, context: str, today: date, current: date,
                 submit: Callable[[date, str], None]) -> None:
        super().__init__(_("Termijn verzetten"), parent)
        self._submit = submit
        self.current = current
        self._confirmed_earlier: date | None = None
        heading = QLabel(context, self)
        heading.setWordWrap(True)
        self.form.addRow(heading)
        self.due = DueDateEdit(today, self, counted_from=max(current, today))
        self.due.line_edit.setPlaceholderText(_("bijv. +5, 2 weken, 15-12"))
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(_("waarom (optioneel)"))
        self.form.addRow(_("Nieuwe &termijn"), self.due)
        self.form.addRow(_("&Reden"), self.note)
        self.counted = QLabel(_("Nu: {date}. ‘+3’ of ‘2 weken’ telt vanaf {start}.").format(
            date=compact_date(current), start=compact_date(max(current, today))), self)
        self.counted.setWordWrap(True)
        self.form.addRow(self.counted)
        self.fields = {"due_on": self.due.line_edit, "note": self.note}
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self.due.setFocus()

    def submit(self) -> None:
        if not self.due.text().strip():
            raise ValidationError("due_on", _("Vul de nieuwe termijn in."))
        due = self.due.due()
        if due < self.current and self._confirmed_earlier != due:
            self._confirmed_earlier = due
            raise ValidationError("due_on", _(
                "{new} is eerder dan de huidige termijn {current}. Druk nogmaals op Enter om "
                "de termijn te vervroegen, of pas de datum aan.").format(
                    new=short_date(due), current=short_date(self.current)))
        self._submit(due, self.note.text())
