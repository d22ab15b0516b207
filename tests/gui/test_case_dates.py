"""The case editor's dates in time: the day a change took effect, unusual dates confirmed, the
history and its corrections, two-digit birth years."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from expertteam.domain.enums import MeasureKind, OrganisationKind
from expertteam.gui import operations
from expertteam.gui.case_dates import CaseHistoryDialog
from expertteam.gui.case_editor import CaseEditor
from expertteam.services import case_history, case_register, cases, organisations
from expertteam.services.case_data import MeasureInput
from expertteam.services.store import Store
from tests.conftest import TODAY


def _editor(qtbot: QtBot, store: Store, case_id: int | None = None) -> CaseEditor:
    editor = CaseEditor(store, case_id)
    editor.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    qtbot.add_widget(editor)
    editor.show()
    return editor


def _first_case(store: Store, given: str) -> int:
    return next(r.id for r in case_register.list_register(store) if r.child_name.startswith(given))


def test_a_two_digit_birth_year_lies_in_the_past(qtbot: QtBot, demo_store: Store) -> None:
    editor = _editor(qtbot, demo_store)
    qtbot.keyClicks(editor.ui.birthDateEdit.line_edit, "1-5-12")
    assert editor.ui.birthDateEdit.date() == date(2012, 5, 1)
    editor.ui.birthDateEdit.clear()
    qtbot.keyClicks(editor.ui.birthDateEdit.line_edit, "1-5-98")
    assert editor.ui.birthDateEdit.date() == date(1998, 5, 1)
    # Elsewhere two digits stay this century.
    editor.ui.referredOnEdit.clear()
    qtbot.keyClicks(editor.ui.referredOnEdit.line_edit, "3-2-26")
    assert editor.ui.referredOnEdit.date() == date(2026, 2, 3)


def test_a_change_saved_with_the_day_it_took_effect(qtbot: QtBot, demo_store: Store) -> None:
    case_id = _first_case(demo_store, "Noël")
    editor = _editor(qtbot, demo_store, case_id)
    bar = editor.change_date
    assert not bar.date_edit.isHidden()
    assert bar.date_edit.date() == TODAY
    enkhuizen = next(o.id for o in organisations.list_organisations(
        demo_store, (OrganisationKind.MUNICIPALITY,)) if o.name == "Enkhuizen")
    combo = editor.ui.municipalityCombo
    combo.setCurrentIndex(combo.findData(enkhuizen))
    bar.date_edit.clear()
    qtbot.keyClicks(bar.date_edit.line_edit, "2-11-2026")
    with qtbot.wait_signal(editor.saved):
        editor.save()
    moved = [e for e in case_history.case_history(demo_store, case_id)
             if e.field == "municipality_id" and e.value == str(enkhuizen)]
    assert [e.effective_on for e in moved] == [date(2026, 11, 2)]
    assert bar.date_edit.date() == TODAY  # the next change takes effect today again
    # A day in the future is refused, nothing is saved.
    bar.date_edit.setDate(date(2027, 1, 4))
    editor.ui.goalEdit.setPlainText("Ander doel")
    assert not editor.save()
    assert "toekomst" in editor.ui.errorBanner.text()


@pytest.mark.parametrize("answer", [False, True])
def test_an_unusual_date_asks_toch_opslaan(qtbot: QtBot, demo_store: Store,
                                           monkeypatch: pytest.MonkeyPatch,
                                           answer: bool) -> None:
    case_id = _first_case(demo_store, "Chloë")
    detail = cases.get_case(demo_store, case_id)
    asked: list[str] = []

    def ask(_parent: object, _title: str, warning: object) -> bool:
        asked.append(str(warning))
        return answer

    monkeypatch.setattr(operations, "ask_to_confirm", ask)
    editor = _editor(qtbot, demo_store, case_id)
    assert detail.birth_date is not None
    ruling = date(detail.birth_date.year - 1, 12, 1)
    editor.items.measures.append(MeasureInput(MeasureKind.MACHTIGING_UHP, ruling))
    saved = editor.save()
    assert asked
    assert "geboortedatum" in asked[0]
    assert saved is answer
    kinds = [m.kind for m in cases.get_case(demo_store, case_id).measures]
    assert (kinds.count(MeasureKind.MACHTIGING_UHP) == 2) is answer


def test_the_history_corrects_the_day_of_a_change(qtbot: QtBot, demo_store: Store) -> None:
    case_id = _first_case(demo_store, "Daan")
    dialog = CaseHistoryDialog(demo_store, case_id)
    qtbot.add_widget(dialog)
    dialog.show()
    gi_row = next(i for i, e in enumerate(dialog.entries) if e.field == "gi_id")
    referral_row = next(i for i, e in enumerate(dialog.entries) if e.field == "referred_on")
    dialog.table.setCurrentCell(referral_row, 0)
    assert not dialog.correct_button.isEnabled()
    assert "datum zelf" in dialog.hint.text()
    dialog.table.setCurrentCell(gi_row, 0)
    assert dialog.correct_button.isEnabled()
    original = dialog.entries[gi_row]
    dialog.date_edit.clear()
    qtbot.keyClicks(dialog.date_edit.line_edit, "1-1-2020")  # before the referral
    dialog.correct()
    assert "aanmelddatum" in dialog.banner.text()
    referred = cases.get_case(demo_store, case_id).referred_on
    dialog.date_edit.setDate(referred.replace(day=min(referred.day + 1, 28)))
    dialog.correct()
    fields = [(e.field, e.superseded, e.correction) for e in dialog.entries
              if e.field == "gi_id"]
    assert fields == [("gi_id", True, False), ("gi_id", False, True)]
    assert dialog.entries[gi_row].id == original.id
    assert dialog.table.item(gi_row, 4).text() == "gecorrigeerd"
    dialog.grab().save("/tmp/case-history.png")
