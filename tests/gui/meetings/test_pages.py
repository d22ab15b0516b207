"""The meetings page and the action overview inside the main window."""

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from expertteam.domain.enums import ActionStatus, Attendance, MeetingStatus
from expertteam.gui.main_window import MainWindow
from expertteam.gui.meetings.dialogs import TextDialog
from expertteam.gui.meetings.meetings_page import MeetingsPage
from expertteam.gui.meetings.meetings_view import RECORD_TAB
from expertteam.gui.meetings.models import ActionColumn, AgendaColumn
from expertteam.gui.meetings.overview import ActionOverviewPage
from expertteam.gui.meetings.plan_dialogs import MeetingDialog
from expertteam.services import (
    action_rows,
    actions,
    agenda,
    agenda_proposal,
    meetings,
    term_settings,
)
from expertteam.services.actions import ActionInput
from expertteam.services.store import Store
from tests.conftest import TODAY, pin_day
from tests.meeting_helpers import org_ids, plan, start_with_agenda

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def _page(window: MainWindow) -> MeetingsPage:
    page = window.show_page("meetings")
    assert isinstance(page, MeetingsPage)
    return page


def _accept(box: QMessageBox) -> None:
    accept = next(b for b in box.buttons()
                  if box.buttonRole(b) is QMessageBox.ButtonRole.AcceptRole)
    accept.click()


def test_pages_are_in_the_main_window(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert window.current_page_key() == "meetings"
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    assert window.current_page_key() == "actions"
    titles = [window.navigation.item(n).text() for n in range(window.navigation.count())]
    position = titles.index("Overleggen")
    assert titles[position - 1:position + 2] == ["Casusregister", "Overleggen", "Acties"]
    page = _page(window)
    assert page.empty.isVisible()
    assert "Nog geen overleggen" in page.empty.text()


def test_plan_meeting_fills_the_proposed_agenda(qtbot: QtBot, window: MainWindow,
                                                demo_store: Store) -> None:
    page = _page(window)
    dialog = page.plan_meeting()
    assert isinstance(dialog, MeetingDialog)
    assert dialog.held_on.date() == TODAY
    qtbot.keyClicks(dialog.starts_at, "930")
    qtbot.keyClicks(dialog.place, "Gemeentehuis Hoorn")
    qtbot.keyClicks(dialog.chair, "Marleen de Boer")
    assert dialog.invitees is not None
    for row in range(dialog.invitees.count()):
        item = dialog.invitees.item(row)
        if item.text().startswith(("Hoorn", "Jeugdbescherming Noord", "GGZ Jong")):
            item.setCheckState(Qt.CheckState.Checked)
    qtbot.keyClick(dialog.place, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert page.meeting is not None
    assert page.meeting.place == "Gemeentehuis Hoorn"
    assert page.meeting.starts_at is not None
    assert page.meeting.starts_at.hour == 9
    assert len(page.meeting.invitees) == 3
    assert page.agenda_editor.model.rowCount() == 13
    assert page.header.title.text() == "Overleg 23-11-2026, 09:30 — Gemeentehuis Hoorn · Gepland"
    assert page.header.start_button.isVisible()
    assert not page.header.close_button.isVisible()
    # A second meeting starts from the first: its invitees, place and a date two weeks on.
    second = page.plan_meeting()
    assert isinstance(second, MeetingDialog)
    assert second.held_on.date() == TODAY + timedelta(days=14)
    assert second.place.text() == "Gemeentehuis Hoorn"
    assert second.invitees is not None
    checked = [second.invitees.item(n).text().split("  (")[0]
               for n in range(second.invitees.count())
               if second.invitees.item(n).checkState() == Qt.CheckState.Checked]
    assert sorted(checked) == ["GGZ Jong Westfriesland", "Hoorn", "Jeugdbescherming Noord"]
    second.reject()


def test_agenda_editor_reorders_drops_and_undoes(qtbot: QtBot, window: MainWindow,
                                                 demo_store: Store) -> None:
    meeting = plan(demo_store)
    items = agenda.fill_agenda(demo_store, meeting.id).agenda
    page = _page(window)
    page.reload(select_id=meeting.id)
    editor = page.agenda_editor
    table = editor.table
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Down, ALT)
    order = [i.id for i in agenda.list_agenda(demo_store, meeting.id)]
    assert order[:2] == [items[1].id, items[0].id]
    assert table.currentIndex().row() == 1
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert editor.model.data(editor.model.index(1, AgendaColumn.STATE)) == "Geschrapt"
    assert "1 geschrapt" in editor.summary.text()
    page.undo_action.trigger()
    assert editor.model.data(editor.model.index(1, AgendaColumn.STATE)) == "Nog niet besproken"
    page.undo_action.trigger()
    assert [i.id for i in agenda.list_agenda(demo_store, meeting.id)][:2] == [
        items[0].id, items[1].id]
    page.redo_action.trigger()
    assert next(i.id for i in agenda.list_agenda(demo_store, meeting.id)) == items[1].id
    assert editor.fill_from_proposal() == 0  # everything proposed is on it already


def test_agenda_editor_tells_what_the_proposal_limit_left_for_the_next_fill(
        qtbot: QtBot, window: MainWindow, demo_store: Store) -> None:
    term_settings.set_proposal_limit(demo_store, 5)
    meeting = plan(demo_store)
    page = _page(window)
    page.reload(select_id=meeting.id)
    editor = page.agenda_editor
    total = len(agenda_proposal.propose_agenda(demo_store, meeting.id))
    assert total > 5
    qtbot.mouseClick(editor.propose_button, Qt.MouseButton.LeftButton)
    assert editor.model.rowCount() == 5
    assert "5 punten op de agenda" in editor.summary.text()
    left = total - 5
    assert f"nog {left} casus" in editor.summary.text()
    while editor.fill_from_proposal():
        pass
    assert editor.model.rowCount() == total
    assert "voorgesteld" not in editor.summary.text()


def test_attendance_by_keys_then_start_close_and_addendum(qtbot: QtBot, window: MainWindow,
                                                          demo_store: Store) -> None:
    meeting = plan(demo_store)
    agenda.fill_agenda(demo_store, meeting.id)
    page = _page(window)
    page.reload(select_id=meeting.id)
    table = page.attendance.table
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_1)
    assert table.currentIndex().row() == 1  # on to the next invitee
    qtbot.keyClick(table, Qt.Key.Key_3)
    page.attendance.all_present.click()
    info = meetings.get_meeting(demo_store, meeting.id)
    assert [i.attendance for i in info.invitees][:3] == [
        Attendance.PRESENT, Attendance.EXCUSED, Attendance.PRESENT]
    assert Attendance.UNKNOWN not in {i.attendance for i in info.invitees}

    live = page.start_meeting()
    assert live is not None
    qtbot.add_widget(live)
    assert live.isVisible()
    assert page.meeting is not None
    assert page.meeting.status is MeetingStatus.IN_PROGRESS
    live.close()
    assert page.header.close_button.isVisible()
    box = page.close_meeting()
    assert box is not None
    assert "13 agendapunten zijn niet besproken" in box.text()
    _accept(box)
    wrap_up = live.wrap_up  # the Afronden screen opens in the live screen's window
    assert wrap_up is not None
    assert live.isVisible()
    qtbot.wait_until(lambda: wrap_up.ready, timeout=20_000)
    live.close()
    assert page.meeting is not None
    assert page.meeting.status is MeetingStatus.CLOSED
    assert page.tabs.currentIndex() == RECORD_TAB
    assert "Gesloten" in page.header.banner.text()
    assert not page.header.edit_button.isEnabled()
    assert not page.agenda_editor.propose_button.isEnabled()
    assert not page.attendance.buttons[Attendance.ABSENT].isEnabled()
    record = page.record
    assert record.addendum_button.isVisible()
    dialog = page.add_addendum()
    assert isinstance(dialog, TextDialog)
    qtbot.keyClicks(dialog.editor, "Veilig Thuis was ook aanwezig.")
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, CTRL)
    assert not dialog.isVisible()
    assert record.version.count() == 2
    assert "Veilig Thuis was ook aanwezig." in record.browser.toPlainText()
    record.version.setCurrentIndex(1)  # version 1, as closed
    assert "Veilig Thuis was ook aanwezig." not in record.browser.toPlainText()
    assert "niet besproken, schuift door" in record.browser.toPlainText()


