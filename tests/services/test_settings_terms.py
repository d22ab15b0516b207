"""The region's working terms: default due date of a new action, evaluation interval."""

from datetime import date

import pytest

from expertteam.domain.errors import ValidationError
from expertteam.services import actions, agenda_proposal, audit, case_register, term_settings
from expertteam.services.actions import ActionInput
from expertteam.services.store import Store
from tests.meeting_helpers import org_ids


def _logged(store: Store, key: str) -> int:
    return sum(1 for e in audit.list_entries(store) if e.object_type == "setting" and
               e.object_id == key)


def test_action_due_days_default_is_ten_and_a_new_value_is_used_by_create_action(
        demo_store: Store) -> None:
    assert term_settings.action_due_days(demo_store) == 10
    assert term_settings.set_action_due_days(demo_store, 3) == 3
    assert term_settings.action_due_days(demo_store) == 3
    assert _logged(demo_store, term_settings.ACTION_DUE_KEY) == 1
    noel = next(r.id for r in case_register.list_register(demo_store)
                if r.child_name == "Noël de Vries")
    action = actions.create_action(demo_store, ActionInput(
        noel, "Intake plannen", org_ids(demo_store)["GGZ Jong Westfriesland"]))
    assert action.due_on == date(2026, 11, 26)  # three working days after Monday 23 November


@pytest.mark.parametrize("days", [0, 61, -5, True, 2.5])
def test_action_due_days_out_of_range_is_refused_and_not_stored(store: Store,
                                                                days: object) -> None:
    with pytest.raises(ValidationError) as raised:
        term_settings.set_action_due_days(store, days)  # type: ignore[arg-type]
    assert raised.value.field == "action_due_days"
    assert "werkdagen" in raised.value.message
    assert term_settings.action_due_days(store) == 10
    assert _logged(store, term_settings.ACTION_DUE_KEY) == 0


def test_evaluation_weeks_is_what_the_agenda_proposal_reads(store: Store) -> None:
    assert term_settings.evaluation_weeks(store) == agenda_proposal.DEFAULT_EVALUATION_WEEKS
    term_settings.set_evaluation_weeks(store, 8)
    with store.transaction() as session:
        assert agenda_proposal.evaluation_weeks(session) == 8
    assert _logged(store, term_settings.EVALUATION_WEEKS_KEY) == 1
    with pytest.raises(ValidationError) as raised:
        term_settings.set_evaluation_weeks(store, 53)
    assert raised.value.field == "evaluation_weeks"
    assert "weken" in raised.value.message
    assert term_settings.evaluation_weeks(store) == 8


def test_legal_terms_are_the_fixed_ones() -> None:
    shown = {term.label: term.term for term in term_settings.legal_terms()}
    assert shown == {"Eerste contact jeugdbeschermer": "5 werkdagen",
                     "Plan van aanpak": "6 weken",
                     "Machtiging uithuisplaatsing uitvoeren": "3 maanden"}
