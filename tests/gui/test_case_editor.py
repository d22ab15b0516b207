"""The case editor driven through qtbot: create, validate inline, measures, blockers, close."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from expertteam.domain.enums import (
    BlockerKind,
    CaseStatus,
    ClosingResult,
    MeasureKind,
    OrganisationKind,
)
from expertteam.formatting import parse_date
from expertteam.gui.case_editor import CaseEditor, CloseCaseDialog
from expertteam.gui.widgets import OptionalDateEdit
from expertteam.services import case_register, cases, organisations
from expertteam.services.store import Store
from tests.conftest import TODAY


def _editor(qtbot: QtBot, store: Store, case_id: int | None = None) -> CaseEditor:
    editor = CaseEditor(store, case_id)
    editor.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    qtbot.add_widget(editor)
    editor.show()
    editor.activateWindow()
    qtbot.wait_until(editor.isActiveWindow)  # shortcuts need the active window
    return editor


def _org_id(store: Store, kind: OrganisationKind, name: str) -> int:
    return next(o.id for o in organisations.list_organisations(store, (kind,)) if o.name == name)


def _case_id(store: Store, given: str) -> int:
    return next(r.id for r in case_register.list_register(store) if r.child_name.startswith(given))


def _choose(combo: object, value: object) -> None:
    from PySide6.QtWidgets import QComboBox

    assert isinstance(combo, QComboBox)
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def test_create_a_case_by_typing(qtbot: QtBot, demo_store: Store) -> None:
    editor = _editor(qtbot, demo_store)
    before = case_register.count_cases(demo_store)
    qtbot.keyClicks(editor.ui.givenNamesEdit, "Bram")
    qtbot.keyClicks(editor.ui.surnameEdit, "van Leeuwen")
    qtbot.keyClicks(editor.ui.birthDateEdit.line_edit, "14-3-2015")
    qtbot.keyClicks(editor.ui.bsnEdit, "111222333")
    _choose(editor.ui.municipalityCombo, _org_id(demo_store, OrganisationKind.MUNICIPALITY,
                                                 "Hoorn"))
    _choose(editor.ui.giCombo, _org_id(demo_store, OrganisationKind.GI,
                                       "Jeugdbescherming Noord"))
    qtbot.keyClicks(editor.ui.goalEdit, "Passende hulp binnen 6 weken.")
    with qtbot.wait_signal(editor.saved) as saved:
        qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert case_register.count_cases(demo_store) == before + 1
    detail = cases.get_case(demo_store, saved.args[0])
    assert (detail.full_name, detail.birth_date, detail.bsn) == \
        ("Bram van Leeuwen", date(2015, 3, 14), "111222333")
    assert detail.municipality_name == "Hoorn"
    assert detail.goal == "Passende hulp binnen 6 weken."
    assert detail.referred_on == TODAY
    assert editor.ui.headerLabel.text().startswith(detail.case_number)
    assert not editor.dirty


def test_bad_bsn_is_shown_live_and_at_the_field_on_save(qtbot: QtBot, demo_store: Store) -> None:
    editor = _editor(qtbot, demo_store)
    before = case_register.count_cases(demo_store)
    qtbot.keyClicks(editor.ui.givenNamesEdit, "Bram")
    qtbot.keyClicks(editor.ui.surnameEdit, "Smit")
    qtbot.keyClicks(editor.ui.bsnEdit, "123456789")
    assert "elfproef" in editor.ui.bsnStatusLabel.text()
    editor.ui.saveButton.click()
    assert editor.errors.shown_fields() == ["bsn"]
    assert "elfproef" in editor.ui.bsnStatusLabel.text()
    assert editor.ui.bsnEdit.property("invalid") is True
    assert editor.focusWidget() is editor.ui.bsnEdit
    assert case_register.count_cases(demo_store) == before
    # Nothing typed is lost.
    assert editor.ui.givenNamesEdit.text() == "Bram"
    assert editor.ui.bsnEdit.text() == "123456789"
    editor.ui.bsnEdit.clear()
    qtbot.keyClicks(editor.ui.bsnEdit, "111222333")
    assert "formaat geldig" in editor.ui.bsnStatusLabel.text()
    assert "geverifieerd" not in editor.ui.bsnStatusLabel.text()
    editor.ui.saveButton.click()
    assert editor.errors.shown_fields() == []
    assert case_register.count_cases(demo_store) == before + 1


def test_missing_name_is_shown_under_the_field(qtbot: QtBot, demo_store: Store) -> None:
    editor = _editor(qtbot, demo_store)
    qtbot.keyClicks(editor.ui.surnameEdit, "Smit")
    editor.ui.saveButton.click()
    label = editor.errors.label_for("given_names")
    assert label is not None
    assert label.isVisible()
    assert label.text() == "Voornaam is verplicht."
    assert editor.focusWidget() is editor.ui.givenNamesEdit
    qtbot.keyClicks(editor.ui.givenNamesEdit, "Sem")
    editor.ui.saveButton.click()
    assert not label.isVisible()
    assert editor.detail is not None


def test_unreadable_date_is_refused_before_saving(qtbot: QtBot, demo_store: Store) -> None:
    editor = _editor(qtbot, demo_store)
    before = case_register.count_cases(demo_store)
    qtbot.keyClicks(editor.ui.givenNamesEdit, "Sem")
    qtbot.keyClicks(editor.ui.surnameEdit, "Smit")
    qtbot.keyClicks(editor.ui.birthDateEdit.line_edit, "31-02-2015")
    assert editor.ui.birthDateEdit.line_edit.property("invalid") is True
    editor.ui.saveButton.click()
    assert editor.errors.shown_fields() == ["birth_date"]
    assert case_register.count_cases(demo_store) == before
    editor.ui.referredOnEdit.clear()
    editor.ui.birthDateEdit.clear()
    editor.ui.saveButton.click()
    assert editor.errors.shown_fields() == ["referred_on"]


def test_future_birth_date_error_comes_from_the_service(qtbot: QtBot, demo_store: Store) -> None:
    editor = _editor(qtbot, demo_store)
    qtbot.keyClicks(editor.ui.givenNamesEdit, "Sem")
    qtbot.keyClicks(editor.ui.surnameEdit, "Smit")
    editor.ui.birthDateEdit.setDate(TODAY + timedelta(days=2))
    editor.ui.saveButton.click()
    label = editor.errors.label_for("birth_date")
    assert label is not None
    assert "toekomst" in label.text()


def test_diacritics_survive_the_round_trip(qtbot: QtBot, demo_store: Store) -> None:
    editor = _editor(qtbot, demo_store)
    editor.ui.givenNamesEdit.insert("Chloë Anaïs")
    editor.ui.surnameEdit.insert("Koç")
    assert editor.save()
    assert editor.detail is not None
    assert cases.get_case(demo_store, editor.detail.id).full_name == "Chloë Anaïs Koç"


def test_measures_are_added_edited_and_give_terms(qtbot: QtBot, demo_store: Store) -> None:
    editor = _editor(qtbot, demo_store)
    qtbot.keyClicks(editor.ui.givenNamesEdit, "Finn")
    qtbot.keyClicks(editor.ui.surnameEdit, "Vos")
    editor.ui.tabs.setCurrentWidget(editor.ui.tabMeasures)
    qtbot.mouseClick(editor.ui.addMeasureButton, Qt.MouseButton.LeftButton)
    _choose(editor.ui.measureKindCombo, MeasureKind.VOORLOPIGE_OTS.value)
    qtbot.keyClicks(editor.ui.rulingDateEdit.line_edit, "02-11-2026")
    qtbot.keyClicks(editor.ui.giChargedEdit.line_edit, "03-11-2026")
    assert editor.ui.measuresTable.item(0, 0).text() == "Voorlopige OTS"
    assert editor.save()
    assert editor.detail is not None
    (measure,) = editor.detail.measures
    assert (measure.kind, measure.ruling_date, measure.gi_charged_on) == \
        (MeasureKind.VOORLOPIGE_OTS, date(2026, 11, 2), date(2026, 11, 3))
    assert editor.ui.termsTable.rowCount() == len(editor.detail.terms) > 0
    labels = [editor.ui.termsTable.item(r, 0).text()
              for r in range(editor.ui.termsTable.rowCount())]
    assert "Voorlopige OTS loopt af (3 maanden)" in labels


def test_error_in_a_measure_selects_it_and_marks_the_field(qtbot: QtBot,
                                                           demo_store: Store) -> None:
    editor = _editor(qtbot, demo_store, _case_id(demo_store, "Noël"))
    editor.ui.tabs.setCurrentWidget(editor.ui.tabChild)
    qtbot.mouseClick(editor.ui.addMeasureButton, Qt.MouseButton.LeftButton)
    editor.ui.giChargedEdit.setDate(date(2026, 10, 10))
    editor.ui.firstContactEdit.setDate(date(2026, 10, 1))
    editor.ui.measuresTable.setCurrentCell(0, 0)  # move away: the values stay with measure 2
    assert not editor.save()
    assert editor.errors.shown_fields() == ["measure.first_contact_on"]
    assert editor.ui.measuresTable.currentRow() == 1
    assert editor.ui.tabs.currentWidget() is editor.ui.tabMeasures
    label = editor.errors.label_for("measure.first_contact_on")
    assert label is not None
    assert "vóór" in label.text()
    assert editor.ui.firstContactEdit.date() == date(2026, 10, 1)


def test_blockers_are_added_and_removed_as_resolved(qtbot: QtBot, demo_store: Store) -> None:
    case_id = _case_id(demo_store, "Eva")
    editor = _editor(qtbot, demo_store, case_id)
    before = len(editor.detail.blockers) if editor.detail else 0
    editor.ui.tabs.setCurrentWidget(editor.ui.tabBlockers)
    qtbot.mouseClick(editor.ui.addBlockerButton, Qt.MouseButton.LeftButton)
    _choose(editor.ui.blockerKindCombo, BlockerKind.FINANCING_DISPUTE.value)
    _choose(editor.ui.blockerProviderCombo, _org_id(demo_store, OrganisationKind.MUNICIPALITY,
                                                    "Hoorn"))
    qtbot.keyClicks(editor.ui.blockerNoteEdit, "Woonplaatsbeginsel in discussie")
    assert editor.save()
    detail = cases.get_case(demo_store, case_id)
    added = [b for b in detail.blockers if b.kind is BlockerKind.FINANCING_DISPUTE]
    assert len(detail.blockers) == before + 1
    assert added[0].provider_name == "Hoorn"
    assert added[0].since == TODAY
    assert added[0].note == "Woonplaatsbeginsel in discussie"
    row = next(i for i, b in enumerate(editor.detail.blockers if editor.detail else ())
               if b.kind is BlockerKind.FINANCING_DISPUTE)
    editor.ui.blockersTable.setCurrentCell(row, 0)
    qtbot.mouseClick(editor.ui.removeBlockerButton, Qt.MouseButton.LeftButton)
    assert editor.save()
    resolved = [b for b in cases.get_case(demo_store, case_id).blockers
                if b.kind is BlockerKind.FINANCING_DISPUTE]
    assert resolved[0].resolved_on == TODAY  # kept for the monitor, not deleted


def test_jeugdbeschermer_choices_follow_the_gi(qtbot: QtBot, demo_store: Store) -> None:
    editor = _editor(qtbot, demo_store)
    assert editor.ui.jeugdbeschermerCombo.count() == 1  # only "choose a GI first"
    _choose(editor.ui.giCombo, _org_id(demo_store, OrganisationKind.GI, "Jeugdbescherming Noord"))
    names = [editor.ui.jeugdbeschermerCombo.itemText(i)
             for i in range(editor.ui.jeugdbeschermerCombo.count())]
    assert "Sanne Bakker" in names
    assert "Ilse de Groot" not in names


def test_close_and_reopen_a_case(qtbot: QtBot, demo_store: Store) -> None:
    case_id = _case_id(demo_store, "Sem")
    editor = _editor(qtbot, demo_store, case_id)

    def fill_close_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CloseCaseDialog)
        dialog.confirm_button.click()  # no result chosen yet: refused inline
        assert dialog.errors.shown_fields() == ["closing_result"]
        _choose(dialog.result_combo, ClosingResult.HELP_STARTED.value)
        dialog.note_edit.setPlainText("Behandeling gestart.")
        dialog.confirm_button.click()

    QTimer.singleShot(0, fill_close_dialog)
    with qtbot.wait_signal(editor.saved):
        editor.ui.closeCaseButton.click()
    detail = cases.get_case(demo_store, case_id)
    assert detail.status is CaseStatus.CLOSED
    assert detail.closing_result is ClosingResult.HELP_STARTED
    assert editor.ui.closedBanner.isVisible()
    assert "Passende hulp gestart" in editor.ui.closedBanner.text()
    assert editor.ui.givenNamesEdit.isReadOnly()
    assert not editor.ui.saveButton.isEnabled()
    assert editor.ui.reopenButton.isVisible()
    editor.ui.reopenButton.click()
    assert cases.get_case(demo_store, case_id).status is CaseStatus.ACTIVE
    assert not editor.ui.givenNamesEdit.isReadOnly()


def test_close_dialog_refuses_a_date_before_referral(qtbot: QtBot, demo_store: Store) -> None:
    detail = cases.get_case(demo_store, _case_id(demo_store, "Sem"))
    dialog = CloseCaseDialog(demo_store, detail)
    qtbot.add_widget(dialog)
    _choose(dialog.result_combo, ClosingResult.MOVED.value)
    dialog.date_edit.setDate(detail.referred_on - timedelta(days=1))
    dialog.confirm_button.click()
    assert dialog.errors.shown_fields() == ["closed_on"]
    assert cases.get_case(demo_store, detail.id).status is not CaseStatus.CLOSED


def test_unsaved_changes_are_asked_about(qtbot: QtBot, demo_store: Store) -> None:
    editor = _editor(qtbot, demo_store, _case_id(demo_store, "Liam"))
    assert not editor.dirty
    qtbot.keyClicks(editor.ui.referredByNameEdit, "M. de Wit")
    assert editor.dirty
    editor.ask_unsaved = lambda: QMessageBox.StandardButton.Cancel
    editor.reject()
    assert editor.isVisible()
    editor.ask_unsaved = lambda: QMessageBox.StandardButton.Save
    editor.reject()
    assert not editor.isVisible()
    assert cases.get_case(demo_store, _case_id(demo_store, "Liam")).referred_by_name == \
        "M. de Wit"


def test_optional_date_field_accepts_dutch_input(qtbot: QtBot) -> None:
    field = OptionalDateEdit()
    qtbot.add_widget(field)
    assert field.date() is None
    assert field.has_valid_text()
    qtbot.keyClicks(field.line_edit, "3-2-26")
    assert field.date() == date(2026, 2, 3)
    field.line_edit.editingFinished.emit()
    assert field.line_edit.text() == "03-02-2026"
    field.clear()
    assert field.date() is None
    assert parse_date("03.02.2026") == parse_date("03022026") == parse_date("2026-02-03") == \
        date(2026, 2, 3)
    assert parse_date("32-01-2026") is None
    assert parse_date("gisteren") is None
