"""The chair's live screen, driven by keyboard with qtbot over a real database."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from expertteam.domain.enums import ActionStatus, AuditAction
from expertteam.gui.meetings.dialogs import ActionDialog, DueChangeDialog, TextDialog
from expertteam.gui.meetings.live import LiveWindow
from expertteam.gui.meetings.live_record import AttendanceDialog
from expertteam.services import action_events, action_rows, actions, audit, live_meeting, meetings
from expertteam.services.actions import ActionInput
from expertteam.services.store import Store
from tests.meeting_helpers import org_ids, start_with_agenda

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def live(qtbot: QtBot, demo_store: Store) -> Iterator[LiveWindow]:
    meeting, items = start_with_agenda(demo_store)
    actions.create_action(demo_store, ActionInput(
        items[0].case_id or 0, "Crisisplek omzetten", org_ids(demo_store)["Hoorn"]))
    window = LiveWindow(demo_store, meeting.id)
    qtbot.add_widget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.wait_exposed(window)
    yield window
    window.close()


def _dialog(kind: type[QWidget]) -> QWidget:
    widget = QApplication.activeModalWidget() or next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()),
        None)
    assert isinstance(widget, kind), widget
    return widget


def test_pseudonymised_by_default_and_names_on_request(qtbot: QtBot, live: LiveWindow,
                                                       demo_store: Store) -> None:
    first = live.items[0]
    assert first.case is not None
    assert live.case.heading.text() == first.item.pseudonym
    assert first.case.given_names not in live.case.facts.text()
    assert first.case.given_names not in live.sidebar.item(0).text()
    qtbot.keyClick(live, Qt.Key.Key_H, CTRL)
    assert live.case.heading.text() == f"{first.case.case_number} · {first.case.full_name}"
    assert live.names_button.text() == "Namen verbergen"
    assert any(e.detail == "names shown" and e.action is AuditAction.VIEW
               for e in audit.list_entries(demo_store))
    qtbot.keyClick(live, Qt.Key.Key_H, CTRL)
    assert live.case.heading.text() == first.item.pseudonym


def test_keyboard_navigation_and_position(qtbot: QtBot, live: LiveWindow) -> None:
    assert live.position.text() == "Casus 1 van 13"
    qtbot.keyClick(live, Qt.Key.Key_PageDown)
    assert live.position.text() == "Casus 2 van 13"
    assert live.case.heading.text() == live.items[1].item.pseudonym
    qtbot.keyClick(live, Qt.Key.Key_Right, ALT)
    assert live.position.text() == "Casus 3 van 13"
    qtbot.keyClick(live, Qt.Key.Key_PageUp)
    qtbot.keyClick(live, Qt.Key.Key_Left, ALT)
    qtbot.keyClick(live, Qt.Key.Key_Left, ALT)  # stays on the first
    assert live.position.text() == "Casus 1 van 13"
    qtbot.keyClick(live, Qt.Key.Key_End, CTRL)
    assert live.position.text() == "Casus 13 van 13"
    live.sidebar.setCurrentRow(4)
    assert live.position.text() == "Casus 5 van 13"


def test_add_decision_with_ctrl_d_and_undo_redo(qtbot: QtBot, live: LiveWindow) -> None:
    qtbot.keyClick(live, Qt.Key.Key_D, CTRL)
    dialog = _dialog(TextDialog)
    assert isinstance(dialog, TextDialog)
    qtbot.keyClicks(dialog.editor, "Casus in behandeling genomen")
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, CTRL)
    assert not dialog.isVisible()
    assert "Casus in behandeling genomen" in live.case.decisions.text()
    assert live.case.discussed.isChecked()
    assert live.sidebar.item(0).text().startswith("✔")
    qtbot.keyClick(live, Qt.Key.Key_Z, CTRL)
    assert "Casus in behandeling genomen" not in live.case.decisions.text()
    assert not live.case.discussed.isChecked()
    qtbot.keyClick(live, Qt.Key.Key_Y, CTRL)
    assert "Casus in behandeling genomen" in live.case.decisions.text()


def test_empty_decision_keeps_the_dialog_open_with_a_message(qtbot: QtBot,
                                                            live: LiveWindow) -> None:
    dialog = live.recorder.add_decision()
    assert isinstance(dialog, TextDialog)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible()
    assert dialog.error.text() == "Besluit is verplicht."
    dialog.reject()


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_add_action_with_owner_completion_and_working_days(qtbot: QtBot, live: LiveWindow,
                                                           demo_store: Store) -> None:
    qtbot.keyClick(live, Qt.Key.Key_PageDown)
    qtbot.keyClick(live, Qt.Key.Key_A, CTRL)
    dialog = _dialog(ActionDialog)
    assert isinstance(dialog, ActionDialog)
    qtbot.keyClicks(dialog.description, "Intake plannen")
    qtbot.keyClick(dialog.description, Qt.Key.Key_Return)
    assert dialog.focusWidget() is dialog.owner
    qtbot.keyClicks(dialog.owner, "ggz jong")
    completer = dialog.owner.completer()
    assert completer is not None
    assert completer.currentCompletion() == "GGZ Jong Westfriesland"
    dialog.owner.setText("ggz jong")
    qtbot.keyClick(dialog.owner, Qt.Key.Key_Return)
    assert dialog.focusWidget() is dialog.due.line_edit
    qtbot.keyClicks(dialog.due.line_edit, "in 5 werkdagen")
    assert dialog.due.preview.text() == "→ ma 30 nov 2026 (over 5 werkdagen)"
    qtbot.keyClick(dialog.due.line_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    live_item = live.items[1]
    assert [(a.description, a.owner_organisation_name, a.due_on.isoformat())
            for a in live_item.actions] == [
        ("Intake plannen", "GGZ Jong Westfriesland", "2026-11-30")]
    assert live.case.action_model.rowCount() == 1
    assert live.case.actions_view.isVisible()
    qtbot.keyClick(live, Qt.Key.Key_Z, CTRL)
    assert live.items[1].actions == ()
    assert live.case.no_actions.isVisible()
    assert action_rows.action_overview(demo_store, action_rows.ActionFilter(
        text="Intake plannen")) == []


def test_unknown_owner_is_refused_in_the_dialog(qtbot: QtBot, live: LiveWindow) -> None:
    dialog = live.recorder.add_action()
    assert isinstance(dialog, ActionDialog)
    dialog.description.setText("Bellen")
    dialog.owner.setText("xyz")
    dialog.try_accept()
    assert dialog.isVisible()
    assert "‘xyz’ is geen organisatie uit de lijst" in dialog.error.text()
    dialog.owner.setText("")
    dialog.try_accept()
    assert "Kies de actiehouder" in dialog.error.text()
    dialog.due.setText("gisteren")
    dialog.owner.setText("Hoorn")
    dialog.try_accept()
    assert "geen termijn die ik begrijp" in dialog.error.text()
    dialog.reject()


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_a_short_owner_lists_the_matches_and_enter_picks_one(qtbot: QtBot,
                                                             live: LiveWindow) -> None:
    """Issue 17, stumble 6: "ggz" (the placeholder's example) matches two organisations: the
    message names them, the list opens, Enter in it takes the first; the field keeps its
    height and type size (it collapsed into a thin strip)."""
    dialog = live.recorder.add_action()
    assert isinstance(dialog, ActionDialog)
    dialog.description.setText("Bellen")
    height, size = dialog.owner.height(), dialog.owner.font().pointSizeF()
    dialog.owner.setText("ggz")
    dialog.try_accept()
    assert dialog.error.text().startswith("‘ggz’ past bij 2 organisaties: "
                                          "GGZ Jong Westfriesland, Jeugd-GGZ De Brug.")
    qtbot.wait(10)
    assert (dialog.owner.height(), dialog.owner.font().pointSizeF()) == (height, size)
    assert dialog.due.line_edit.height() >= height  # nothing else squeezed either
    popup = dialog.owner.completer().popup()
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.owner.text() == "GGZ Jong Westfriesland"
    assert dialog.focusWidget() is dialog.due.line_edit
    assert not dialog.error.isVisible()  # the choice settles the message
    dialog.try_accept()
    assert not dialog.isVisible()
    assert live.items[0].actions[-1].owner_organisation_name == "GGZ Jong Westfriesland"


def test_a_not_done_reason_keeps_its_field_on_error(qtbot: QtBot, live: LiveWindow) -> None:
    """Issue 17, stumble 6: the "niet gedaan" field became a thin strip on its error."""
    dialog = live.recorder.mark_action(ActionStatus.NOT_DONE)
    assert isinstance(dialog, TextDialog)
    height, size = dialog.editor.height(), dialog.editor.font().pointSizeF()
    dialog.try_accept()
    assert "Licht toe" in dialog.error.text()
    qtbot.wait(10)
    assert (dialog.editor.height(), dialog.editor.font().pointSizeF()) == (height, size)
    dialog.reject()


def test_mark_done_and_not_done_with_a_note(qtbot: QtBot, live: LiveWindow,
                                            demo_store: Store) -> None:
    first = live.items[0]
    action = first.actions[0]
    qtbot.keyClick(live, Qt.Key.Key_Return, CTRL)
    dialog = _dialog(TextDialog)
    assert isinstance(dialog, TextDialog)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)  # a note is optional for done
    assert action_rows.get_action(demo_store, action.id).status is ActionStatus.DONE
    assert "Gedaan" in live.case.action_model.data(live.case.action_model.index(0, 4))
    qtbot.keyClick(live, Qt.Key.Key_Z, CTRL)
    assert action_rows.get_action(demo_store, action.id).status is ActionStatus.OPEN
    qtbot.keyClick(live, Qt.Key.Key_Return, CTRL | SHIFT)
    dialog = _dialog(TextDialog)
    assert isinstance(dialog, TextDialog)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "Licht toe" in dialog.error.text()
    qtbot.keyClicks(dialog.editor, "Aanbieder weigert opname")
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    changed = action_rows.get_action(demo_store, action.id)
    assert changed.status is ActionStatus.NOT_DONE
    history = action_events.action_history(demo_store, action.id)
    assert history[-1].note == "Aanbieder weigert opname"
    assert history[-1].meeting_id == live.meeting_id
    qtbot.keyClick(live, Qt.Key.Key_Return, CTRL)  # already handled: a message, no dialog
    assert "al afgehandeld" in live.message.text()


def test_change_due_date_with_ctrl_t(qtbot: QtBot, live: LiveWindow, demo_store: Store) -> None:
    """Issue 17, stumble 5: "+3" counts from the current due date (7 December), not today."""
    action = live.items[0].actions[0]
    assert action.due_on.isoformat() == "2026-12-07"
    qtbot.keyClick(live, Qt.Key.Key_T, CTRL)
    dialog = _dialog(DueChangeDialog)
    assert isinstance(dialog, DueChangeDialog)
    qtbot.keyClicks(dialog.due.line_edit, "7-12")  # the date it already has
    qtbot.keyClick(dialog.due.line_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "heeft deze termijn al" in dialog.error.text()
    dialog.due.setText("+3")
    assert dialog.due.preview.text().startswith("→ do 10 dec 2026")
    qtbot.keyClicks(dialog.note, "Aanbieder met vakantie")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    changed = action_rows.get_action(demo_store, action.id)
    assert changed.due_on.isoformat() == "2026-12-10"
    assert changed.times_postponed == 1
    assert "10-12-2026" in live.case.action_model.data(live.case.action_model.index(0, 3))


def test_moving_a_due_date_earlier_asks_first(qtbot: QtBot, live: LiveWindow,
                                              demo_store: Store) -> None:
    """Issue 17, stumble 5: a date moved earlier happened without a warning."""
    action = live.items[0].actions[0]
    dialog = live.recorder.change_due()
    assert isinstance(dialog, DueChangeDialog)
    qtbot.keyClicks(dialog.due.line_edit, "morgen")
    qtbot.keyClick(dialog.due.line_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "24-11-2026 is eerder dan de huidige termijn 07-12-2026" in dialog.error.text()
    assert action_rows.get_action(demo_store, action.id).due_on.isoformat() == "2026-12-07"
    qtbot.keyClick(dialog.due.line_edit, Qt.Key.Key_Return)  # the second Enter confirms
    assert not dialog.isVisible()
    assert action_rows.get_action(demo_store, action.id).due_on.isoformat() == "2026-11-24"


def test_discussed_toggle_and_attendance_dialog(qtbot: QtBot, live: LiveWindow,
                                                demo_store: Store) -> None:
    qtbot.keyClick(live, Qt.Key.Key_B, CTRL)
    assert live.items[0].item.discussed
    qtbot.keyClick(live, Qt.Key.Key_B, CTRL)
    assert not live.items[0].item.discussed
    qtbot.keyClick(live, Qt.Key.Key_A, CTRL | SHIFT)
    dialog = _dialog(AttendanceDialog)
    assert isinstance(dialog, AttendanceDialog)
    table = dialog.attendance.table
    table.setFocus()
    table.selectRow(1)
    qtbot.keyClick(table, Qt.Key.Key_3)
    info = meetings.get_meeting(demo_store, live.meeting_id)
    assert info.invitees[1].attendance.value == "excused"
    assert live.data.meeting.invitees[1].attendance.value == "excused"
    assert len([o for o in live.data.owners if o.present and o.contact_id is None]) == 5
    dialog.accept()


def test_enter_in_the_attendance_dialog_closes_it(qtbot: QtBot, live: LiveWindow,
                                                  demo_store: Store) -> None:
    """Issue 17, stumble 2: Enter marked the chosen organisation present (an excused one
    silently became present); now Enter is "Klaar" and only 1/2/3 change attendance."""
    dialog = live.recorder.edit_attendance()
    assert isinstance(dialog, AttendanceDialog)
    dialog.activateWindow()
    qtbot.wait_until(dialog.isActiveWindow)
    table = dialog.attendance.table
    table.setFocus()
    table.selectRow(1)
    qtbot.keyClick(table, Qt.Key.Key_3)  # excused; the choice moves to the next row
    table.selectRow(1)
    before = [i.attendance for i in meetings.get_meeting(demo_store, live.meeting_id).invitees]
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    after = [i.attendance for i in meetings.get_meeting(demo_store, live.meeting_id).invitees]
    assert after == before
    assert after[1].value == "excused"


def test_close_meeting_from_the_live_screen(qtbot: QtBot, live: LiveWindow,
                                            demo_store: Store) -> None:
    """Issue 17, build 2: one key from "Overleg sluiten" to the minutes on screen, on one
    pseudonymised Afronden screen with the action lists beside them."""
    live.names_button.setChecked(True)  # names shown during the meeting
    box = live.recorder.close_meeting()
    assert box is not None
    assert "13 agendapunten zijn niet besproken" in box.text()
    box.activateWindow()
    qtbot.wait_until(box.isActiveWindow)
    with qtbot.wait_signal(live.meeting_closed):
        qtbot.keyClick(box, Qt.Key.Key_Return)  # the one key
    assert meetings.get_meeting(demo_store, live.meeting_id).locked
    assert live.closing_summary is not None
    assert live.closing_summary.undiscussed_items == 13
    assert live_meeting.live_meeting(demo_store, live.meeting_id).meeting.locked
    wrap_up = live.wrap_up
    assert wrap_up is not None
    assert live.pages.currentWidget() is wrap_up
    assert not live.show_names  # the projector shows no names after closing
    qtbot.wait_until(lambda: wrap_up.ready, timeout=20_000)
    assert wrap_up.shown is not None
    assert wrap_up.shown.organisation_id is None  # the minutes first
    assert wrap_up.shown.pdf.page_count >= 1
    assert not wrap_up.shown.document.with_names
    assert "gepseudonimiseerd" in wrap_up.status.text()
    listed = [wrap_up.documents.item(n).text() for n in range(wrap_up.documents.count())]
    assert listed[0] == "Verslag met besluiten- en actielijst"
    assert any(text.startswith("Actielijst Hoorn (") for text in listed)
    first = live.items[0].case
    assert first is not None
    assert all(first.given_names not in text for text in listed)
    # An action list on screen; Esc leaves.
    live.activateWindow()
    qtbot.wait_until(live.isActiveWindow)
    wrap_up.documents.setCurrentRow(next(n for n, text in enumerate(listed)
                                         if text.startswith("Actielijst Hoorn")))
    qtbot.keyClick(wrap_up.documents, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: wrap_up.ready and wrap_up.shown is not None
                     and wrap_up.shown.organisation_id is not None, timeout=20_000)
    assert wrap_up.shown.document.kind == "actielijst"
    with qtbot.wait_signal(live.left):
        qtbot.keyClick(wrap_up.documents, Qt.Key.Key_Escape)
    assert not live.isVisible()


@pytest.mark.slow
@pytest.mark.parametrize("scale", ["1", "1.25"])
def test_the_live_window_fits_1366_by_768_at_100_and_125_percent(scale: str) -> None:
    """Issue 17, stumble 10: at 125 % scaling the live window was taller than the screen.
    The screen's scaling is set before Qt starts, so a program of its own measures it."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    environment = {**os.environ, "QT_SCALE_FACTOR": scale, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "tests.gui.meetings.scaled_probe"],
                            cwd=root, env=environment, capture_output=True, text=True,
                            timeout=120, check=True)
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert measured["ratio"] == float(scale)
    assert measured["width"] <= 1366
    assert measured["height"] <= 768 - 40  # room for a task bar


