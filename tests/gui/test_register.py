"""The register window: model, filter-as-you-type, combos, sorting, overdue marks, shortcuts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from expertteam.domain.enums import CaseStatus, OrganisationKind
from expertteam.domain.search import fold
from expertteam.gui import app as gui_app
from expertteam.gui.changes import Change, follow_changes, notice_for
from expertteam.gui.main_window import MainWindow
from expertteam.gui.register_filter import RegisterFilterProxy
from expertteam.gui.register_model import RegisterColumn, RegisterModel, RegisterRole
from expertteam.services import case_register, organisations
from expertteam.services.store import Store
from tests.conftest import TODAY
from tests.gui.conftest import open_window


def _column(window: MainWindow, column: RegisterColumn) -> list[str]:
    proxy = window.pages.register.proxy
    return [str(proxy.index(row, column).data()) for row in range(proxy.rowCount())]


def test_model_passes_qt_model_tester(qtmodeltester: ModelTester, demo_store: Store) -> None:
    model = RegisterModel()
    model.set_rows(case_register.list_register(demo_store), TODAY)
    qtmodeltester.check(model)
    proxy = RegisterFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_text("hoorn")
    qtmodeltester.check(proxy)


def test_register_shows_every_case_with_its_columns(window: MainWindow,
                                                    demo_store: Store) -> None:
    rows = case_register.list_register(demo_store)
    proxy = window.pages.register.proxy
    assert proxy.rowCount() == len(rows) == 15
    headers = [proxy.headerData(c, Qt.Orientation.Horizontal) for c in RegisterColumn]
    assert headers == ["Casusnummer", "Kind", "Gemeente", "GI", "Wacht op", "Dagen", "Status",
                       "Volgende termijn", "Verlopen"]
    assert "Noël de Vries" in _column(window, RegisterColumn.CHILD)
    assert window.count_label.text() == "15 casussen"


def test_typing_a_filter_narrows_the_register(qtbot: QtBot, window: MainWindow,
                                              demo_store: Store) -> None:
    expected = [r.case_number for r in case_register.list_register(demo_store)
                if r.municipality_name == "Hoorn"]
    qtbot.keyClicks(window.pages.register.filter_edit, "hoorn")
    assert sorted(_column(window, RegisterColumn.CASE_NUMBER)) == sorted(expected)
    assert set(_column(window, RegisterColumn.MUNICIPALITY)) == {"Hoorn"}
    assert window.count_label.text() == f"{len(expected)} van 15 casussen getoond"
    window.pages.register.filter_edit.clear()
    assert window.pages.register.proxy.rowCount() == 15


def test_filter_ignores_accents_and_searches_blockers(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.pages.register.filter_edit, "noel de")
    assert _column(window, RegisterColumn.CHILD) == ["Noël de Vries"]
    window.pages.register.filter_edit.clear()
    qtbot.keyClicks(window.pages.register.filter_edit, "opnamestop")
    assert _column(window, RegisterColumn.CHILD) == ["Daan Visser"]
    window.pages.register.filter_edit.clear()
    qtbot.keyClicks(window.pages.register.filter_edit, "zzz-niets")
    assert window.pages.register.proxy.rowCount() == 0


def test_status_gemeente_and_gi_combos_filter(window: MainWindow, demo_store: Store) -> None:
    page = window.pages.register
    rows = case_register.list_register(demo_store)
    page.status_combo.setCurrentIndex(page.status_combo.findData(CaseStatus.CLOSED.value))
    assert set(_column(window, RegisterColumn.STATUS)) == {"Afgesloten"}
    assert page.proxy.rowCount() == sum(r.status is CaseStatus.CLOSED for r in rows)
    page.status_combo.setCurrentIndex(page.status_combo.findData("open"))
    assert "Afgesloten" not in _column(window, RegisterColumn.STATUS)
    gi = next(o for o in organisations.list_organisations(demo_store, (OrganisationKind.GI,))
              if o.name == "Jeugdbescherming Noord")
    page.gi_combo.setCurrentIndex(page.gi_combo.findData(gi.id))
    assert set(_column(window, RegisterColumn.GI)) == {"Jeugdbescherming Noord"}
    expected = sum(r.gi_id == gi.id and r.status is not CaseStatus.CLOSED for r in rows)
    assert page.proxy.rowCount() == expected
    hoorn = page.municipality_combo.findText("Hoorn")
    page.municipality_combo.setCurrentIndex(hoorn)
    assert set(_column(window, RegisterColumn.MUNICIPALITY)) <= {"Hoorn"}
    page.clear_filters()
    assert page.proxy.rowCount() == 15


def test_clicking_a_header_sorts(qtbot: QtBot, window: MainWindow) -> None:
    table = window.pages.register.table
    header = table.horizontalHeader()
    column = RegisterColumn.DAYS_WAITING
    qtbot.wait_until(lambda: header.sectionSize(column) > 20)
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    with qtbot.wait_signal(header.sortIndicatorChanged):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(x, header.height() // 2))
    assert header.sortIndicatorSection() == column
    days = [int(d) for d in _column(window, RegisterColumn.DAYS_WAITING) if d]
    ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert days == sorted(days, reverse=not ascending)
    table.sortByColumn(RegisterColumn.CHILD, Qt.SortOrder.AscendingOrder)
    names = _column(window, RegisterColumn.CHILD)
    assert names == sorted(names, key=str.casefold)
    # Filtering keeps the sort order.
    qtbot.keyClicks(window.pages.register.filter_edit, "e")
    filtered = _column(window, RegisterColumn.CHILD)
    assert filtered == sorted(filtered, key=str.casefold)


def test_overdue_rows_have_colour_text_and_a_tooltip(window: MainWindow,
                                                     demo_store: Store) -> None:
    page = window.pages.register
    overdue = {r.case_number: r for r in case_register.list_register(demo_store) if r.overdue}
    assert overdue
    proxy = page.proxy
    for row in range(proxy.rowCount()):
        number = proxy.index(row, RegisterColumn.CASE_NUMBER).data()
        flag = proxy.index(row, RegisterColumn.OVERDUE)
        background = proxy.index(row, RegisterColumn.CHILD).data(
            Qt.ItemDataRole.BackgroundRole)
        if number in overdue:
            assert "!" in flag.data()
            assert background is not None
            tooltip = flag.data(Qt.ItemDataRole.ToolTipRole)
            for term in overdue[number].overdue_terms:
                assert term.kind.label in tooltip
            assert flag.data(RegisterRole.OVERDUE) is True
        else:
            assert flag.data() == ""
            assert background is None


def test_hide_names_shows_pseudonyms_and_searches_them(qtbot: QtBot, window: MainWindow,
                                                       settings: QSettings) -> None:
    window.menu_actions.hide_names.trigger()
    children = _column(window, RegisterColumn.CHILD)
    assert "Noël de Vries" not in children
    assert any(text.startswith("N.V.") for text in children)
    qtbot.keyClicks(window.pages.register.filter_edit, "vries")
    assert window.pages.register.proxy.rowCount() == 0  # names are not searchable when hidden
    window.pages.register.filter_edit.clear()
    qtbot.keyClicks(window.pages.register.filter_edit, "n.v.")
    assert window.pages.register.proxy.rowCount() == 1
    assert settings.value("view/hide_names") in (True, "true")


def test_shortcuts_open_editor_and_focus_filter(qtbot: QtBot, window: MainWindow) -> None:
    window.pages.register.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.pages.register.filter_edit
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.commands.case_editor
    assert editor is not None
    assert editor.isVisible()
    assert editor.detail is None
    editor.reject()
    qtbot.wait_until(lambda: window.commands.case_editor is None)


def test_enter_on_a_row_opens_that_case(qtbot: QtBot, window: MainWindow) -> None:
    page = window.pages.register
    qtbot.keyClicks(page.filter_edit, "chlo")
    page.table.setFocus()
    page.table.setCurrentIndex(page.proxy.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    editor = window.commands.case_editor
    assert editor is not None
    assert editor.detail is not None
    assert editor.detail.given_names == "Chloë"


def test_a_case_created_in_the_editor_appears_selected(qtbot: QtBot, window: MainWindow) -> None:
    editor = window.commands.new_case()
    qtbot.keyClicks(editor.ui.givenNamesEdit, "Ilse")
    qtbot.keyClicks(editor.ui.surnameEdit, "Nieuwenhuis")
    editor.ui.saveButton.click()
    assert window.count_label.text() == "16 casussen"
    case_id = window.pages.register.current_case_id()
    assert editor.detail is not None
    assert case_id == editor.detail.id
    row = window.pages.register.table.currentIndex().row()
    assert window.pages.register.proxy.index(row, RegisterColumn.CHILD).data() == \
        "Ilse Nieuwenhuis"


def test_window_state_and_columns_survive_a_restart(qtbot: QtBot, demo_store: Store,
                                                    settings: QSettings) -> None:
    first = open_window(qtbot, demo_store, settings)
    first.pages.register.table.sortByColumn(RegisterColumn.DAYS_WAITING,
                                           Qt.SortOrder.DescendingOrder)
    first.pages.register.table.horizontalHeader().resizeSection(RegisterColumn.GI, 321)
    first.close()
    assert settings.contains("main_window/geometry")
    second = open_window(qtbot, demo_store, settings)
    header = second.pages.register.table.horizontalHeader()
    assert header.sectionSize(RegisterColumn.GI) == 321
    assert header.sortIndicatorSection() == RegisterColumn.DAYS_WAITING
    days = [int(d) for d in _column(second, RegisterColumn.DAYS_WAITING) if d]
    assert days == sorted(days, reverse=True)


def test_empty_database_offers_the_demo_region(qtbot: QtBot, store: Store, settings: QSettings,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, store, settings)
    assert window.pages.register.empty_label.isVisible()
    assert window.menu_actions.demo.isEnabled()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_args, **_kwargs: QMessageBox.StandardButton.Yes)
    assert window.commands.offer_demo() is True
    assert window.pages.register.proxy.rowCount() == 15
    assert not window.pages.register.empty_label.isVisible()
    assert not window.menu_actions.demo.isEnabled()
    assert "Westfriesland" in window.windowTitle()


def test_qt_standard_dialogs_speak_dutch(qapp: QApplication) -> None:
    previous_locale = QLocale()
    translators = gui_app.install_qt_translations(qapp)
    try:
        assert translators, "qtbase_nl.qm was not found"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuleren"
        assert QLocale().toString(20000) == "20.000"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        QLocale.setDefault(previous_locale)


def test_fold_makes_search_accent_and_case_blind() -> None:
    assert fold("Noël Anaïs KOÇ") == "noel anais koc"


class _ProbePage(QWidget):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.refreshed = 0
        follow_changes(self, store, Change.CASES)

    def refresh(self) -> None:
        self.refreshed += 1


def test_pages_are_refreshed_when_data_changes(qtbot: QtBot, window: MainWindow) -> None:
    probe = _ProbePage(window.store)
    window.add_page("probe", "Probe", probe)
    editor = window.commands.new_case()
    qtbot.keyClicks(editor.ui.givenNamesEdit, "Ilse")
    qtbot.keyClicks(editor.ui.surnameEdit, "Vos")
    with qtbot.wait_signal(notice_for(window.store).changed):
        editor.ui.saveButton.click()
    assert probe.refreshed == 0  # not showing: refreshed when it is shown
    window.show_page("probe")
    assert probe.refreshed == 1
    window.show_page("register")
    window.show_page("probe")
    assert probe.refreshed == 1  # nothing changed in between
    notice_for(window.store).announce(Change.CASES)
    assert probe.refreshed == 2  # showing: at once


def test_a_double_click_raises_the_open_editor_instead_of_a_second(qtbot: QtBot,
                                                                   window: MainWindow) -> None:
    """Issue 17, stumble 7: double-click (which also "activates" the row) opened two windows."""
    page = window.pages.register
    first = page.proxy.index(0, RegisterColumn.CHILD)
    page.table.setCurrentIndex(first)
    # What a double-click emits where the style activates rows on a double-click:
    page.table.doubleClicked.emit(first)
    page.table.activated.emit(first)
    editors = [w for w in QApplication.topLevelWidgets()
               if type(w).__name__ == "CaseEditor" and w.isVisible()]
    assert len(editors) == 1
    assert window.commands.editors == {page.current_case_id(): editors[0]}
    second = page.proxy.index(1, 0)
    page.table.setCurrentIndex(second)
    page.table.activated.emit(second)  # another case opens beside it
    assert len(window.commands.editors) == 2


def test_one_tab_from_the_search_field_to_the_results(qtbot: QtBot, window: MainWindow) -> None:
    """Issue 17, stumble 8: six Tabs from the register search to the results."""
    page = window.pages.register
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.filter_edit
    tabs = 0
    while QApplication.focusWidget() is not page.table and tabs < 10:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        tabs += 1
    assert tabs <= 2
