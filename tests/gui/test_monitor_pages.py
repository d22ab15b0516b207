from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCharts import QChartView, QLineSeries
from PySide6.QtCore import QSettings, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from expertteam.domain import tables as t
from expertteam.gui.main_window import MainWindow
from expertteam.gui.monitor.dashboard_page import DashboardPage
from expertteam.gui.monitor.monitor_page import MonitorPage
from expertteam.gui.monitor.table_model import MonitorRole, ShownTableModel
from expertteam.gui.pages import PageKey
from expertteam.gui.shell import build_main_window
from expertteam.services import case_register, monitor
from expertteam.services.store import Store
from tests.conftest import TODAY


def _monitor_page(qtbot: QtBot, window: MainWindow) -> MonitorPage:
    page = window.pages.monitor
    with qtbot.wait_signal(page.report_ready, timeout=20000):
        window.show_page(PageKey.MONITOR)
    return page


def test_dashboard_is_the_start_page(qtbot: QtBot, demo_store: Store,
                                     settings: QSettings) -> None:
    main = build_main_window(demo_store, settings)
    qtbot.add_widget(main)
    main.show()
    assert main.current_page_key() == PageKey.DASHBOARD
    assert main.navigation.item(0).text() == "Overzicht"
    page = main.pages.dashboard
    assert page.heading.text() == "Overzicht — maandag 23 november 2026"
    assert "waiting_passende_jeugdhulp" in page.tiles


def _dashboard(window: MainWindow) -> DashboardPage:
    window.show_page(PageKey.DASHBOARD)
    return window.pages.dashboard


def test_a_tile_leads_to_the_cases_behind_it(qtbot: QtBot, window: MainWindow,
                                             demo_store: Store) -> None:
    page = _dashboard(window)
    tile = page.tiles["waiting_passende_jeugdhulp"]
    assert tile.value_label.text() == "11"
    assert "mediaan 96 dagen" in tile.detail_label.text()
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "register"
    register = window.pages.register
    shown = {register.proxy.case_id(row) for row in range(register.proxy.rowCount())}
    assert shown == set(tile.figure.case_ids)
    assert len(shown) == 11
    assert register.selection_bar.isVisible()
    assert "Wachten op passende jeugdhulp" in register.selection_label.text()
    qtbot.mouseClick(register.show_all_button, Qt.MouseButton.LeftButton)
    assert register.proxy.rowCount() == len(case_register.list_register(demo_store))
    assert not register.selection_bar.isVisible()


def test_keyboard_reaches_the_longest_waiting_child(qtbot: QtBot, window: MainWindow) -> None:
    page = _dashboard(window)
    tile = page.tiles["waiting_longest"]
    tile.setFocus()
    qtbot.keyClick(tile, Qt.Key.Key_Space)
    register = window.pages.register
    assert register.proxy.rowCount() == 1
    assert register.proxy.case_id(0) == tile.figure.case_ids[0]


def test_tiles_without_cases_cannot_be_chosen(qtbot: QtBot, demo_store: Store) -> None:
    page = DashboardPage(demo_store)
    qtbot.add_widget(page)
    page.refresh()
    meeting = page.tiles["meeting_next"]
    assert meeting.value_label.text() == "niet gepland"
    assert not meeting.isEnabled()
    requested: list[object] = []
    page.cases_requested.connect(lambda *args: requested.append(args))
    qtbot.mouseClick(meeting, Qt.MouseButton.LeftButton)
    assert requested == []
    assert page.tiles["escalations_open"].value_label.text() == "0"


def test_monitor_page_tables_charts_and_suppression(qtbot: QtBot, window: MainWindow) -> None:
    page = _monitor_page(qtbot, window)
    model = page.blocks["gi_gemeente"].model
    last = model.rowCount() - 1
    totals = [model.index(last, c).data() for c in range(2, 7)]
    assert totals == ["11", "2", "13", "6", "+7"]
    assert model.index(last, 4).data(MonitorRole.NUMBER) == 13
    assert "13 kinderen wachten" in page.summary_label.text()
    assert len(page.chart_views) == 3
    trend = page.chart_views[0]
    assert isinstance(trend, QChartView)
    lines = [s for s in trend.chart().series() if isinstance(s, QLineSeries)
             and type(s) is QLineSeries]
    assert [s.name() for s in lines] == ["Passende jeugdhulp", "Vaste jeugdbeschermer",
                                         "Totaal"]
    assert lines[2].at(lines[2].count() - 1).y() == 13
    page.suppress_box.setChecked(True)
    totals = [model.index(last, c).data() for c in range(2, 7)]
    assert totals == ["x", "<5", "13", "6", "+7"]
    hoorn = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == "Hoorn")
    assert model.index(hoorn, 2).data() == "<5"


def test_a_past_meetmoment_and_the_cases_behind_a_row(qtbot: QtBot,
                                                      window: MainWindow) -> None:
    page = _monitor_page(qtbot, window)
    with qtbot.wait_signal(page.report_ready, timeout=20000):
        page.period_bar.meetmoment_edit.setDate(date(2026, 9, 1))
        page.period_bar.previous_edit.setDate(date(2026, 6, 1))
    assert page.report is not None
    assert page.report.meetmoment == date(2026, 9, 1)
    expected = monitor.monitor_at(window.store, date(2026, 9, 1), date(2026, 6, 1))
    model = page.blocks["gemeente"].model
    last = model.rowCount() - 1
    total = expected.table("gemeente").total
    assert total is not None
    assert model.index(last, 3).data() == str(total.values[2])
    view = page.blocks["gemeente"].view
    first = model.index(0, 0)
    view.setCurrentIndex(first)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.current_page_key() == "register"
    register = window.pages.register
    shown = {register.proxy.case_id(row) for row in range(register.proxy.rowCount())}
    assert shown == set(expected.table("gemeente").rows[0].case_ids)


def test_unreadable_date_is_reported_not_computed(qtbot: QtBot, window: MainWindow) -> None:
    page = _monitor_page(qtbot, window)
    before = page.report
    page.period_bar.meetmoment_edit.line_edit.clear()
    qtbot.keyClicks(page.period_bar.meetmoment_edit.line_edit, "31-02-2026")
    page.compute()
    assert "geldig meetmoment" in page.status_label.text()
    assert page.report is before


def test_export_runs_in_the_background_and_writes_both_files(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    page = _monitor_page(qtbot, window)
    page.suppress_box.setChecked(True)
    pdf, xlsx = tmp_path / "m.pdf", tmp_path / "m.xlsx"
    with qtbot.wait_signal(page.export_finished, timeout=30000) as finished:
        page.export(pdf_path=pdf, xlsx_path=xlsx)
        assert not page.pdf_button.isEnabled()  # busy while the worker runs
    assert "afgeschermd" in str(finished.args[0])
    assert pdf.read_bytes().startswith(b"%PDF")
    sheet = load_workbook(xlsx)["Per gemeente"]
    assert sheet.freeze_panes == "A2"
    assert page.pdf_button.isEnabled()


def test_shown_table_model_passes_the_model_tester(qtmodeltester: ModelTester,
                                                   demo_store: Store) -> None:
    report = monitor.monitor_at(demo_store, TODAY)
    model = ShownTableModel()
    model.set_table(report.table("gi_gemeente"), suppress=True)
    qtmodeltester.check(model)
    assert model.row_title(0).startswith("Wachtende kinderen per GI en gemeente")
    assert model.case_ids(model.rowCount() - 1)  # the total row: every waiting child
    assert t.SUPPRESSED_SMALL in {model.index(0, c).data() for c in range(7)}
