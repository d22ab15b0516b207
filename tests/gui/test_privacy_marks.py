"""Warn while typing: identifying items are underlined in live mode and the letter editor, and
Ctrl+Shift+H replaces the one at the cursor by the pseudonym or a placeholder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPainter, QTextCharFormat
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from expertteam.domain.identifying import ChildIdentity, Detector
from expertteam.gui.escalations.letter_editor import LetterEditor
from expertteam.gui.help import shortcut_rows
from expertteam.gui.meetings.dialogs import ActionDialog, TextDialog
from expertteam.gui.meetings.live import LiveWindow
from expertteam.gui.privacy_marks import REPLACE_KEY, PrivacyMarks, watch
from expertteam.services import cases
from expertteam.services.store import Store
from tests.meeting_helpers import start_with_agenda
from tests.privacy_helpers import Child, case_escalation_about, create_child

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
NOEL = ChildIdentity("Noël", "van der Berg", date(2014, 3, 2), "123456782", ("Karin",))


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where screenshots go: ``EXPERTTEAM_SHOTS`` to keep them, else the test's temp folder."""
    folder = Path(os.environ.get("EXPERTTEAM_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _underlined(editor: QPlainTextEdit) -> list[tuple[int, int]]:
    block = editor.document().firstBlock()
    layout = block.layout()
    return [(r.start, r.length) for r in layout.formats()
            if r.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline]


def test_a_multi_line_field_underlines_and_replaces(qtbot: QtBot) -> None:
    editor = QPlainTextEdit()
    qtbot.add_widget(editor)
    marks = watch(editor, Detector([NOEL]))
    editor.setPlainText("Besluit: Noël gaat naar Dorpsstraat 5, bel 06-12345678.")
    assert _underlined(editor) == [(9, 4), (24, 13), (43, 11)]
    assert "de voornaam van een kind" in editor.toolTip()
    assert "Noël" not in editor.toolTip()
    cursor = editor.textCursor()
    cursor.setPosition(11)
    editor.setTextCursor(cursor)
    editor.show()
    editor.activateWindow()
    editor.setFocus()
    qtbot.wait_until(editor.hasFocus)
    qtbot.keyClick(editor, Qt.Key.Key_H, CTRL_SHIFT)
    assert editor.toPlainText() == "Besluit: N. gaat naar Dorpsstraat 5, bel 06-12345678."
    assert marks.replace_at_cursor()  # the nearest next
    assert marks.replace_at_cursor()
    assert editor.toPlainText() == "Besluit: N. gaat naar [adres], bel [telefoon]."
    assert not marks.replace_at_cursor()
    editor.undo()
    assert "[telefoon]" not in editor.toPlainText()


def test_a_one_line_field_replaces_too(qtbot: QtBot) -> None:
    editor = QLineEdit()
    qtbot.add_widget(editor)
    marks = watch(editor, Detector([NOEL]))
    editor.setText("Bel Karin over BSN 123 456 782")
    assert len(marks.findings) == 2
    editor.setCursorPosition(5)
    assert marks.replace_at_cursor()
    assert editor.text() == "Bel [naam] over BSN 123 456 782"
    editor.setCursorPosition(len(editor.text()))
    assert marks.replace_at_cursor()
    assert editor.text() == "Bel [naam] over BSN [BSN]"


def test_the_key_is_in_the_f1_overview(qtbot: QtBot, demo_store: Store,
                                       settings: QSettings) -> None:
    from tests.gui.conftest import open_window

    window = open_window(qtbot, demo_store, settings)
    assert any("Herkenbaar gegeven" in command and keys == "Ctrl+Shift+H"
               for _menu, command, keys in shortcut_rows(window))


@pytest.fixture
def live(qtbot: QtBot, demo_store: Store) -> Iterator[LiveWindow]:
    meeting, _items = start_with_agenda(demo_store)
    window = LiveWindow(demo_store, meeting.id)
    qtbot.add_widget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.wait_exposed(window)
    yield window
    window.close()


def test_live_mode_underlines_decision_and_action_text(qtbot: QtBot, live: LiveWindow,
                                                       demo_store: Store, shots: Path) -> None:
    first = live.items[0]
    assert first.case is not None
    child = cases.get_case(demo_store, first.item.case_id or 0)
    dialog = live.recorder.add_decision()
    assert isinstance(dialog, TextDialog)
    assert isinstance(dialog.editor, QPlainTextEdit)
    dialog.editor.setPlainText(
        f"{child.given_names} gaat per 1 december naar het gezinshuis; moeder belt "
        f"06-12345678 en woont Kerkpad 3a.")
    marks = dialog.editor.findChild(PrivacyMarks)
    assert marks is not None
    assert len(_underlined(dialog.editor)) == 3
    assert marks.warning is not None
    assert marks.warning.isVisible()
    assert "Ctrl+Shift+H" in marks.warning.text()
    dialog.resize(900, dialog.sizeHint().height())
    qtbot.wait_exposed(dialog)
    screen = live.grab()  # what the chair sees: the dialog over the live screen
    painter = QPainter(screen)
    painter.drawPixmap((screen.width() - dialog.width()) // 2, 160, dialog.grab())
    painter.end()
    assert screen.save(str(shots / "privacy-live.png"))
    dialog.activateWindow()
    dialog.editor.setFocus()
    qtbot.wait_until(dialog.editor.hasFocus)
    dialog.editor.moveCursor(dialog.editor.textCursor().MoveOperation.Start)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_H, CTRL_SHIFT)
    assert child.given_names not in dialog.editor.toPlainText()
    dialog.reject()
    action = live.recorder.add_action()
    assert isinstance(action, ActionDialog)
    action.description.setText(f"Bel {child.given_names}")
    assert action.description.findChild(PrivacyMarks) is not None
    assert "voornaam" in action.description.toolTip()
    action.reject()
    QApplication.processEvents()


def test_the_letter_editor_underlines_every_part(qtbot: QtBot, demo_store: Store,
                                                 settings: QSettings) -> None:
    case_id = create_child(demo_store, Child("IJsbrand", "Wiel", date(2014, 3, 2),
                                             "123456782"))
    editor = LetterEditor(demo_store, case_escalation_about(demo_store, case_id, "x"),
                          settings=settings)
    qtbot.add_widget(editor)
    closing = editor.editors["closing"]
    assert isinstance(closing, QPlainTextEdit)
    closing.setPlainText("Met IJsbrand, geboren 02-03-2014.")
    assert len(_underlined(closing)) == 2
    assert editor.marks["closing"].replace_at_cursor()
    assert REPLACE_KEY in closing.toolTip()


def test_the_case_editor_keeps_names_to_hide(qtbot: QtBot, demo_store: Store,
                                             shots: Path) -> None:
    from expertteam.gui.case_editor import CaseEditor

    case_id = create_child(demo_store, Child("IJsbrand", "Wiel", date(2014, 3, 2), "123456782",
                                             ("Karin",)))
    editor = CaseEditor(demo_store, case_id)
    qtbot.add_widget(editor)
    assert editor.hidden_names_edit.toPlainText() == "Karin"
    editor.hidden_names_edit.setPlainText("Karin\n\nZoë van Dam\n")
    assert editor.save()
    assert cases.get_case(demo_store, case_id).hidden_names == ("Karin", "Zoë van Dam")
    editor.resize(1000, 700)
    editor.show()
    qtbot.wait_exposed(editor)
    assert editor.grab().save(str(shots / "privacy-case-editor.png"))
    editor.hidden_names_edit.setPlainText("K")
    assert not editor.save()
    from PySide6.QtWidgets import QLabel, QMessageBox

    assert any("te kort" in label.text() for label in editor.findChildren(QLabel))
    editor.ask_unsaved = lambda: QMessageBox.StandardButton.Discard


def test_a_superscript_in_the_bsn_gets_the_fields_message_not_a_crash(
        qtbot: QtBot, demo_store: Store) -> None:
    from PySide6.QtWidgets import QMessageBox

    from expertteam.gui.case_editor import CaseEditor

    editor = CaseEditor(demo_store)
    qtbot.add_widget(editor)
    editor.ui.bsnEdit.setText("12345678²")
    assert "cijfers" in editor.ui.bsnStatusLabel.text()
    editor.ui.bsnEdit.setText("١٢٣٤٥٦٧٨٢")  # Arabic-Indic digits: the same number
    assert "formaat geldig" in editor.ui.bsnStatusLabel.text()
    editor.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
