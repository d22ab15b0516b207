"""The monitor page's GI figures (grid and spreadsheet), publishing a meetmoment and its two
views, and the corrections since publication."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from expertteam.domain import monitor as m
from expertteam.gui.main_window import MainWindow
from expertteam.gui.monitor.gi_figures_dialog import GiFiguresDialog
from expertteam.gui.monitor.monitor_page import MonitorPage
from expertteam.gui.pages import PageKey
from expertteam.services import case_register, cases, gi_figures, gi_workbook
from expertteam.services.monitor_publication import CORRECTIONS_KEY
from expertteam.services.store import Store
from tests.conftest import TODAY, pin_day

MEETMOMENT = date(2026, 11, 1)


def _page(qtbot: QtBot, window: MainWindow) -> MonitorPage:
    page = window.pages.monitor
    with qtbot.wait_signal(page.report_ready, timeout=20000):
        window.show_page(PageKey.MONITOR)
    with qtbot.wait_signal(page.report_ready, timeout=20000):
        page.period_bar.meetmoment_edit.setDate(MEETMOMENT)
    return page


def _column(dialog: GiFiguresDialog, header: str) -> int:
    """The column whose header reads ``header`` (on screen it wraps over lines)."""
    return next(c for c in range(dialog.model.columnCount())
                if " ".join(str(dialog.model.headerData(
                    c, Qt.Orientation.Horizontal)).split()) == header)


def test_gi_figures_typed_in_the_grid_show_beside_the_own_cases(
        qtbot: QtBot, window: MainWindow, demo_store: Store) -> None:
    page = _page(qtbot, window)
    dialog = page.open_gi_figures()
    assert dialog is not None
    qtbot.add_widget(dialog)
    assert dialog.model.rowCount() == 4 * 7  # every GI × gemeente of the region
    pj = _column(dialog, "Wacht op passende jeugdhulp")
    dialog.activateWindow()
    qtbot.wait_until(dialog.isActiveWindow)
    dialog.grid.setCurrentIndex(dialog.proxy.index(0, pj))
    dialog.grid.setFocus()
    qtbot.keyClicks(dialog.grid, "7")
    editor = dialog.focusWidget()
    assert editor is not None
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Enter goes down, as in a spreadsheet.
    qtbot.wait_until(lambda: dialog.grid.currentIndex().row() == 1)
    assert dialog.model.rows[0].waiting_jeugdhulp == 7
    assert not dialog.set_number(1, pj, "veel")
    assert "geen heel getal" in dialog.error.text()
    assert dialog.set_number(1, _column(dialog, "Gemiddelde caseload"), "14,5")
    assert dialog.model.rows[1].caseload == 14.5
    assert dialog.model.index(1, _column(dialog, "Gemiddelde caseload")).data() == "14,5"
    with qtbot.wait_signal(page.report_ready, timeout=20000):
        assert dialog.save()
    stored = {(r.gi_name, r.municipality_name): r for r in
              gi_figures.gi_figures(demo_store, MEETMOMENT)}
    first_row = dialog.model.rows[0]
    assert stored[(first_row.gi_name, first_row.municipality_name)].waiting_jeugdhulp == 7
    table = page.blocks[m.GI_REPORT_KEY].model
    # GI, gemeente, then VJB (expertteam, GI, difference), PJ (expertteam, GI, difference).
    reported = {(table.index(r, 0).data(), table.index(r, 1).data()): table.index(r, 6).data()
                for r in range(table.rowCount())}
    assert reported[(first_row.gi_name, first_row.municipality_name)] == "7"
    dialog.close()


def test_a_gi_spreadsheet_fills_the_grid(qtbot: QtBot, window: MainWindow, demo_store: Store,
                                         tmp_path: Path) -> None:
    page = _page(qtbot, window)
    dialog = page.open_gi_figures()
    assert dialog is not None
    qtbot.add_widget(dialog)
    path = tmp_path / "gi.xlsx"
    dialog.write_template(path)
    assert "Sjabloon opgeslagen" in dialog.message.text()
    book = load_workbook(path)
    sheet = book[gi_workbook.SHEET]
    for line in sheet.iter_rows(min_row=2, max_row=4):
        line[5].value, line[6].value = 2, 11
    book.save(path)
    assert dialog.import_file(path) == 3
    assert "Controleer ze en kies Opslaan" in dialog.message.text()
    assert gi_figures.gi_figures(demo_store, MEETMOMENT) == []  # not saved yet
    with qtbot.wait_signal(page.report_ready, timeout=20000):
        assert dialog.save()
    assert len(gi_figures.gi_figures(demo_store, MEETMOMENT)) == 3
    broken = tmp_path / "kapot.xlsx"
    broken.write_text("nee")
    assert dialog.import_file(broken) == 0
    assert "geen Excel-werkmap" in dialog.error.text()
    dialog.close()


def test_publish_then_see_both_views_and_the_corrections(
        qtbot: QtBot, window: MainWindow, demo_store: Store, tmp_path: Path) -> None:
    page = _page(qtbot, window)
    bar = page.publication_bar
    assert not bar.view_combo.isEnabled()  # nothing published yet
    correction_tab = page.tab_index(CORRECTIONS_KEY)
    assert not page.tabs.isTabVisible(correction_tab)
    bar.confirm = lambda: True
    with qtbot.wait_signal(page.report_ready, timeout=20000):
        bar.publish_button.click()
    assert bar.view_combo.count() == 2
    assert page.tabs.isTabVisible(correction_tab)
    assert page.tabs.tabText(correction_tab) == "Correcties (0)"
    reported = page.report
    assert reported is not None
    # Help that started on 20 October, entered only now.
    sem = next(r.id for r in case_register.list_register(demo_store)
               if r.child_name.startswith("Sem"))
    detail = cases.get_case(demo_store, sem)
    cases.update_case(demo_store, sem, replace(detail.to_input(),
                                               help_started_on=date(2026, 10, 20)),
                      confirmed=True)
    with qtbot.wait_signal(page.report_ready, timeout=20000):
        page.compute()
    assert page.report is not None
    assert page.report.total_now == reported.total_now - 1
    assert page.tabs.tabText(correction_tab).startswith("Correcties (")
    corrections = page.blocks[CORRECTIONS_KEY].model
    assert corrections.rowCount() > 0
    assert corrections.case_ids(0) == (sem,)
    cases_column = next(c for c in range(corrections.columnCount())
                        if corrections.headerData(c, Qt.Orientation.Horizontal) == "Casussen")
    assert "Sem" not in corrections.index(0, cases_column).data()  # pseudonymised
    assert detail.case_number in corrections.index(0, cases_column).data()
    assert "hulp gestart op 20-10-2026" in page.blocks[CORRECTIONS_KEY].note.text()
    # As reported then: the figures as they were published.
    bar.view_combo.setCurrentIndex(1)
    with qtbot.wait_signal(page.report_ready, timeout=20000):
        bar.view_chosen.emit()
    assert page.report is not None
    assert page.report.known_at is not None
    assert page.report.total_now == reported.total_now
    assert page.summary_label.text().startswith("Zoals gerapporteerd op")
    pdf = tmp_path / "toen.pdf"
    with qtbot.wait_signal(page.export_finished, timeout=30000):
        page.export(pdf_path=pdf)
    text = " ".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "zoals gerapporteerd op" in text
    pin_day(TODAY)
