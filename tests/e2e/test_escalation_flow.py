"""End to end through the GUI: a case escalation started from a signal in the chair's live
screen, and a continuity letter to the Jeugdautoriteit started from the signals list; both
letters finalised and saved as PDF, and read back as their addressee would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from expertteam.domain.escalation import EscalationLevel, EscalationStatus
from expertteam.domain.identifying import ChildIdentity, find_identifying
from expertteam.domain.signal_criteria import SignalKind
from expertteam.gui.escalations.letter_editor import LetterEditor
from expertteam.gui.escalations.signals_panel import SignalsPanel
from expertteam.gui.meetings.live import LiveWindow
from expertteam.gui.shell import build_main_window
from expertteam.services import (
    case_register,
    cases,
    escalations,
    letterhead,
    organisations,
    signals,
)
from expertteam.services.signals import SignalRow
from expertteam.services.store import Store
from tests.escalation_helpers import (
    DE_DIJK,
    block_third_child_at_de_dijk,
    case_ids,
    fail_two_agreements,
    org_ids,
    pdf_text,
)
from tests.meeting_helpers import start_with_agenda

pytestmark = pytest.mark.slow  # a whole flow through the GUI or program; make test-fast skips it

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _children(store: Store) -> list[ChildIdentity]:
    return [ChildIdentity(d.given_names, d.surname, d.birth_date, d.bsn)
            for d in (cases.get_case(store, row.id) for row in case_register.list_register(store))]


def _finalise_and_save(qtbot: QtBot, editor: LetterEditor, path: Path) -> str:
    editor.ask_finalise = lambda: True
    qtbot.mouseClick(editor.finalise_button, LEFT)
    assert editor.info.finalised, editor.banner.text()
    saved = editor.save_pdf(path)
    assert saved == path
    return pdf_text(path.read_bytes())


def test_escalations_from_live_mode_and_from_the_signals_list(
        qtbot: QtBot, demo_store: Store, settings: QSettings, tmp_path: Path) -> None:
    letterhead.save_letterhead(demo_store, letterhead.LetterheadSettings(
        "Expertteam Westfriesland", "Postbus 603\n1620 AR Hoorn", None, "Marleen de Boer",
        "Voorzitter expertteam"))
    noel = case_ids(demo_store)["ET-2026-0001"]
    fail_two_agreements(demo_store, noel)
    block_third_child_at_de_dijk(demo_store)
    meeting, _items = start_with_agenda(demo_store)

    # --- the chair's live screen: Noël's case shows its signals; escalate one
    live = LiveWindow(demo_store, meeting.id, case_panel=SignalsPanel)
    qtbot.add_widget(live)
    live.resize(1366, 768)
    live.show()
    qtbot.wait_exposed(live)
    live.show_index(next(i for i, item in enumerate(live.items) if item.item.case_id == noel))
    panel = live.case.signals_panel
    assert isinstance(panel, SignalsPanel)
    qtbot.wait_until(lambda: panel.case_id == noel and panel.isVisible())  # read after a pause
    rows = [panel.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(panel.list.count())]
    assert all(isinstance(row, SignalRow) and noel in row.signal.case_ids for row in rows)
    not_met = next(i for i, row in enumerate(rows) if row.signal.kind is SignalKind.ACTION_NOT_MET)
    panel.list.setCurrentRow(not_met)
    qtbot.mouseClick(panel.escalate_button, LEFT)
    assert panel.flow is not None
    dialog = panel.flow.dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.current_level() is EscalationLevel.EXPERTISE_NETWORK
    assert dialog.case_list.count() == 1
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)
    assert dialog.saved is not None, dialog.banner.text()
    case_editor = panel.flow.editor
    assert case_editor is not None
    assert case_editor.isVisible()
    assert case_editor.page_count >= 1
    case_text = _finalise_and_save(qtbot, case_editor, tmp_path / "escalatie-casus.pdf")
    for expected in ("Bovenregionaal Expertisenetwerk Noord-Holland", "ET-2026-0001", "N.V.",
                     "Niet nagekomen afspraken", "Hoorn", "Ons verzoek", "Marleen de Boer"):
        assert expected in case_text, expected
    assert "Noël" not in case_text
    assert "de Vries" not in case_text
    # the signal is answered by the escalation and set aside (it returns if the facts change)
    assert not any(row.signal.kind is SignalKind.ACTION_NOT_MET
                   for row in signals.current_signals(demo_store, case_id=noel))
    case_editor.close()
    live.close()
    escalations.change_status(demo_store, dialog.saved.id, EscalationStatus.SENT)

    # --- the signals list in the main window: a continuity letter to the Jeugdautoriteit
    window = build_main_window(demo_store, settings)
    qtbot.add_widget(window)
    window.resize(1366, 768)
    window.show()
    page = window.pages.signals
    assert window.show_page("signals") is page
    de_dijk = org_ids(demo_store)[DE_DIJK]
    assert page.select_key(f"continuity:org={de_dijk}")
    assert page.escalate_button.text() == "Melden bij de Jeugdautoriteit…"
    qtbot.mouseClick(page.escalate_button, LEFT)
    assert page.flow is not None
    report = page.flow.dialog
    assert report is not None
    assert report.current_level() is EscalationLevel.JEUGDAUTORITEIT
    assert report.case_list.count() == 3
    report.care.setText("JeugdzorgPlus-plaatsen")
    qtbot.mouseClick(report.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)
    assert report.saved is not None, report.banner.text()
    editor = page.flow.editor
    assert editor is not None
    problem = editor.editors["problem"]
    assert isinstance(problem, QPlainTextEdit)
    problem.setPlainText("De opnamestop raakt onder anderen Daan (geboren 2010).")
    editor.ask_finalise = lambda: True
    qtbot.mouseClick(editor.finalise_button, LEFT)
    assert not editor.info.finalised  # refused: a child's given name
    assert "de voornaam van een kind" in editor.errors.label_for("texts.problem").text()
    problem.setPlainText("Sinds juni neemt JeugdzorgPlus De Dijk geen jongeren meer op. "
                         "Drie kinderen uit onze regio hebben daardoor geen passende plek.")
    letter_text = _finalise_and_save(qtbot, editor, tmp_path / "melding-jeugdautoriteit.pdf")
    for expected in ("Jeugdautoriteit", "JeugdzorgPlus De Dijk", "JeugdzorgPlus-plaatsen",
                     "3 kinderen", "Hoorn", "Medemblik", "Wachttijd", "Mediaan",
                     "ESC-2026-001", "Casusreferenties", "Ons verzoek"):
        assert expected in letter_text, expected
    allowed = [o.name for o in organisations.list_organisations(demo_store)]
    assert find_identifying(letter_text.replace("1620 AR Hoorn", ""), _children(demo_store),
                            [*allowed, "Marleen de Boer"]) == []

    # --- both are in the register; the continuity report can be sent
    register = window.pages.escalations
    register.reload()
    assert [row.reference for row in register.model.rows] == ["ESC-2026-002", "ESC-2026-001"]
    sent = escalations.change_status(demo_store, report.saved.id, EscalationStatus.SENT)
    assert sent.sent_on is not None
