"""Entry fields for meetings: a due date typed as people say it, and an owner with completion."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from expertteam.domain.due_dates import (
    DEFAULT_WORKING_DAYS,
    day_warning,
    describe_due,
    parse_due_date,
)
from expertteam.domain.errors import ValidationError
from expertteam.formatting import compact_date
from expertteam.gui.meetings.style import MUTED_FOREGROUND, OVERDUE_FOREGROUND, set_text_colour
from expertteam.i18n import _
from expertteam.services.live_meeting import OwnerChoice


class DueDateEdit(QWidget):
    """A line for the due date ("in 5 werkdagen", "+5", "2 weken", "15-12", "morgen") with the
    date it means shown right under it, and a warning when that is a weekend day or holiday;
    empty means the region's default term (``default_days`` working days). Working days and
    periods count from ``counted_from`` (default today)."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None, *,
                 default_days: int = DEFAULT_WORKING_DAYS,
                 counted_from: date | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.default_days = default_days
        self.counted_from = counted_from
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.line_edit = QLineEdit(self)
        self.line_edit.setPlaceholderText(_("leeg = over {n} werkdagen; of bijv. +5, 2 weken, "
                                            "15-12, morgen").format(n=default_days))
        self.line_edit.setAccessibleName(_("Termijn"))
        self.preview = QLabel(self)
        self.preview.setAccessibleName(_("Termijn wordt"))
        layout.addWidget(self.line_edit)
        layout.addWidget(self.preview)
        # The line and its preview keep their height when a message makes the dialog taller.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFocusProxy(self.line_edit)
        self.line_edit.textChanged.connect(self._update)
        self._update()

    def text(self) -> str:
        return self.line_edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        self.line_edit.setText(text)

    def due(self) -> date:
        """The date meant; raises ``ValidationError`` (field ``due_on``)."""
        return parse_due_date(self.line_edit.text(), self.today, self.default_days,
                              counted_from=self.counted_from)

    def _update(self) -> None:
        try:
            due = self.due()
        except ValidationError as error:
            self.preview.setText(error.message)
            set_text_colour(self.preview, OVERDUE_FOREGROUND)
        else:
            text = _("→ {date} ({when})").format(date=compact_date(due),
                                                 when=describe_due(due, self.today))
            warning = day_warning(due)
            self.preview.setText(f"{text} — {warning}" if warning else text)
            set_text_colour(self.preview, OVERDUE_FOREGROUND if warning else MUTED_FOREGROUND)
        self.changed.emit()


class OwnerEdit(QLineEdit):
    """The action's owner: type a few letters of the organisation (or contact) and pick from
    the completion list; present organisations come first. Enter in the open list takes the
    highlighted entry, or the first one when none is highlighted; ``picked`` follows a choice
    from the list."""

    picked = Signal(str)

    def __init__(self, choices: Sequence[OwnerChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = list(choices)
        self.setPlaceholderText(_("typ een deel van de naam, bijv. ‘ggz’ of ‘hoorn’; Enter kiest"))
        self.setAccessibleName(_("Actiehouder"))
        self._model = QStringListModel([self._entry(c) for c in self.choices], self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        completer.activated.connect(self.picked)  # a click in the list
        popup = completer.popup()
        assert popup is not None
        popup.installEventFilter(self)  # after the completer's own filter: sees Enter first

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        completer = self.completer()
        popup = completer.popup() if completer is not None else None
        if popup is not None:  # the list is a window of its own: give it the field's type
            popup.setFont(self.font())
        super().showEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        completer = self.completer()
        if completer is not None and watched is completer.popup() and \
                event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            popup = completer.popup()
            assert popup is not None
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and popup.isVisible():
                index = popup.currentIndex()
                if not index.isValid() and completer.completionCount():
                    index = completer.completionModel().index(0, 0)
                if index.isValid():
                    text = str(index.data())
                    popup.hide()
                    self.setText(text)
                    self.picked.emit(text)
                    return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _entry(choice: OwnerChoice) -> str:
        return choice.label if choice.present else _("{label} (niet aanwezig)").format(
            label=choice.label)

    def matches(self) -> list[OwnerChoice]:
        """The entries containing the typed text."""
        text = self.text().strip().casefold()
        return [c for c in self.choices if text and text in self._entry(c).casefold()]

    def choice(self) -> OwnerChoice | None:
        """The choice the text names: an exact entry, or the only one containing the text."""
        text = self.text().strip().casefold()
        if not text:
            return None
        for choice in self.choices:
            if text in (choice.label.casefold(), self._entry(choice).casefold()):
                return choice
        matches = self.matches()
        organisations = {c.organisation_id for c in matches if c.contact_id is None}
        if len(matches) == 1:
            return matches[0]
        if len(organisations) == 1:  # an organisation and its contacts: the organisation
            return next(c for c in matches if c.contact_id is None)
        return None

    def show_candidates(self) -> None:
        """Open the completion list for what is typed (after an entry that names several)."""
        completer = self.completer()
        if completer is not None:
            completer.setCompletionPrefix(self.text().strip())
            completer.complete()

    def set_choice(self, choice: OwnerChoice) -> None:
        self.setText(choice.label)
