"""Impossible date combinations are errors at their field; unusual ones ask to be confirmed."""

from dataclasses import replace
from datetime import date

import pytest

from expertteam.domain.enums import MeasureKind, OrganisationKind, WaitingFor
from expertteam.domain.errors import NeedsConfirmationError, ValidationError
from expertteam.services import case_register, cases, organisations
from expertteam.services.case_data import CaseInput, MeasureInput
from expertteam.services.organisations import OrganisationInput
from expertteam.services.store import Store

BIRTH = date(2026, 3, 1)


def _case(store: Store, **changes: object) -> CaseInput:
    gi = organisations.create_organisation(store, OrganisationInput(
        OrganisationKind.GI, "Jeugdbescherming Noord")).id
    data = CaseInput(given_names="Mila", surname="Test", referred_on=date(2026, 5, 1),
                     birth_date=BIRTH, gi_id=gi, waiting_for=WaitingFor.PASSENDE_JEUGDHULP,
                     waiting_since=date(2026, 5, 1))
    return replace(data, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"help_started_on": date(2026, 4, 20)}, "help_started_on", "vóór het begin van het wachten"),
    ({"help_started_on": date(2026, 2, 1), "waiting_for": None, "waiting_since": None},
     "help_started_on", "vóór de geboortedatum"),
    ({"measures": [MeasureInput(MeasureKind.VOOGDIJ, date(2026, 2, 1))]},
     "measures[0].ruling_date", "voogdij kan niet vóór de geboortedatum"),
    ({"measures": [MeasureInput(MeasureKind.JR_GEDWONGEN, date(2026, 2, 1))]},
     "measures[0].ruling_date", "vóór de geboortedatum"),
    ({"measures": [MeasureInput(MeasureKind.OTS, date(2025, 3, 1))]},
     "measures[0].ruling_date", "zwangerschap"),
    ({"measures": [MeasureInput(MeasureKind.OTS, date(2026, 3, 2), date(2026, 3, 3),
                                plan_on=date(2026, 3, 2))]},
     "measures[0].plan_on", "plan van aanpak kan niet vóór"),
    ({"measures": [MeasureInput(MeasureKind.OTS, date(2026, 3, 2), date(2026, 3, 3),
                                end_date=date(2026, 3, 2))]},
     "measures[0].end_date", "einddatum kan niet vóór"),
])
def test_impossible_combinations_are_refused_at_their_field(
        store: Store, changes: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(ValidationError) as refused:
        cases.create_case(store, _case(store, **changes), confirmed=True)
    assert refused.value.field == field
    assert words in refused.value.message.lower() or words in refused.value.message


def test_a_prenatal_ots_stays_possible(store: Store) -> None:
    prenatal = MeasureInput(MeasureKind.OTS, date(2026, 1, 15), date(2026, 1, 16))
    created = cases.create_case(store, _case(store, measures=[prenatal]))
    assert created.measures[0].ruling_date == date(2026, 1, 15)


@pytest.mark.parametrize(("changes", "field"), [
    ({"measures": [MeasureInput(MeasureKind.MACHTIGING_UHP, date(2026, 2, 20))]},
     "measures[0].ruling_date"),
    ({"measures": [MeasureInput(MeasureKind.OTS, date(2026, 4, 2), date(2026, 4, 1))]},
     "measures[0].gi_charged_on"),
    ({"referred_on": date(2026, 2, 20), "waiting_since": date(2026, 3, 1)}, "referred_on"),
    ({"birth_date": date(2020, 1, 1), "waiting_since": date(2025, 3, 1)}, "waiting_since"),
])
def test_unusual_combinations_are_saved_when_confirmed(
        store: Store, changes: dict[str, object], field: str) -> None:
    data = _case(store, **changes)
    with pytest.raises(NeedsConfirmationError) as asked:
        cases.create_case(store, data)
    assert asked.value.field == field
    assert asked.value.message
    assert case_register.count_cases(store) == 0  # nothing saved
    assert cases.create_case(store, data, confirmed=True).id


def test_update_checks_the_same_way(store: Store) -> None:
    created = cases.create_case(store, _case(store))
    with pytest.raises(ValidationError) as refused:
        cases.update_case(store, created.id, replace(created.to_input(),
                                                     help_started_on=date(2026, 4, 1)))
    assert refused.value.field == "help_started_on"
    # A wait for a vaste jeugdbeschermer is not ended by help: no contradiction to refuse.
    cases.update_case(store, created.id, replace(
        created.to_input(), waiting_for=WaitingFor.VASTE_JEUGDBESCHERMER,
        help_started_on=date(2026, 4, 1)))
