"""A passphrase field pair with a strength meter that explains what to improve."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressBar, QWidget

from expertteam.gui.widgets import error_label
from expertteam.i18n import _
from expertteam.services import security

_COLOURS = ("#b00020", "#b26a00", "#2e7d32", "#1b5e20")


def password_field(placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    field.setMinimumWidth(280)
    return field


class NewPassphrase(QWidget):
    """New passphrase + repeat + meter. ``value()`` is the passphrase when acceptable and
    repeated correctly, else None (and ``problem()`` says why, in Dutch)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.first = password_field(_("minstens 12 tekens, of vier woorden"))
        self.first.setAccessibleName(_("Nieuw wachtwoord"))
        self.repeat = password_field()
        self.repeat.setAccessibleName(_("Herhaal het wachtwoord"))
        self.bar = QProgressBar()
        self.bar.setRange(0, 3)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.mismatch = error_label()
        form.addRow(_("Nieuw wachtwoord:"), self.first)
        form.addRow(_("Herhaal:"), self.repeat)
        form.addRow(_("Sterkte:"), self.bar)
        form.addRow("", self.verdict)
        form.addRow("", self.mismatch)
        self.first.textChanged.connect(self._update)
        self.repeat.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        text = self.first.text()
        strength = security.passphrase_strength(text)
        self.bar.setValue(strength.score if strength.acceptable else (1 if text else 0))
        colour = _COLOURS[strength.score if strength.acceptable else 0]
        self.bar.setStyleSheet(f"QProgressBar::chunk {{ background: {colour}; }}")
        if not text:
            self.verdict.setText(_("Kies een wachtwoord dat u kunt onthouden, bijvoorbeeld een "
                                   "zin van vier woorden. Zonder wachtwoord zijn de gegevens "
                                   "niet te openen: schrijf het op een veilige plek op."))
        elif strength.acceptable:
            self.verdict.setText(_("Sterkte: {label}.").format(label=strength.label))
        else:
            self.verdict.setText(" ".join(strength.problems))
        repeat = self.repeat.text()
        # Complain while typing the repeat only once it can no longer become equal.
        self.mismatch.setText(_("De twee wachtwoorden zijn niet gelijk.")
                              if repeat and not text.startswith(repeat) else "")
        self.changed.emit()

    def problem(self) -> str | None:
        strength = security.passphrase_strength(self.first.text())
        if not strength.acceptable:
            return strength.problems[0]
        if self.repeat.text() != self.first.text():
            return _("De twee wachtwoorden zijn niet gelijk.")
        return None

    def value(self) -> str | None:
        return self.first.text() if self.problem() is None else None

    def clear(self) -> None:
        self.first.clear()
        self.repeat.clear()
