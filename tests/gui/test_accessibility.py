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
from expertteam.services import case_register
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
    case_id = case_register.list_register(demo_store)[-1].id
    editor = CaseEditor(demo_store, case_id)
    qtbot.add_widget(editor)
    editor.show()
    assert _unnamed(editor) == []
    organisations = OrganisationsDialog(demo_store)
    qtbot.add_widget(organisations)
    organisations.show()
    assert _unnamed(organisations) == []


def test_alt_letters_are_unique_in_every_window_of_the_meeting(
        qtbot: QtBot, demo_store: Store, tmp_path: Path) -> None:
    """Issue 17, stumble 8: two controls sharing an Alt+letter make Alt+letter move the focus
    between them instead of pressing one. Every window the chair meets, each of its tabs."""
    from expertteam.domain.enums import ActionStatus
    from expertteam.gui.meetings.live import LiveWindow
    from expertteam.gui.pages import PAGES
    from tests.gui.mnemonics import duplicate_mnemonics
    from tests.meeting_helpers import start_with_agenda

    meeting, _items = start_with_agenda(demo_store)
    settings = QSettings(str(tmp_path / "instellingen.ini"), QSettings.Format.IniFormat)
    window = build_main_window(demo_store, settings)
    qtbot.add_widget(window)
    window.show()
    found: dict[str, dict[str, list[str]]] = {}

    def check(name: str, widget: QWidget) -> None:
        duplicates = duplicate_mnemonics(widget)
        if duplicates:
            found[name] = duplicates

    for spec in PAGES:
        window.show_page(spec.key)
        check(spec.key, window)
    page = window.pages.meetings
    for tab in range(page.tabs.count()):
        page.tabs.setCurrentIndex(tab)
        check(f"meetings tab {tab}", window)
    for name, dialog in (("plan", page.plan_meeting()), ("agenda item",
                                                         page.agenda_editor.add_item()),
                         ("invitee", page.attendance.add_invitee())):
        assert dialog is not None
        check(name, dialog)
        dialog.reject()
    live = page.open_live()
    assert isinstance(live, LiveWindow)
    qtbot.add_widget(live)
    check("live", live)
    recorder = live.recorder
    for name, opened in (("decision", recorder.add_decision()), ("action", recorder.add_action()),
                         ("summary", recorder.edit_summary()),
                         ("attendance", recorder.edit_attendance())):
        assert opened is not None
        check(name, opened)
        opened.reject()
    for name, opened in (("not done", recorder.mark_action(ActionStatus.NOT_DONE)),
                         ("due", recorder.change_due())):
        if opened is not None:  # the first case may have no open action
            check(name, opened)
            opened.reject()
    recorder.confirm_close()
    assert live.wrap_up is not None
    check("afronden", live)
    qtbot.wait_until(lambda: live.wrap_up is not None and live.wrap_up.ready, timeout=20_000)
    live.close()
    editor = CaseEditor(demo_store, case_register.list_register(demo_store)[-1].id)
    qtbot.add_widget(editor)
    editor.show()
    for tab in range(editor.ui.tabs.count()):
        editor.ui.tabs.setCurrentIndex(tab)
        check(f"case editor tab {tab}", editor)
    assert meeting.id
    assert found == {}


def test_the_focus_frame_is_thick_and_blue_on_every_kind_of_control(qtbot: QtBot) -> None:
    """Issue 17, stumble 8: the focus frame was nearly invisible on a projector. The app's
    style (applied to every GUI test, as to the app) draws a 3-pixel frame in a strong
    blue around the field, button, list or check box that has the keyboard."""
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QCheckBox, QListWidget, QPushButton, QVBoxLayout

    from expertteam.gui.app_style import FOCUS_COLOUR

    root = QWidget()
    qtbot.add_widget(root)
    layout = QVBoxLayout(root)
    controls: list[QWidget] = [QLineEdit("tekst"), QComboBox(), QPushButton("Knop"),
                               QCheckBox("Vinkje"), QListWidget(), QPlainTextEdit("abc")]
    for control in controls:
        layout.addWidget(control)
    root.resize(320, 480)
    root.show()
    root.activateWindow()
    qtbot.wait_until(root.isActiveWindow)
    blue = QColor(FOCUS_COLOUR)

    def blue_pixels(widget: QWidget) -> int:
        image = widget.grab().toImage()
        return sum(1 for x in range(image.width()) for y in (1, 2, image.height() // 2)
                   if QColor(image.pixel(x, y)) == blue)

    for index, control in enumerate(controls):
        other = controls[(index + 1) % len(controls)]
        other.setFocus()
        qtbot.wait_until(other.hasFocus)
        unfocused = blue_pixels(control)
        control.setFocus()
        qtbot.wait_until(control.hasFocus)
        assert blue_pixels(control) > unfocused + 10, type(control).__name__
