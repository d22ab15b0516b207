"""Arbitrary text, dates and numbers into the service entry points: each call succeeds or raises
an ``ExpertteamError``; never any other exception (a traceback in front of the user)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from expertteam.domain.enums import (
    ActionStatus,
    AuditAction,
    BlockerKind,
    CaseStatus,
    ClosingResult,
    MeasureKind,
    OrganisationKind,
    UserRole,
    WaitingFor,
)
from expertteam.domain.errors import ExpertteamError
from expertteam.services import (
    actions,
    audit_query,
    case_data,
    case_register,
    cases,
    decisions,
    inzage,
    meeting_data,
    meetings,
    organisations,
    regions,
    retention,
    security,
    users,
)
from expertteam.services import settings as settings_service
from expertteam.services.store import Store

pytestmark = pytest.mark.slow  # a whole flow through the GUI or program; make test-fast skips it

FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

texts = st.text(max_size=300)
maybe_texts = st.none() | texts
dates = st.dates()
maybe_dates = st.none() | dates
# Record ids: mostly small (so that real records are hit), sometimes far out of range.
small_ids = st.integers(min_value=-3, max_value=40)
any_ids = small_ids | st.integers(min_value=-(2**70), max_value=2**70)
ids = st.none() | any_ids  # for parameters that may be None
numbers = st.integers() | st.floats(allow_nan=True) | st.booleans()


def _typed_or_success(call: Callable[[], Any]) -> None:
    """Run ``call``; an ``ExpertteamError`` must carry a message, anything else propagates."""
    message = "ok"
    try:
        call()
    except ExpertteamError as error:
        message = error.message
    assert message.strip()


@FUZZ
@given(given_names=texts, surname=texts, referred_on=dates, birth_date=maybe_dates,
       bsn=maybe_texts, municipality_id=ids, gi_id=ids, waiting_for=st.none() |
       st.sampled_from(WaitingFor), waiting_since=maybe_dates, goal=texts,
       measure=st.sampled_from(MeasureKind), ruling=maybe_dates, end=maybe_dates,
       blocker=st.sampled_from(BlockerKind), since=maybe_dates, note=texts)
def test_cases_create(demo_store: Store, given_names: str, surname: str, referred_on: date,
                      birth_date: date | None, bsn: str | None, municipality_id: int | None,
                      gi_id: int | None, waiting_for: WaitingFor | None,
                      waiting_since: date | None, goal: str, measure: MeasureKind,
                      ruling: date | None, end: date | None, blocker: BlockerKind,
                      since: date | None, note: str) -> None:
    data = case_data.CaseInput(
        given_names=given_names, surname=surname, referred_on=referred_on,
        birth_date=birth_date, bsn=bsn, municipality_id=municipality_id, gi_id=gi_id,
        waiting_for=waiting_for, waiting_since=waiting_since, goal=goal,
        measures=[case_data.MeasureInput(measure, ruling_date=ruling, end_date=end)],
        blockers=[case_data.BlockerInput(blocker, note=note, since=since)])
    _typed_or_success(lambda: cases.create_case(demo_store, data))


@FUZZ
@given(case_id=any_ids, closed_on=maybe_dates, note=texts,
       result=st.sampled_from(ClosingResult), goal=texts, referred_on=dates)
def test_cases_change_close_reopen(demo_store: Store, case_id: int,
                                   closed_on: date | None, note: str, result: ClosingResult,
                                   goal: str, referred_on: date) -> None:
    def update() -> None:
        detail = cases.get_case(demo_store, case_id)
        data = detail.to_input()
        data.goal, data.referred_on = goal, referred_on
        cases.update_case(demo_store, detail.id, data)

    _typed_or_success(update)
    _typed_or_success(lambda: cases.close_case(demo_store, case_id,
                                               result, closed_on, note))
    _typed_or_success(lambda: cases.reopen_case(demo_store, case_id))
    _typed_or_success(lambda: case_register.list_register(demo_store, case_register.RegisterFilter(
        statuses=(CaseStatus.ACTIVE,), municipality_id=case_id, text=note)))


@FUZZ
@given(kind=st.sampled_from(OrganisationKind), name=texts, cbs=maybe_texts, org_id=any_ids,
       contact_name=texts, role=texts, email=texts, phone=texts)
def test_organisations_and_contacts(demo_store: Store, kind: OrganisationKind, name: str,
                                    cbs: str | None, org_id: int, contact_name: str,
                                    role: str, email: str, phone: str) -> None:
    _typed_or_success(lambda: organisations.create_organisation(
        demo_store, organisations.OrganisationInput(kind, name, cbs)))
    _typed_or_success(lambda: organisations.update_organisation(
        demo_store, org_id, organisations.OrganisationInput(kind, name, cbs)))
    _typed_or_success(lambda: organisations.create_contact(demo_store, organisations.ContactInput(
        org_id, contact_name, role, email, phone)))
    _typed_or_success(lambda: organisations.get_organisation(demo_store, org_id))


@FUZZ
@given(code=texts, team=texts, key=texts, value=st.none() | texts | st.integers() |
       st.lists(texts, max_size=3))
def test_regions_and_settings(store: Store, code: str, team: str, key: str, value: Any) -> None:
    _typed_or_success(lambda: regions.set_region(store, code, team))
    _typed_or_success(lambda: settings_service.set_value(store, key, value))
    _typed_or_success(lambda: settings_service.get_value(store, key))


@FUZZ
@given(name=texts, role=st.sampled_from(UserRole) | texts, user_id=any_ids, active=st.booleans(),
       phrase=texts, years=numbers, case_ids=st.lists(ids, max_size=3))
def test_users_retention_security(store: Store, name: str, role: Any, user_id: int,
                                  active: bool, phrase: str, years: Any,
                                  case_ids: list[Any]) -> None:
    _typed_or_success(lambda: users.create_user(store, name, role))
    _typed_or_success(lambda: users.update_user(store, user_id, name, role))
    _typed_or_success(lambda: users.set_active(store, user_id, active))
    _typed_or_success(lambda: users.choose_user(store, user_id))
    _typed_or_success(lambda: retention.set_retention_years(store, years))
    _typed_or_success(lambda: retention.purge_cases(store, case_ids))
    _typed_or_success(lambda: security.passphrase_strength(phrase))
    _typed_or_success(lambda: security.verify_passphrase(store, phrase))


@FUZZ
@given(action=st.none() | st.sampled_from(AuditAction), object_type=texts, object_id=texts,
       origin=texts, date_from=maybe_dates, date_to=maybe_dates, actor=ids)
def test_audit_viewer(store: Store, action: AuditAction | None, object_type: str,
                      object_id: str, origin: str, date_from: date | None,
                      date_to: date | None, actor: int | None) -> None:
    wanted = audit_query.AuditFilter(actor, action, None, object_type, object_id, origin,
                                     date_from, date_to)
    _typed_or_success(lambda: audit_query.query(store, wanted))


@FUZZ
@given(case_id=any_ids, description=texts, owner=ids, due=maybe_dates,
       status=st.sampled_from(ActionStatus), note=texts, action_id=any_ids)
def test_actions(demo_store: Store, case_id: int, description: str, owner: int | None,
                 due: date | None, status: ActionStatus, note: str,
                 action_id: int) -> None:
    _typed_or_success(lambda: actions.create_action(demo_store, actions.ActionInput(
        case_id, description, owner, due_on=due)))
    _typed_or_success(lambda: actions.change_action_status(
        demo_store, action_id, status, note))
    if due is not None:
        _typed_or_success(lambda: actions.change_due_date(
            demo_store, action_id, due, note))


@FUZZ
@given(held_on=dates, place=texts, chair=texts, notes=texts, meeting_id=any_ids)
def test_meetings(demo_store: Store, held_on: date, place: str, chair: str, notes: str,
                  meeting_id: int) -> None:
    data = meeting_data.MeetingInput(held_on, None, place, chair, "", notes)
    _typed_or_success(lambda: meetings.plan_meeting(demo_store, data))
    _typed_or_success(lambda: meetings.update_meeting(demo_store, meeting_id,
                                                      data))
    _typed_or_success(lambda: meetings.get_meeting(demo_store, meeting_id))


@FUZZ
@given(case_id=any_ids)
def test_inzage_collect(demo_store: Store, case_id: int) -> None:
    _typed_or_success(lambda: inzage.collect(demo_store, case_id))


def test_fuzz_helper_can_fail() -> None:
    with pytest.raises(ZeroDivisionError):
        _typed_or_success(lambda: 1 / 0)


@FUZZ
@given(meetmoment=dates, previous=maybe_dates, start=dates, end=dates)
def test_monitor(demo_store: Store, meetmoment: date, previous: date | None, start: date,
                 end: date) -> None:
    from expertteam.services import monitor

    _typed_or_success(lambda: monitor.monitor_at(demo_store, meetmoment, previous,
                                                 (start, end)))


@FUZZ
@given(meeting_id=any_ids, item_id=any_ids, case_id=ids, title=texts, summary=texts,
       decision=texts)
def test_agenda(demo_store: Store, meeting_id: int, item_id: int, case_id: int | None,
                title: str, summary: str, decision: str) -> None:
    from expertteam.services import agenda

    _typed_or_success(lambda: agenda.add_agenda_item(demo_store, meeting_id, case_id=case_id,
                                                     title=title))
    _typed_or_success(lambda: agenda.set_summary(demo_store, item_id, summary))
    _typed_or_success(lambda: decisions.add_decision(demo_store, item_id, decision))
    _typed_or_success(lambda: agenda.fill_agenda(demo_store, meeting_id))


@FUZZ
@given(reference=texts, signal_key=texts, case_id=ids, escalation_id=any_ids,
       response=texts, follow_up=maybe_dates)
def test_escalations_and_documents(demo_store: Store, reference: str, signal_key: str,
                                   case_id: int | None, escalation_id: int, response: str,
                                   follow_up: date | None) -> None:
    from expertteam.services import documents, escalation_drafts, escalations

    _typed_or_success(lambda: escalations.find_escalation_id(demo_store, reference))
    _typed_or_success(lambda: escalation_drafts.draft_from_signal(demo_store, signal_key,
                                                                  case_id=case_id))
    _typed_or_success(lambda: escalations.record_response(demo_store, escalation_id,
                                                          response))
    _typed_or_success(lambda: escalations.set_follow_up(demo_store, escalation_id, follow_up))
    _typed_or_success(lambda: documents.find_case_id(demo_store, reference))
