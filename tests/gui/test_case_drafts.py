"""Crash safety in the case editor: what is typed is kept as a draft in the database shortly
after each change, offered back when the case is opened again, and removed on a real save."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from expertteam.gui.case_editor import CaseEditor
from expertteam.services import case_register, cases, drafts
from expertteam.services.store import Store


def _editor(qtbot: QtBot, store: Store, case_id: int | None = None) -> CaseEditor:
    editor = CaseEditor(store, case_id)
    editor.ask_unsaved = lambda: QMessageBox.StandardButton.Cancel
    qtbot.add_widget(editor)
    editor.show()
    return editor


def _noel(store: Store) -> int:
    return next(r.id for r in case_register.list_register(store) if r.child_name == "Noël de Vries")


def test_typed_changes_become_a_draft_and_are_offered_back(qtbot: QtBot,
                                                           demo_store: Store) -> None:
    case_id = _noel(demo_store)
    editor = _editor(qtbot, demo_store, case_id)
    editor.ui.goalEdit.setPlainText("Intake jeugd-GGZ binnen 2 weken; Noël blijft op school.")
    qtbot.wait_until(lambda: drafts.load_case_draft(demo_store, case_id) is not None,
                     timeout=5000)
    stored_goal = cases.get_case(demo_store, case_id).goal
    assert "2 weken" not in stored_goal  # not saved for real: only the draft
    editor.hide()  # as if the app died here: the dialog is never closed or saved

    again = _editor(qtbot, demo_store, case_id)
    qtbot.wait_until(lambda: again.draft_bar is not None)
    assert again.ui.goalEdit.toPlainText() == stored_goal  # nothing applied without asking
    again.draft_bar.restore_button.click()
    assert "Noël blijft op school" in again.ui.goalEdit.toPlainText()
    assert again.dirty
    assert again.save()
    assert "Noël blijft op school" in cases.get_case(demo_store, case_id).goal
    assert drafts.load_case_draft(demo_store, case_id) is None


def test_a_draft_can_be_thrown_away(qtbot: QtBot, demo_store: Store) -> None:
    case_id = _noel(demo_store)
    editor = _editor(qtbot, demo_store, case_id)
    editor.ui.goalEdit.setPlainText("Iets anders")
    editor.save_draft()
    editor.hide()
    again = _editor(qtbot, demo_store, case_id)
    qtbot.wait_until(lambda: again.draft_bar is not None)
    again.draft_bar.discard_button.click()
    assert drafts.load_case_draft(demo_store, case_id) is None
    assert again.ui.goalEdit.toPlainText() != "Iets anders"


def test_a_new_case_draft_survives_a_killed_process(tmp_path: Path, demo_store: Store) -> None:
    """A real process writes a draft of a new case and is killed; the next editor offers it."""
    path = demo_store.database.path
    demo_store.close()
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from expertteam.gui.case_editor import CaseEditor
        from expertteam.services.store import Store
        store = Store.open(Path({str(path)!r}))
        editor = CaseEditor(store)
        editor.ui.givenNamesEdit.setText("Zoë")
        editor.ui.surnameEdit.setText("Pietersen")
        editor.save_draft()
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                            timeout=60, check=False)
    assert result.returncode == -9, result.stderr
    store = Store.open(path)
    try:
        draft = drafts.load_case_draft(store, None)
        assert draft is not None
        assert (draft.given_names, draft.surname) == ("Zoë", "Pietersen")
    finally:
        store.close()
