"""Every interactive control a keyboard reaches has a name a screen reader can say: its own
text, an accessible name, or a label that points at it (buddy)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from expertteam.gui.case_editor import CaseEditor
from expertteam.gui.organisations_dialog import OrganisationsDialog
from expertteam.gui.shell import build_main_window
from expertteam.gui.widgets import OptionalDateEdit
from expertteam.services import cases
from expertteam.services.store import Store

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit,
               QTextEdit, QAbstractSpinBox)


def _unnamed(root: QWidget) -> list[str]:
    buddies = {label.buddy() for label in QApplication.allWidgets()
               if isinstance(label, QLabel) and label.buddy() is not None}
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root):
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        parent = widget.parentWidget()
        if isinstance(parent, QComboBox | QAbstractSpinBox) or \
                (type(parent).__name__ == "QFrame" and isinstance(widget, QAbstractItemView)):
            continue  # the editor inside a combo or spin box, a combo's popup list
        if isinstance(parent, OptionalDateEdit) and (parent.accessibleName()
                                                     or parent in buddies):
            continue
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            continue
        if widget.accessibleName() or widget in buddies:
            continue
        found.append(f"{type(widget).__name__} {widget.objectName()!r} in "
                     f"{type(parent).__name__}")
    return found


def test_main_window_pages_name_their_controls(qtbot: QtBot, demo_store: Store,
                                               tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "instellingen.ini"), QSettings.Format.IniFormat)
    window = build_main_window(demo_store, settings)
    qtbot.add_widget(window)
    window.show()
    for key in ("register", "meetings", "actions", "signals", "escalations", "dashboard"):
        window.show_page(key)
        assert _unnamed(window) == [], key


def test_dialogs_name_their_controls(qtbot: QtBot, demo_store: Store) -> None:
    case_id = cases.list_register(demo_store)[-1].id
    editor = CaseEditor(demo_store, case_id)
    qtbot.add_widget(editor)
    editor.show()
    assert _unnamed(editor) == []
    organisations = OrganisationsDialog(demo_store)
    qtbot.add_widget(organisations)
    organisations.show()
    assert _unnamed(organisations) == []
