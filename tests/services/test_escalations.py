"""The escalation register: from a signal to a concept, the status ladder with dates, the
response, the follow-up date and each case's trail."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from expertteam.domain.enums import AuditAction, BlockerKind
from expertteam.domain.errors import NotFoundError, StateError, ValidationError
from expertteam.domain.escalation import EscalationLevel, EscalationStatus
from expertteam.services import audit, escalation_drafts, escalations, signals
from expertteam.services.escalation_info import EscalationInput
from expertteam.services.store import Store
from tests.conftest import TODAY, pin_day
from tests.escalation_helpers import (
    DE_DIJK,
    EXPERTISE_NETWORK,
    JEUGDAUTORITEIT,
    OZJ,
    block_third_child_at_de_dijk,
    case_ids,
    fail_two_agreements,
    org_ids,
)


def case_input(store: Store, **changes: object) -> EscalationInput:
    noel = case_ids(store)["ET-2026-0001"]
    base = EscalationInput(EscalationLevel.EXPERTISE_NETWORK,
                           org_ids(store)[EXPERTISE_NETWORK], TODAY,
                           blocker_kinds=(BlockerKind.WAITING_LIST,), case_ids=(noel,),
                           request="Graag een plek binnen vier weken.")
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_case_escalation_drafted_from_a_signal(demo_store: Store) -> None:
    noel = case_ids(demo_store)["ET-2026-0001"]
    failed = fail_two_agreements(demo_store, noel)
    key = f"not_met:case={noel}:org={org_ids(demo_store)['Hoorn']}"
    draft = escalation_drafts.draft_from_signal(demo_store, key)
    assert draft.level is EscalationLevel.EXPERTISE_NETWORK
    assert draft.addressee_id == org_ids(demo_store)[EXPERTISE_NETWORK]
    assert draft.case_ids == (noel,)
    assert draft.action_ids == tuple(failed)
    assert set(draft.blocker_kinds) == {BlockerKind.WAITING_LIST, BlockerKind.FINANCING_DISPUTE}
    assert draft.follow_up_on == TODAY + timedelta(weeks=4)
    assert draft.signal_key == key
    created = escalations.create_escalation(demo_store, draft)
    assert created.reference == "ESC-2026-001"
    assert created.status is EscalationStatus.CONCEPT
    assert [a.id for a in created.actions] == failed
    assert created.cases[0].pseudonym.startswith("ET-2026-0001 · N.V.")
    assert created.events[0].kind == "created"
    second = escalations.create_escalation(demo_store, draft)
    assert second.reference == "ESC-2026-002"


def test_a_continuity_report_drafted_from_a_continuity_signal(demo_store: Store) -> None:
    block_third_child_at_de_dijk(demo_store)
    de_dijk = org_ids(demo_store)[DE_DIJK]
    draft = escalation_drafts.draft_from_signal(demo_store, f"continuity:org={de_dijk}")
    assert draft.level is EscalationLevel.JEUGDAUTORITEIT
    assert draft.addressee_id == org_ids(demo_store)[JEUGDAUTORITEIT]
    assert draft.subject_organisation_id == de_dijk
    assert len(draft.case_ids) == 3
    assert set(draft.blocker_kinds) == {BlockerKind.ADMISSION_STOP,
                                        BlockerKind.PLACEMENT_UNAVAILABLE}
    assert draft.problem_since is not None
    created = escalations.create_escalation(demo_store, draft)
    assert created.subject_organisation_name == DE_DIJK
    assert len(created.cases) == 3


def test_a_follow_up_signal_opens_no_new_escalation(demo_store: Store) -> None:
    created = escalations.create_escalation(demo_store, case_input(
        demo_store, follow_up_on=TODAY + timedelta(days=1)))
    escalations.change_status(demo_store, created.id, EscalationStatus.SENT)
    pin_day(TODAY + timedelta(days=2))
    with pytest.raises(StateError):
        escalation_drafts.draft_from_signal(demo_store, f"follow_up:escalation={created.id}")
    with pytest.raises(NotFoundError):
        escalation_drafts.draft_from_signal(demo_store, "waiting:case=424242")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"addressee_id": None}, "addressee_id"),
        ({"level": EscalationLevel.OZJ}, "addressee_id"),  # the expertisenetwerk is not OZJ
        ({"case_ids": ()}, "case_ids"),
        ({"blocker_kinds": ()}, "blocker_kinds"),
        ({"opened_on": TODAY + timedelta(days=1)}, "opened_on"),
        ({"follow_up_on": TODAY - timedelta(days=1)}, "follow_up_on"),
        ({"problem_since": TODAY + timedelta(days=3)}, "problem_since"),
        ({"request": "x" * 4001}, "request"),
    ],
)
def test_invalid_input_names_the_field(demo_store: Store, changes: dict[str, object],
                                       field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        escalations.create_escalation(demo_store, case_input(demo_store, **changes))
    assert caught.value.field == field
    assert caught.value.message


def test_a_case_escalation_is_about_one_child_and_its_own_actions(demo_store: Store) -> None:
    ids = case_ids(demo_store)
    with pytest.raises(ValidationError) as caught:
        escalations.create_escalation(demo_store, case_input(
            demo_store, case_ids=(ids["ET-2026-0001"], ids["ET-2026-0003"])))
    assert caught.value.field == "case_ids"
    assert "Jeugdautoriteit" in caught.value.message
    other = fail_two_agreements(demo_store, ids["ET-2026-0003"])
    with pytest.raises(ValidationError) as caught:
        escalations.create_escalation(demo_store, case_input(demo_store, action_ids=(other[0],)))
    assert caught.value.field == "action_ids"


def test_status_ladder_with_dates_and_the_response(demo_store: Store) -> None:
    created = escalations.create_escalation(demo_store, case_input(
        demo_store, opened_on=TODAY - timedelta(days=20),
        addressee_id=org_ids(demo_store)[OZJ], level=EscalationLevel.OZJ))
    sent = escalations.change_status(demo_store, created.id, EscalationStatus.SENT,
                                     TODAY - timedelta(days=19))
    assert (sent.status, sent.status_on) == (EscalationStatus.SENT, TODAY - timedelta(days=19))
    assert sent.sent_on == TODAY - timedelta(days=19)
    with pytest.raises(ValidationError) as caught:  # before the previous change
        escalations.change_status(demo_store, created.id, EscalationStatus.RECEIVED,
                                  TODAY - timedelta(days=25))
    assert caught.value.field == "on"
    with pytest.raises(ValidationError):  # in the future
        escalations.change_status(demo_store, created.id, EscalationStatus.RECEIVED,
                                  TODAY + timedelta(days=1))
    with pytest.raises(ValidationError) as caught:  # "beantwoord" needs the answer
        escalations.change_status(demo_store, created.id, EscalationStatus.ANSWERED)
    assert caught.value.field == "response"
    escalations.change_status(demo_store, created.id, EscalationStatus.RECEIVED,
                              TODAY - timedelta(days=18))
    answered = escalations.record_response(
        demo_store, created.id, "Het OZJ belegt een overleg met de aanbieders.",
        TODAY - timedelta(days=5), follow_up_on=TODAY + timedelta(days=10))
    assert answered.status is EscalationStatus.ANSWERED
    assert answered.response_on == TODAY - timedelta(days=5)
    assert answered.follow_up_on == TODAY + timedelta(days=10)
    resolved = escalations.change_status(demo_store, created.id, EscalationStatus.RESOLVED,
                                         note="Plek gevonden")
    assert [e.new_status for e in resolved.events if e.kind == "status"] == [
        EscalationStatus.SENT, EscalationStatus.RECEIVED, EscalationStatus.ANSWERED,
        EscalationStatus.RESOLVED]
    with pytest.raises(StateError) as state:
        escalations.change_status(demo_store, created.id, EscalationStatus.SENT)
    assert "afgerond" in state.value.message
    with pytest.raises(StateError):
        escalations.set_follow_up(demo_store, created.id, TODAY + timedelta(days=30))


def test_a_response_needs_a_sent_escalation_and_text(demo_store: Store) -> None:
    created = escalations.create_escalation(demo_store, case_input(demo_store))
    with pytest.raises(ValidationError):
        escalations.record_response(demo_store, created.id, "   ")
    with pytest.raises(StateError):
        escalations.record_response(demo_store, created.id, "Antwoord op een concept?")


def test_only_a_concept_can_be_changed(demo_store: Store) -> None:
    created = escalations.create_escalation(demo_store, case_input(demo_store))
    changed = escalations.update_escalation(demo_store, created.id, replace(
        created.to_input(), request="Graag binnen twee weken."))
    assert changed.request == "Graag binnen twee weken."
    continuity = replace(changed.to_input(), level=EscalationLevel.JEUGDAUTORITEIT,
                         addressee_id=org_ids(demo_store)[JEUGDAUTORITEIT])
    with pytest.raises(ValidationError) as caught:
        escalations.update_escalation(demo_store, created.id, continuity)
    assert caught.value.field == "level"
    escalations.change_status(demo_store, created.id, EscalationStatus.SENT)
    with pytest.raises(StateError):
        escalations.update_escalation(demo_store, created.id, changed.to_input())
    moved = escalations.set_follow_up(demo_store, created.id, TODAY + timedelta(days=21))
    assert moved.follow_up_on == TODAY + timedelta(days=21)


def test_each_case_shows_its_escalation_trail(demo_store: Store) -> None:
    ids = case_ids(demo_store)
    first = escalations.create_escalation(demo_store, case_input(
        demo_store, opened_on=TODAY - timedelta(days=30)))
    escalations.change_status(demo_store, first.id, EscalationStatus.SENT,
                              TODAY - timedelta(days=29))
    block_third_child_at_de_dijk(demo_store)
    continuity = escalations.create_escalation(demo_store, escalation_drafts.draft_from_signal(
        demo_store, f"continuity:org={org_ids(demo_store)[DE_DIJK]}"))
    trail = escalations.case_trail(demo_store, ids["ET-2026-0001"])
    assert [e.reference for e in trail] == [first.reference, continuity.reference]
    assert [e.text for e in trail[0].events] == ["Escalatie aangemaakt", "Status: verzonden"]
    assert escalations.case_trail(demo_store, ids["ET-2026-0005"]) == []
    rows = escalations.list_escalations(demo_store, case_id=ids["ET-2026-0003"])
    assert [r.reference for r in rows] == [continuity.reference]
    sent = escalations.list_escalations(demo_store, statuses=(EscalationStatus.SENT,))
    assert [r.reference for r in sent] == [first.reference]
    with pytest.raises(NotFoundError):
        escalations.case_trail(demo_store, 424242)


def test_changes_are_logged_by_record_id(demo_store: Store) -> None:
    created = escalations.create_escalation(demo_store, case_input(demo_store))
    escalations.change_status(demo_store, created.id, EscalationStatus.SENT)
    entries = [e for e in audit.list_entries(demo_store) if e.object_type == "escalation"]
    assert [(e.action, e.object_id, e.detail) for e in entries[:2]] == [
        (AuditAction.CHANGE, str(created.id), "status:sent"),
        (AuditAction.CREATE, str(created.id), "")]


def test_the_signal_that_started_it_can_be_dismissed_with_the_escalation_as_reason(
        demo_store: Store) -> None:
    noel = case_ids(demo_store)["ET-2026-0001"]
    row = next(r for r in signals.current_signals(demo_store)
               if r.signal.key == f"waiting:case={noel}")
    created = escalations.create_escalation(demo_store, escalation_drafts.draft_from_signal(
        demo_store, row.signal.key))
    signals.dismiss_signal(demo_store, row.signal.key, row.signal.fingerprint,
                           f"Opgeschaald: {created.reference}")
    assert row.signal.key not in {r.signal.key for r in signals.current_signals(demo_store)}
