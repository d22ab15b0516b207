from datetime import date, timedelta

import pytest
from sqlalchemy import select

from expertteam.domain.enums import (
    AuditAction,
    BlockerKind,
    CaseStatus,
    ClosingResult,
    MeasureKind,
    OrganisationKind,
    WaitingFor,
)
from expertteam.domain.errors import StateError, ValidationError
from expertteam.domain.terms import TermKind
from expertteam.services import audit, audit_verify, case_register, cases, organisations
from expertteam.services.case_data import BlockerInput, CaseInput, MeasureInput
from expertteam.services.case_register import RegisterFilter
from expertteam.services.organisations import ContactInput, OrganisationInput
from expertteam.services.store import Store
from expertteam.storage.models.cases import Case, CaseBlocker, CaseChange
from tests.conftest import TODAY


def _orgs(store: Store) -> tuple[int, int, int]:
    hoorn = organisations.create_organisation(
        store, OrganisationInput(OrganisationKind.MUNICIPALITY, "Hoorn", "GM0405")).id
    gi = organisations.create_organisation(
        store, OrganisationInput(OrganisationKind.GI, "Jeugdbescherming Noord")).id
    provider = organisations.create_organisation(
        store, OrganisationInput(OrganisationKind.PROVIDER, "De Kustlijn")).id
    return hoorn, gi, provider


def _input(hoorn: int, gi: int, **changes: object) -> CaseInput:
    data = CaseInput(given_names="Noël", surname="de Vries", referred_on=date(2026, 10, 1),
                     birth_date=date(2014, 3, 2), bsn="111222333", municipality_id=hoorn,
                     gi_id=gi, waiting_for=WaitingFor.PASSENDE_JEUGDHULP,
                     waiting_since=date(2026, 8, 1),
                     measures=[MeasureInput(MeasureKind.OTS, date(2026, 7, 1),
                                            date(2026, 7, 3), date(2026, 7, 8))])
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def test_create_case_numbers_terms_and_audit(store: Store) -> None:
    hoorn, gi, _ = _orgs(store)
    first = cases.create_case(store, _input(hoorn, gi))
    second = cases.create_case(store, _input(hoorn, gi, given_names="Chloë"))
    assert first.case_number == "ET-2026-0001"
    assert second.case_number == "ET-2026-0002"
    assert first.full_name == "Noël de Vries"
    assert first.bsn_label == "formaat geldig"
    assert first.pseudonym == "ET-2026-0001 · N.V. · 2014"
    kinds = {term.kind for term in first.terms}
    assert {TermKind.FIRST_CONTACT, TermKind.PLAN_VAN_AANPAK, TermKind.HELP_EXPECTED} <= kinds
    logged = [(e.action, e.object_type) for e in audit.list_entries(store)]
    assert (AuditAction.CREATE, "case") in logged
    assert audit_verify.verify_chain(store) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"given_names": "  "}, "given_names"),
        ({"bsn": "123456789"}, "bsn"),
        ({"birth_date": TODAY + timedelta(days=1)}, "birth_date"),
        ({"referred_on": TODAY + timedelta(days=3)}, "referred_on"),
        ({"waiting_since": None}, "waiting_since"),
        ({"surname": "x" * 201}, "surname"),
        ({"goal": "ok\x00"}, "goal"),
    ],
)
def test_invalid_input_names_the_field_and_writes_nothing(
        store: Store, changes: dict[str, object], field: str) -> None:
    hoorn, gi, _ = _orgs(store)
    with pytest.raises(ValidationError) as caught:
        cases.create_case(store, _input(hoorn, gi, **changes))
    assert caught.value.field == field
    assert caught.value.message
    assert case_register.count_cases(store) == 0


def test_organisation_kinds_are_checked(store: Store) -> None:
    hoorn, gi, provider = _orgs(store)
    with pytest.raises(ValidationError) as caught:
        cases.create_case(store, _input(provider, gi))
    assert caught.value.field == "municipality_id"
    assert "gemeente" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        cases.create_case(store, _input(hoorn, hoorn))
    assert caught.value.field == "gi_id"


