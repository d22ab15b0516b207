"""The escalation screens with real widgets over a real database: signals page, dialogs,
escalation register, letter editor and the case's escalation trail."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from expertteam.domain.escalation import EscalationStatus
from expertteam.domain.signal_criteria import SignalKind
from expertteam.gui.case_editor import CaseEditor
from expertteam.gui.escalations.criteria_dialog import CriteriaDialog
from expertteam.gui.escalations.dialogs import DatedNoteDialog, ReasonDialog, ResponseDialog
from expertteam.gui.escalations.escalation_dialog import EscalationDialog
from expertteam.gui.escalations.letter_editor import LetterEditor
from expertteam.gui.escalations.register_page import EscalationRegisterPage
from expertteam.gui.escalations.signals_page import SignalsPage
from expertteam.gui.shell import build_main_window
from expertteam.services import escalation_drafts, letter_output, signals
from expertteam.services.store import Store
from tests.conftest import TODAY
from tests.escalation_helpers import case_ids, letter_world, pdf_text


def page(qtbot: QtBot, store: Store) -> SignalsPage:
    widget = SignalsPage(store)
    qtbot.add_widget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def test_models_pass_the_qt_model_tester(qtbot: QtBot, demo_store: Store,
                                         qtmodeltester: ModelTester) -> None:
    letter_world(demo_store)
    signals_page = page(qtbot, demo_store)
    qtmodeltester.check(signals_page.model)
    register = EscalationRegisterPage(demo_store)
    qtbot.add_widget(register)
    qtmodeltester.check(register.model)
    assert register.model.rowCount() == 2


def test_signals_page_shows_facts_and_filters_by_kind(qtbot: QtBot, demo_store: Store) -> None:
    widget = page(qtbot, demo_store)
    assert widget.model.rowCount() == len(signals.current_signals(demo_store))
    assert widget.status.text() == f"{widget.model.rowCount()} signalen vragen aandacht."
    widget.kind_filter.setCurrentIndex(widget.kind_filter.findData(SignalKind.CONTINUITY.value))
    assert {row.signal.kind for row in widget.model.rows} == {SignalKind.CONTINUITY}
    html = widget.detail.toHtml()
    assert "Aantal kinderen" in html
    assert "Melden bij de Jeugdautoriteit" in widget.escalate_button.text()


def test_dismissing_needs_a_reason_and_can_be_undone(qtbot: QtBot, demo_store: Store) -> None:
    widget = page(qtbot, demo_store)
    before = widget.model.rowCount()
    key = widget.current_row().signal.key
    dialog = widget.dismiss()
    assert isinstance(dialog, ReasonDialog)
    assert not dialog.submit()  # no reason given
    assert dialog.isVisible()
    assert "Reden is verplicht" in dialog.errors.label_for("reason").text()
    dialog.reason.setPlainText("Besproken; De Dijk heeft een plek toegezegd per 1 december.")
    assert dialog.submit()
    assert widget.model.rowCount() == before - 1
    widget.show_dismissed.setChecked(True)
    assert widget.select_key(key)
    assert "weggezet" in widget.model.data(widget.table.currentIndex().siblingAtColumn(3))
    assert "Besproken; De Dijk" in widget.detail.toPlainText()
    widget.revoke()
    widget.show_dismissed.setChecked(False)
    assert widget.model.rowCount() == before


def test_thresholds_dialog_changes_what_shows(qtbot: QtBot, demo_store: Store) -> None:
    widget = page(qtbot, demo_store)
    waiting_before = sum(1 for r in widget.model.rows
                         if r.signal.kind is SignalKind.WAITING_TOO_LONG)
    assert waiting_before == 6
    dialog = widget.edit_criteria()
    assert isinstance(dialog, CriteriaDialog)
    dialog.waiting.amount.setValue(20)
    dialog.waiting.unit.setCurrentIndex(dialog.waiting.unit.findData("weeks"))
    dialog.enabled[SignalKind.LEGAL_TERM_PASSED].setChecked(False)
    assert dialog.submit()
    kinds = [r.signal.kind for r in widget.model.rows]
    assert kinds.count(SignalKind.WAITING_TOO_LONG) == 1
    assert SignalKind.LEGAL_TERM_PASSED not in kinds


def test_escalation_dialog_shows_errors_at_the_field_and_stays_open(
        qtbot: QtBot, demo_store: Store) -> None:
    noel = case_ids(demo_store)["ET-2026-0001"]
    draft = escalation_drafts.draft_from_signal(demo_store, f"waiting:case={noel}")
    dialog = EscalationDialog(demo_store, draft)
    qtbot.add_widget(dialog)
    dialog.show()
    for row in range(dialog.kind_list.count()):
        dialog.kind_list.item(row).setCheckState(dialog.kind_list.item(row).checkState().Unchecked)
    assert dialog.save() is None
    assert dialog.isVisible()
    assert dialog.errors.shown_fields() == ["blocker_kinds"]
    dialog.kind_list.item(1).setCheckState(dialog.kind_list.item(1).checkState().Checked)
    dialog.level.setCurrentIndex(1)  # OZJ: the addressee list follows
    assert dialog.addressee.currentText() == "Ondersteuningsteam Zorg voor de Jeugd (OZJ)"
    saved = dialog.save()
    assert saved is not None
    assert saved.level.value == "ozj"


def editor(qtbot: QtBot, store: Store, escalation_id: int, tmp_path: Path) -> LetterEditor:
    widget = LetterEditor(store, escalation_id,
                          settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.add_widget(widget)
    widget.show()
    return widget


def test_letter_editor_refuses_and_marks_identifying_text(qtbot: QtBot, demo_store: Store,
                                                          tmp_path: Path) -> None:
    _case, continuity = letter_world(demo_store)
    widget = editor(qtbot, demo_store, continuity, tmp_path)
    assert widget.page_count >= 2
    problem = widget.editors["problem"]
    assert isinstance(problem, QPlainTextEdit)
    problem.setPlainText("Het gaat onder meer om Daan Visser en nog twee kinderen.")
    assert widget.save_texts() is None
    message = widget.errors.label_for("texts.problem").text()
    assert "de naam van een kind" in message
    assert "Daan" not in message
    marks = problem.extraSelections()
    assert [(m.cursor.selectionStart(), m.cursor.selectionEnd()) for m in marks] == [(23, 34)]
    problem.setPlainText("JeugdzorgPlus De Dijk neemt sinds juni niemand meer op.")
    assert widget.save_texts() is not None
    assert "niemand meer op" in pdf_text(widget.pdf)


def test_letter_editor_finalises_saves_and_starts_a_new_version(
        qtbot: QtBot, demo_store: Store, tmp_path: Path) -> None:
    case_escalation, _continuity = letter_world(demo_store)
    widget = editor(qtbot, demo_store, case_escalation, tmp_path)
    request = widget.editors["request"]
    assert isinstance(request, QPlainTextEdit)
    request.setPlainText("Wij vragen een gezinshuisplek binnen vier weken.")
    widget.ask_finalise = lambda: False
    assert widget.finalise() is None  # the question was answered "no"
    assert widget.editable
    widget.ask_finalise = lambda: True
    final = widget.finalise()
    assert final is not None
    assert final.finalised
    assert widget.editors["request"].isReadOnly()
    assert not widget.finalise_button.isEnabled()
    assert widget.new_version_button.isEnabled()
    path = widget.save_pdf(tmp_path / "brief")
    assert path == tmp_path / "brief.pdf"
    assert path.read_bytes() == letter_output.letter_pdf(demo_store, final.id).pdf
    assert "gezinshuisplek binnen vier weken" in pdf_text(path.read_bytes())
    second = widget.new_version()
    assert second is not None
    assert second.version == 2
    assert widget.editable
    assert widget.versions.count() == 2
    widget.versions.setCurrentIndex(1)
    widget.versions.activated.emit(1)
    assert widget.info.version == 1
    assert not widget.editable


def test_register_page_moves_an_escalation_along(qtbot: QtBot, demo_store: Store) -> None:
    _case, continuity = letter_world(demo_store)
    register = EscalationRegisterPage(demo_store)
    qtbot.add_widget(register)
    register.show()
    assert register.select(continuity)
    assert register.edit_button.isEnabled()
    labels = [a.text() for a in register.status_menu.actions()]
    assert labels == ["Verzonden…", "Ingetrokken…"]
    dialog = register.change_status(EscalationStatus.SENT)
    assert isinstance(dialog, DatedNoteDialog)
    dialog.on.setDate(TODAY.replace(day=24))  # tomorrow: refused, the dialog stays
    assert not dialog.submit()
    assert dialog.errors.shown_fields() == ["on"]
    dialog.on.setDate(TODAY)
    assert dialog.submit()
    assert register.info is not None
    assert register.info.status is EscalationStatus.SENT
    assert not register.edit_button.isEnabled()
    response = register.record_response()
    assert isinstance(response, ResponseDialog)
    response.response.setPlainText("De Jeugdautoriteit belegt een overleg met De Dijk.")
    assert response.submit()
    assert register.info.status.value == "answered"
    text = register.detail.toPlainText()
    assert "De Jeugdautoriteit belegt een overleg" in text
    assert "Status: verzonden" in text


def test_case_view_shows_the_escalation_trail(qtbot: QtBot, demo_store: Store) -> None:
    letter_world(demo_store)
    noel = case_ids(demo_store)["ET-2026-0001"]
    case_editor = CaseEditor(demo_store, noel)
    qtbot.add_widget(case_editor)
    tabs = case_editor.ui.tabs
    assert tabs.tabText(tabs.count() - 1) == "Escalaties"
    assert case_editor.escalation_trail.count == 2
    text = case_editor.escalation_trail.view.toPlainText()
    assert "ESC-2026-001" in text
    assert "ESC-2026-002" in text
    assert "Antwoord vastgelegd" in text


def test_main_window_has_the_pages_and_counts_open_signals(qtbot: QtBot, demo_store: Store,
                                                           settings: QSettings) -> None:
    window = build_main_window(demo_store, settings)
    qtbot.add_widget(window)
    pages = window.pages
    assert window.show_page("signals") is pages.signals
    assert window.show_page("escalations") is pages.escalations
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    open_count = len(signals.current_signals(demo_store))
    assert f"Signalen ({open_count})" in titles
    assert "Escalaties" in titles
