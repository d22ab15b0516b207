"""The unlock dialog's pages as widgets: create, plain, passphrase, user and problem, each
with its fields, messages and buttons, and switching between them. What the buttons do and
which page fits the file is the dialog's (``unlock_dialog.py``)."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.enums import UserRole
from expertteam.gui.security.meter import NewPassphrase, password_field
from expertteam.gui.widgets import error_label
from expertteam.i18n import _
from expertteam.services import users


class Page(Enum):
    CREATE = "create"
    PLAIN = "plain"
    PASSPHRASE = "passphrase"
    USER = "user"
    PROBLEM = "problem"


def _title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def _info(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class UnlockForm(QDialog):
    """The pages in a stack (``pages``); ``build_pages`` makes them, ``show_page`` turns to
    one, ``current_page`` says which is showing."""

    def build_pages(self) -> None:
        """Make the five pages, in this order (it is the tab order of their widgets)."""
        self.pages = QStackedWidget()
        self._page_index: dict[Page, int] = {}
        self._build_create()
        self._build_plain()
        self._build_passphrase()
        self._build_user()
        self._build_problem()

    def _add(self, page: Page, widget: QWidget) -> None:
        self._page_index[page] = self.pages.addWidget(widget)

    def _build_create(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(_title(_("Welkom bij Expertteam")))
        layout.addWidget(_info(_(
            "De gegevens over kinderen worden versleuteld opgeslagen. Kies een wachtwoord; "
            "het wordt bij elke start gevraagd. Maak daarna uw eigen gebruikersprofiel: het "
            "logboek legt vast wie wat heeft gedaan.")))
        self.create_passphrase = NewPassphrase()
        layout.addWidget(self.create_passphrase)
        form = QFormLayout()
        self.create_name = QLineEdit()
        self.create_name.setPlaceholderText(_("uw eigen naam, bijvoorbeeld Anna de Boer"))
        self.create_role = self._role_combo()
        form.addRow(_("Uw naam:"), self.create_name)
        form.addRow(_("Uw rol:"), self.create_role)
        layout.addLayout(form)
        self.create_error = error_label()
        layout.addWidget(self.create_error)
        layout.addStretch(1)
        self._add(Page.CREATE, page)

    def _build_plain(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(_title(_("Deze database is niet versleuteld")))
        layout.addWidget(_info(_(
            "Wie deze laptop of het bestand in handen krijgt, kan de gegevens nu lezen. "
            "Versleutel de database met een wachtwoord; het origineel wordt pas vervangen als "
            "de versleutelde kopie is gecontroleerd.")))
        self.plain_encrypt = QRadioButton(_("Nu versleutelen (aanbevolen)"))
        self.plain_open = QRadioButton(_("Onversleuteld openen"))
        self.plain_encrypt.setChecked(True)
        layout.addWidget(self.plain_encrypt)
        self.plain_passphrase = NewPassphrase()
        layout.addWidget(self.plain_passphrase)
        layout.addWidget(self.plain_open)
        self.plain_encrypt.toggled.connect(self.plain_passphrase.setEnabled)
        self.plain_error = error_label()
        layout.addWidget(self.plain_error)
        layout.addStretch(1)
        self._add(Page.PLAIN, page)

    def _build_passphrase(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.passphrase_title = _title(_("Expertteam openen"))
        layout.addWidget(self.passphrase_title)
        self.passphrase_info = _info()
        layout.addWidget(self.passphrase_info)
        form = QFormLayout()
        self.lock_user = QComboBox()
        self.lock_user_label = QLabel(_("Gebruiker:"))
        form.addRow(self.lock_user_label, self.lock_user)
        self.passphrase = password_field()
        self.passphrase.setAccessibleName(_("Wachtwoord"))
        self.passphrase_label = QLabel(_("Wachtwoord:"))
        form.addRow(self.passphrase_label, self.passphrase)
        layout.addLayout(form)
        self.passphrase_error = error_label()
        layout.addWidget(self.passphrase_error)
        self.other_file_button = QPushButton(_("Ander databasebestand kiezen…"))
        self.other_file_button.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(self.other_file_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self._add(Page.PASSPHRASE, page)

    def _build_user(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(_title(_("Wie bent u?")))
        layout.addWidget(_info(_("Kies uw eigen profiel. Elke handeling wordt in het logboek "
                                 "op uw profiel vastgelegd.")))
        form = QFormLayout()
        self.user_combo = QComboBox()
        form.addRow(_("Profiel:"), self.user_combo)
        self.new_user_name = QLineEdit()
        self.new_user_name.setPlaceholderText(_("alleen voor een nieuw profiel"))
        self.new_user_role = self._role_combo()
        form.addRow(_("Naam nieuw profiel:"), self.new_user_name)
        form.addRow(_("Rol:"), self.new_user_role)
        layout.addLayout(form)
        self.user_combo.currentIndexChanged.connect(self._user_choice_changed)
        self.user_error = error_label()
        layout.addWidget(self.user_error)
        layout.addStretch(1)
        self._add(Page.USER, page)

    def _build_problem(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(_title(_("De database kan niet worden geopend")))
        self.problem_text = _info()
        self.problem_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.problem_text)
        self.problem_path = _info()
        layout.addWidget(self.problem_path)
        self.restore_button = QPushButton(_("Reservekopie terugzetten…"))
        self.choose_button = QPushButton(_("Ander bestand kiezen…"))
        self.new_button = QPushButton(_("Nieuwe database op een andere plek…"))
        self.retry_button = QPushButton(_("Opnieuw proberen"))
        for button in (self.retry_button, self.restore_button, self.choose_button,
                       self.new_button):
            button.setAutoDefault(False)  # Return must never open a file dialog
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        self.problem_error = error_label()
        layout.addWidget(self.problem_error)
        layout.addStretch(1)
        self._add(Page.PROBLEM, page)

    @staticmethod
    def _role_combo() -> QComboBox:
        combo = QComboBox()
        for role in UserRole:
            combo.addItem(role.label, role.value)  # Qt keeps plain str, not the enum
        return combo

    # ------------------------------------------------------------------ showing
    def current_page(self) -> Page:
        index = self.pages.currentIndex()
        return next(page for page, i in self._page_index.items() if i == index)

    def show_page(self, page: Page) -> None:
        self.pages.setCurrentIndex(self._page_index[page])

    def fill_users(self, combo: QComboBox, profiles: list[users.UserInfo],
                   current: int | None) -> None:
        """The profiles in ``combo`` (the user page's also offers a new one), ``current``
        chosen."""
        combo.clear()
        for profile in profiles:
            combo.addItem(profile.display, profile.id)
        if combo is self.user_combo:
            combo.addItem(_("Nieuw profiel…"), None)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(index, 0))
        self._user_choice_changed()

    def _user_choice_changed(self) -> None:
        new = self.user_combo.currentData() is None
        self.new_user_name.setEnabled(new)
        self.new_user_role.setEnabled(new)