def test_action_overview_filters_marks_overdue_and_changes_status(
        qtbot: QtBot, window: MainWindow, demo_store: Store) -> None:
    ids = org_ids(demo_store)
    _meeting, items = start_with_agenda(demo_store)
    pin_day(TODAY - timedelta(days=14))
    late = actions.create_action(demo_store, ActionInput(
        items[0].case_id or 0, "Plek zoeken", ids["Hoorn"], due_on=TODAY - timedelta(days=3)))
    pin_day(TODAY)
    other = actions.create_action(demo_store, ActionInput(
        items[1].case_id or 0, "Intake plannen", ids["GGZ Jong Westfriesland"]))
    page = window.show_page("actions")
    assert isinstance(page, ActionOverviewPage)
    page.reload()
    assert page.model.rowCount() == 2
    assert page.count.text() == "2 acties · 2 actiehouders · 1 verlopen"
    row = page.model.row_of(late.id)
    assert row is not None
    assert page.model.data(page.model.index(row, ActionColumn.OVERDUE)).startswith("! Verlopen")
    page.overdue_only.setChecked(True)
    assert [a.id for a in page.model.actions()] == [late.id]
    page.overdue_only.setChecked(False)
    page.owner.setCurrentIndex(page.owner.findText("GGZ Jong Westfriesland"))
    assert [a.id for a in page.model.actions()] == [other.id]
    page.owner.setCurrentIndex(0)
    page.table.setFocus()
    page.table.selectRow(page.model.row_of(late.id) or 0)
    assert "Plek zoeken" in page.history_label.text()
    assert page.history_model.rowCount() == 1
    qtbot.keyClick(page.table, Qt.Key.Key_Return, CTRL)
    dialog = next(w for w in page.findChildren(TextDialog) if w.isVisible())
    qtbot.keyClicks(dialog.editor, "Plek gevonden")
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)
    assert action_rows.get_action(demo_store, late.id).status is ActionStatus.DONE
    assert [a.id for a in page.model.actions()] == [other.id]  # open ones only
    page.status.setCurrentIndex(page.status.findData("all"))
    assert page.model.rowCount() == 2
    page.table.selectRow(page.model.row_of(late.id) or 0)
    assert page.history_model.rowCount() == 2
    assert page.reopen_button.isEnabled()
    assert not page.done_button.isEnabled()
