"""Change the passphrase (rekey), or encrypt a database that is not encrypted yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.errors import ExpertteamError, ValidationError
from expertteam.gui.security.meter import NewPassphrase, password_field
from expertteam.gui.widgets import error_label
from expertteam.i18n import _
from expertteam.services import security
from expertteam.services.store import Store


class PassphraseDialog(QDialog):
    """For an encrypted store: old + new passphrase. For a plain one: encrypt it now."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.change: security.PassphraseChange | None = None
        self.encrypting = not security.is_encrypted(store)
        self.setWindowTitle(_("Database versleutelen") if self.encrypting
                            else _("Wachtwoord wijzigen"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        info = QLabel(
            _("Kies een wachtwoord. De database wordt versleuteld opgeslagen; het origineel "
              "wordt pas vervangen als de versleutelde kopie is gecontroleerd.")
            if self.encrypting else
            _("Het nieuwe wachtwoord geldt direct. Reservekopieën die al gemaakt zijn, houden "
              "hun oude wachtwoord."))
        info.setWordWrap(True)
        layout.addWidget(info)
        self.old = password_field()
        self.old.setAccessibleName(_("Huidig wachtwoord"))
        if not self.encrypting:
            form = QFormLayout()
            form.addRow(_("Huidig wachtwoord:"), self.old)
            layout.addLayout(form)
        self.new = NewPassphrase()
        layout.addWidget(self.new)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Versleutelen") if self.encrypting else _("Wijzigen"))
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.new.first if self.encrypting else self.old).setFocus()

    def summary(self) -> str:
        """What changed, for the message after ``accept``."""
        text = _("Gelukt. Het nieuwe wachtwoord geldt vanaf nu.")
        if self.change is not None:
            if self.change.rekeyed_backups:
                text += " " + _("{n} reservekopieën zijn omgezet naar het nieuwe wachtwoord.") \
                    .format(n=len(self.change.rekeyed_backups))
            text += " " + _("Reservekopieën elders (bijvoorbeeld op een USB-stick) openen nog "
                            "met het oude wachtwoord.")
        return text

    def apply(self) -> None:
        problem = self.new.problem()
        if problem:
            self.error.setText(problem)
            self.new.first.setFocus()
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.encrypting:
                security.encrypt_open_store(self.store, self.new.first.text())
            else:
                self.change = security.change_passphrase(self.store, self.old.text(),
                                                         self.new.first.text())
        except ValidationError as error:
            self.error.setText(error.message)
            (self.old if error.field == "old_passphrase" else self.new.first).setFocus()
            return
        except ExpertteamError as error:
            self.error.setText(error.message)
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.old.clear()
        self.new.clear()
        self.accept()
