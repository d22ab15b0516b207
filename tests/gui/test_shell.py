"""The shell and the change notice: after each kind of change made in the GUI, every page shows
what a freshly built page would show (demo loaded, case saved, action recorded, meeting closed,
escalation sent, settings changed)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QAbstractItemModel, QSettings, Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from expertteam.domain.enums import ActionStatus, MeetingStatus
from expertteam.domain.escalation import EscalationStatus
from expertteam.gui.escalations.dialogs import DatedNoteDialog
from expertteam.gui.escalations.register_page import EscalationRegisterPage
from expertteam.gui.escalations.signals_page import SignalsPage
from expertteam.gui.main_window import MainWindow
from expertteam.gui.meetings.dialogs import TextDialog
from expertteam.gui.meetings.meetings_page import MeetingsPage
from expertteam.gui.meetings.overview import ActionOverviewPage
from expertteam.gui.monitor.dashboard_page import DashboardPage
from expertteam.gui.pages import PAGES, PageKey
from expertteam.gui.register_view import RegisterPage
from expertteam.gui.settings_dialog import SettingsDialog
from expertteam.services import escalation_drafts, escalations, meetings, signals
from expertteam.services.store import Store
from tests.gui.conftest import open_window

pytestmark = pytest.mark.slow  # a whole flow through the GUI or program; make test-fast skips it

Rows = list[tuple[str, ...]]


def _rows(model: QAbstractItemModel) -> Rows:
    return [tuple(str(model.index(row, column).data(Qt.ItemDataRole.DisplayRole) or "")
                  for column in range(model.columnCount())) for row in range(model.rowCount())]


def _register(page: QWidget) -> object:
    assert isinstance(page, RegisterPage)
    return _rows(page.model)


def _dashboard(page: QWidget) -> object:
    assert isinstance(page, DashboardPage)
    return sorted((key, tile.value_label.text(), tile.detail_label.text())
                  for key, tile in page.tiles.items())


def _meetings(page: QWidget) -> object:
    assert isinstance(page, MeetingsPage)
    status = page.meeting.status if page.meeting is not None else None
    return _rows(page.list_model), status


def _actions(page: QWidget) -> object:
    assert isinstance(page, ActionOverviewPage)
    return _rows(page.model), page.count.text()


def _signals(page: QWidget) -> object:
    assert isinstance(page, SignalsPage)
    return _rows(page.model), page.open_count


def _escalations(page: QWidget) -> object:
    assert isinstance(page, EscalationRegisterPage)
    return _rows(page.model)


# What each page shows, and how to build a fresh one to compare with. The monitor computes in a
# worker thread and is covered by tests/gui/test_monitor_pages.py.
SHOWN: dict[PageKey, tuple[Callable[[QWidget], object], Callable[[Store], QWidget]]] = {
    PageKey.DASHBOARD: (_dashboard, DashboardPage),
    PageKey.REGISTER: (_register, RegisterPage),
    PageKey.MEETINGS: (_meetings, MeetingsPage),
    PageKey.ACTIONS: (_actions, ActionOverviewPage),
    PageKey.SIGNALS: (_signals, SignalsPage),
    PageKey.ESCALATIONS: (_escalations, EscalationRegisterPage),
}


def _fresh(qtbot: QtBot, key: PageKey, store: Store, hide_names: bool) -> QWidget:
    page = SHOWN[key][1](store)
    qtbot.add_widget(page)
    if isinstance(page, RegisterPage | MeetingsPage | ActionOverviewPage):
        page.set_hide_names(hide_names)
    page.show()  # a page reads its data when it is first shown
    if isinstance(page, RegisterPage):
        page.reload()  # the shell reads the register when it builds the window
    return page


def assert_pages_current(qtbot: QtBot, window: MainWindow) -> None:
    """Walk every page, the way a user clicks through the navigation."""
    hide = window.menu_actions.hide_names.isChecked()
    for key, (shown, _build) in SHOWN.items():
        page = window.show_page(key)
        fresh = _fresh(qtbot, key, window.store, hide)
        assert shown(page) == shown(fresh), f"page {key} is stale"
        fresh.close()
    open_count = len([row for row in signals.current_signals(window.store)])
    titles = [window.navigation.item(n).text() for n in range(window.navigation.count())]
    assert (f"Signalen ({open_count})" if open_count else "Signalen") in titles


@pytest.fixture
def empty_window(qtbot: QtBot, store: Store, settings: QSettings) -> Iterator[MainWindow]:
    window = open_window(qtbot, store, settings)
    for spec in PAGES:  # every page has been looked at once, with nothing in it
        window.show_page(spec.key)
    yield window
    if window.commands.case_editor is not None:
        window.commands.case_editor.ask_unsaved = lambda: QMessageBox.StandardButton.Discard


def test_every_page_is_current_after_each_kind_of_change(qtbot: QtBot,
                                                         empty_window: MainWindow) -> None:
    window = empty_window
    store = window.store
    pages = window.pages

    # The demo region.
    window.show_page(PageKey.REGISTER)
    assert window.commands.load_demo()
    assert_pages_current(qtbot, window)
    assert pages.meetings.list_model.rowCount() == 3
    assert pages.actions.model.rowCount() > 0
    assert "Westfriesland" in window.windowTitle()

    # A case saved in the editor.
    editor = window.commands.new_case()
    qtbot.keyClicks(editor.ui.givenNamesEdit, "Ilse")
    qtbot.keyClicks(editor.ui.surnameEdit, "Vos")
    editor.ui.saveButton.click()
    editor.reject()
    assert_pages_current(qtbot, window)

    # An action recorded as done on the action overview.
    page = window.show_page(PageKey.ACTIONS)
    assert isinstance(page, ActionOverviewPage)
    page.table.selectRow(0)
    dialog = page.change_status(ActionStatus.DONE)
    assert isinstance(dialog, TextDialog)
    qtbot.keyClicks(dialog.editor, "Gedaan")
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)
    assert_pages_current(qtbot, window)

    # The planned meeting held and closed.
    page = window.show_page(PageKey.MEETINGS)
    assert isinstance(page, MeetingsPage)
    planned = next(m for m in meetings.list_meetings(store) if m.status is MeetingStatus.PLANNED)
    page.reload(select_id=planned.id)
    live = page.start_meeting()
    assert live is not None
    qtbot.add_widget(live)
    live.close()
    box = page.close_meeting()
    assert box is not None
    next(b for b in box.buttons()
         if box.buttonRole(b) is QMessageBox.ButtonRole.AcceptRole).click()
    assert meetings.get_meeting(store, planned.id).status is MeetingStatus.CLOSED
    assert page.live is not None
    wrap_up = page.live.wrap_up  # the Afronden screen opens in the live screen's window
    assert wrap_up is not None
    qtbot.wait_until(lambda: wrap_up.ready, timeout=20_000)
    page.live.close()
    assert_pages_current(qtbot, window)

    # An escalation sent (drafted from a signal, then marked as sent in the register).
    row = next(r for r in signals.current_signals(store) if not r.dismissed)
    draft = escalations.create_escalation(store, escalation_drafts.draft_from_signal(
        store, row.signal.key))
    register = window.show_page(PageKey.ESCALATIONS)
    assert isinstance(register, EscalationRegisterPage)
    register.reload()
    assert register.select(draft.id)
    sent = register.change_status(EscalationStatus.SENT)
    assert isinstance(sent, DatedNoteDialog)
    assert sent.submit()
    assert_pages_current(qtbot, window)

    # Settings changed: stricter criteria make other signals.
    settings = window.commands.open_settings()
    assert isinstance(settings, SettingsDialog)
    settings.criteria.overdue.setValue(1)
    assert settings.apply()
    settings.close()
    assert_pages_current(qtbot, window)
