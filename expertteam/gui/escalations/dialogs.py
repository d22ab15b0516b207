"""Small dialogs of the escalation screens: a reason, a status change, a response, a date.

Each dialog collects input and calls one service function itself when accepted; a service
error is shown inside the dialog (under the field it names), and the dialog stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.errors import ExpertteamError
from expertteam.gui.widgets import INVALID_STYLE, InlineErrors, OptionalDateEdit
from expertteam.i18n import _


class ServiceDialog(QDialog):
    """A form with OK/Cancel; OK runs ``submit`` and closes only when it succeeds."""

    def __init__(self, title: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setStyleSheet(INVALID_STYLE)
        self.setMinimumWidth(460)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.banner = QLabel()
        self.errors = InlineErrors(self.banner)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)
        self.action: Callable[[], object] = lambda: None
        self.result_value: object = None

    def submit(self) -> bool:
        """Run the service call; True (and the dialog accepted) when it worked."""
        self.errors.clear()
        try:
            self.result_value = self.action()
        except ExpertteamError as error:
            self.errors.show(error)
            return False
        self.accept()
        return True


class ReasonDialog(ServiceDialog):
    """Asks for a reason (required by the service) and runs ``apply(reason)``."""

    def __init__(self, title: str, intro: str, apply: Callable[[str], object],
                 parent: QWidget | None = None, *, text: str = "") -> None:
        super().__init__(title, intro, parent)
        self.reason = QPlainTextEdit()
        self.reason.setPlainText(text)
        self.reason.setTabChangesFocus(True)
        self.reason.setMinimumHeight(self.reason.fontMetrics().lineSpacing() * 4 + 12)
        self.form.addRow(_("Reden"), self.reason)
        self.errors.add("reason", self.reason, self.form)
        self.action = lambda: apply(self.reason.toPlainText())


class DatedNoteDialog(ServiceDialog):
    """A date (default today) and an optional note, for a status change."""

    def __init__(self, title: str, intro: str, apply: Callable[[date | None, str], object],
                 today: date, parent: QWidget | None = None) -> None:
        super().__init__(title, intro, parent)
        self.on = OptionalDateEdit()
        self.on.setDate(today)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(self.note.fontMetrics().lineSpacing() * 4 + 12)
        self.form.addRow(_("Datum"), self.on)
        self.form.addRow(_("Toelichting"), self.note)
        self.errors.add("on", self.on, self.form)
        self.errors.add("note", self.note, self.form)
        self.action = lambda: apply(self.on.date(), self.note.toPlainText())


class ResponseDialog(ServiceDialog):
    """The addressee's answer, its date and (optionally) a new follow-up date."""

    def __init__(self, apply: Callable[[str, date | None, date | None], object], today: date,
                 follow_up: date | None, parent: QWidget | None = None) -> None:
        super().__init__(_("Antwoord vastleggen"), _(
            "Neem het antwoord van de geadresseerde over. Een nieuwe opvolgdatum verschijnt "
            "als signaal zodra hij verstreken is."), parent)
        self.response = QPlainTextEdit()
        self.response.setTabChangesFocus(True)
        self.response.setMinimumHeight(self.response.fontMetrics().lineSpacing() * 6 + 12)
        self.on = OptionalDateEdit()
        self.on.setDate(today)
        self.follow_up = OptionalDateEdit()
        self.follow_up.setDate(follow_up)
        self.form.addRow(_("Antwoord"), self.response)
        self.form.addRow(_("Ontvangen op"), self.on)
        self.form.addRow(_("Opvolgen op"), self.follow_up)
        self.errors.add("response", self.response, self.form)
        self.errors.add("on", self.on, self.form)
        self.errors.add("follow_up_on", self.follow_up, self.form)
        self.action = lambda: apply(self.response.toPlainText(), self.on.date(),
                                    self.follow_up.date())


class DateDialog(ServiceDialog):
    """One optional date (the follow-up date)."""

    def __init__(self, title: str, intro: str, label: str, field: str, value: date | None,
                 apply: Callable[[date | None], object], parent: QWidget | None = None) -> None:
        super().__init__(title, intro, parent)
        self.value = OptionalDateEdit()
        self.value.setDate(value)
        self.form.addRow(label, self.value)
        self.errors.add(field, self.value, self.form)
        self.action = lambda: apply(self.value.date())