def test_jeugdbeschermer_must_work_at_the_gi(store: Store) -> None:
    hoorn, gi, provider = _orgs(store)
    elsewhere = organisations.create_contact(store, ContactInput(provider, "Anouk"))
    with pytest.raises(ValidationError) as caught:
        cases.create_case(store, _input(hoorn, gi, jeugdbeschermer_id=elsewhere.id))
    assert caught.value.field == "jeugdbeschermer_id"
    own = organisations.create_contact(store, ContactInput(gi, "Sanne Bakker"))
    created = cases.create_case(store, _input(hoorn, gi, jeugdbeschermer_id=own.id))
    assert created.jeugdbeschermer_name == "Sanne Bakker"


def test_one_transaction_nothing_half_written_on_a_bad_measure(store: Store) -> None:
    hoorn, gi, _ = _orgs(store)
    bad = _input(hoorn, gi, measures=[MeasureInput(MeasureKind.OTS, date(2026, 7, 1),
                                                   date(2026, 7, 3), date(2026, 7, 1))])
    with pytest.raises(ValidationError) as caught:
        cases.create_case(store, bad)
    assert caught.value.field == "measures[0].first_contact_on"
    with store.transaction() as session:
        assert session.scalars(select(Case)).all() == []


def test_update_tracks_history_and_resolves_removed_blockers(store: Store) -> None:
    hoorn, gi, provider = _orgs(store)
    created = cases.create_case(store, _input(hoorn, gi, blockers=[
        BlockerInput(BlockerKind.WAITING_LIST, provider, since=date(2026, 8, 1))]))
    data = created.to_input()
    data.status = CaseStatus.ACTIVE
    data.blockers = []
    updated = cases.update_case(store, created.id, data)
    assert updated.status is CaseStatus.ACTIVE
    assert updated.blockers[0].resolved_on == TODAY
    with store.transaction() as session:
        changes = session.scalars(select(CaseChange).where(CaseChange.field == "status")).all()
        assert [(c.old_value, c.new_value) for c in changes] == [(None, "referred"),
                                                                 ("referred", "active")]
        assert changes[1].effective_on == TODAY
        assert len(session.scalars(select(CaseBlocker)).all()) == 1


def test_close_keeps_history_and_blocks_edits(store: Store) -> None:
    hoorn, gi, _ = _orgs(store)
    created = cases.create_case(store, _input(hoorn, gi))
    closed = cases.close_case(store, created.id, ClosingResult.HELP_STARTED, TODAY, "Gestart.")
    assert closed.status is CaseStatus.CLOSED
    assert closed.help_started_on == TODAY
    with pytest.raises(StateError):
        cases.update_case(store, created.id, closed.to_input())
    with pytest.raises(StateError):
        cases.close_case(store, created.id, ClosingResult.OTHER)
    reopened = cases.reopen_case(store, created.id)
    assert reopened.status is CaseStatus.ACTIVE
    assert cases.get_case(store, created.id).measures


def test_register_rows_and_filters(demo_store: Store) -> None:
    rows = case_register.list_register(demo_store)
    assert len(rows) == 15
    waiting_help = [r for r in rows if r.waiting_for is WaitingFor.PASSENDE_JEUGDHULP]
    waiting_gi = [r for r in rows if r.waiting_for is WaitingFor.VASTE_JEUGDBESCHERMER]
    assert len(waiting_help) >= 9
    assert len(waiting_gi) == 2
    assert any(r.overdue for r in rows)
    noel = case_register.list_register(demo_store, RegisterFilter(text="noël"))
    assert [r.child_name for r in noel] == ["Noël de Vries"]
    hoorn = next(r.municipality_id for r in noel)
    assert all(r.municipality_name == "Hoorn"
               for r in case_register.list_register(demo_store,
                                                    RegisterFilter(municipality_id=hoorn)))
    closed = case_register.list_register(demo_store, RegisterFilter(statuses=(CaseStatus.CLOSED,)))
    assert len(closed) == 2
    assert all(r.next_term is None and r.waiting_for is None for r in closed)