def test_a_due_date_on_a_weekend_or_holiday_is_pointed_out(qtbot: QtBot,
                                                          live: LiveWindow) -> None:
    """Issue 17, stumble 9: "morgen" or a weekday that lands on a weekend or holiday gave no
    hint; "over 5 werkdagen" (the preview's own wording) was refused."""
    dialog = live.recorder.add_action()
    assert isinstance(dialog, ActionDialog)
    qtbot.keyClicks(dialog.due.line_edit, "zaterdag")
    assert dialog.due.preview.text() == \
        "→ za 28 nov 2026 (over 4 werkdagen) — let op: dat is een zaterdag"
    dialog.due.setText("25-12")
    assert dialog.due.preview.text().endswith("let op: dat is eerste kerstdag, een feestdag")
    dialog.due.setText("over 5 werkdagen")
    assert dialog.due.preview.text() == "→ ma 30 nov 2026 (over 5 werkdagen)"
    dialog.reject()


def test_the_keyboard_never_rests_on_a_button(qtbot: QtBot, live: LiveWindow) -> None:
    """Found in the real window: on a case without actions the focus fell to a button in the
    top bar, where a stray Space would press it (show names, undo)."""
    from PySide6.QtWidgets import QAbstractButton

    live.activateWindow()
    qtbot.wait_until(live.isActiveWindow)
    assert QApplication.focusWidget() is live.case.actions_view  # case 1 has an action
    qtbot.keyClick(live, Qt.Key.Key_PageDown)  # case 2 has none
    assert not live.items[1].actions
    assert not isinstance(QApplication.focusWidget(), QAbstractButton)
    assert QApplication.focusWidget() is live.case
    qtbot.keyClick(live.case, Qt.Key.Key_Space)
    assert not live.show_names


def test_the_afronden_screen_prints_and_saves_what_it_shows(qtbot: QtBot, live: LiveWindow,
                                                            tmp_path: Path) -> None:
    """Build 2: the minutes on screen are printable and every action list is ready to send,
    pseudonymised, saved one by one or all at once."""
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    live.recorder.confirm_close()
    wrap_up = live.wrap_up
    assert wrap_up is not None
    qtbot.wait_until(lambda: wrap_up.ready, timeout=20_000)
    saved = wrap_up.save_shown(tmp_path / "verslag")
    assert saved is not None
    assert saved.suffix == ".pdf"
    assert PdfReader(saved).pages
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "afdruk.pdf"))
    assert wrap_up.print_shown(printer) == len(PdfReader(saved).pages)
    running = wrap_up.save_all(tmp_path / "actielijsten")
    assert running is not None
    with qtbot.wait_signal(running.finished, timeout=20_000):
        pass
    written = sorted(p.name for p in (tmp_path / "actielijsten").glob("*.pdf"))
    assert written
    assert all(name.startswith("acties-") for name in written)
    assert "actielijst" in wrap_up.status.text()
    live.close()
