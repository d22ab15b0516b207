"""User profiles: add, rename, change role, (de)activate. Never deleted: the log refers to them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.enums import UserRole
from expertteam.domain.errors import ExpertteamError
from expertteam.gui.widgets import error_label
from expertteam.i18n import _
from expertteam.services import users
from expertteam.services.store import Store


class UsersDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_("Gebruikers"))
        self.resize(560, 400)
        self.list = QListWidget()
        self.name = QLineEdit()
        self.role = QComboBox()
        for role in UserRole:
            self.role.addItem(role.label, role.value)  # Qt keeps plain str
        self.error = error_label()
        self.add_button = QPushButton(_("Toevoegen"))
        self.save_button = QPushButton(_("Wijziging opslaan"))
        self.toggle_button = QPushButton(_("Uitschakelen"))
        close = QPushButton(_("Sluiten"))
        form = QFormLayout()
        form.addRow(_("Naam:"), self.name)
        form.addRow(_("Rol:"), self.role)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.save_button, self.toggle_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.list.currentItemChanged.connect(self._picked)
        self.add_button.clicked.connect(self.add)
        self.save_button.clicked.connect(self.save)
        self.toggle_button.clicked.connect(self.toggle)
        close.clicked.connect(self.accept)
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        self.list.clear()
        for info in users.list_users(self.store, include_inactive=True):
            text = info.display if info.active else _("{user} – uitgeschakeld").format(
                user=info.display)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, info)
            self.list.addItem(item)
            if info.id == select:
                self.list.setCurrentItem(item)

    def current(self) -> users.UserInfo | None:
        item = self.list.currentItem()
        info = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        return info if isinstance(info, users.UserInfo) else None

    def _picked(self) -> None:
        info = self.current()
        if info is not None:
            self.name.setText(info.name)
            self.role.setCurrentIndex(self.role.findData(info.role.value))
            self.toggle_button.setText(_("Uitschakelen") if info.active else _("Inschakelen"))

    def _run(self, call: Callable[[], users.UserInfo]) -> None:
        try:
            result = call()
        except ExpertteamError as error:
            self.error.setText(error.message)
            return
        self.error.clear()
        self.refresh(result.id)

    def add(self) -> None:
        self._run(lambda: users.create_user(self.store, self.name.text(),
                                            UserRole(self.role.currentData())))

    def save(self) -> None:
        info = self.current()
        if info is not None:
            self._run(lambda: users.update_user(self.store, info.id, self.name.text(),
                                                UserRole(self.role.currentData())))

    def toggle(self) -> None:
        info = self.current()
        if info is not None:
            self._run(lambda: users.set_active(self.store, info.id, not info.active))
