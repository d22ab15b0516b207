from collections.abc import Callable
from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from expertteam.domain.enums import (
    ActionStatus,
    AgendaItemKind,
    Attendance,
    AuditAction,
    CaseStatus,
    MeetingStatus,
)
from expertteam.domain.errors import (
    ExpertteamError,
    LockedError,
    NotFoundError,
    StateError,
    ValidationError,
)
from expertteam.services import (
    action_rows,
    actions,
    agenda,
    agenda_proposal,
    audit,
    audit_verify,
    case_register,
    decisions,
    meeting_invitees,
    meeting_record,
    meetings,
    organisations,
    settings,
)
from expertteam.services.actions import ActionInput
from expertteam.services.meeting_data import InviteeInput, MeetingInput
from expertteam.services.store import Store
from expertteam.storage.models.meetings import AgendaItem, Decision, Meeting
from tests.conftest import TODAY, pin_day
from tests.meeting_helpers import org_ids, plan, start_with_agenda

LATER = TODAY + timedelta(days=14)


# --------------------------------------------------------------------------- planning

def test_plan_meeting_with_invitees_and_list(demo_store: Store) -> None:
    meeting = meetings.plan_meeting(
        demo_store, MeetingInput(TODAY, time(9, 30), "  Gemeentehuis Hoorn ", "Marleen",
                                 "Rik"),
        [InviteeInput(org_ids(demo_store)["Hoorn"])])
    assert meeting.status is MeetingStatus.PLANNED
    assert meeting.place == "Gemeentehuis Hoorn"
    assert meeting.starts_at == time(9, 30)
    assert meeting.version == 1
    assert [i.organisation_name for i in meeting.invitees] == ["Hoorn"]
    assert meeting.invitees[0].attendance is Attendance.UNKNOWN
    rows = meetings.list_meetings(demo_store)
    assert [(r.id, r.invitee_count, r.item_count) for r in rows] == [(meeting.id, 1, 0)]
    logged = {(e.action, e.object_type) for e in audit.list_entries(demo_store)}
    assert (AuditAction.CREATE, "meeting") in logged
    assert (AuditAction.VIEW, "meeting") in logged


def test_plan_meeting_validation_names_the_field(demo_store: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        meetings.plan_meeting(demo_store, MeetingInput(date(1900, 1, 1)))
    assert caught.value.field == "held_on"
    with pytest.raises(ValidationError) as caught:
        meetings.plan_meeting(demo_store, MeetingInput(TODAY, place="x" * 201))
    assert caught.value.field == "place"
    hoorn = org_ids(demo_store)["Hoorn"]
    with pytest.raises(ValidationError, match="al op de lijst"):
        meetings.plan_meeting(demo_store, MeetingInput(TODAY),
                              [InviteeInput(hoorn), InviteeInput(hoorn)])
    assert meetings.list_meetings(demo_store) == []  # nothing half-written


def test_invitee_contact_must_work_for_the_organisation(demo_store: Store) -> None:
    meeting = plan(demo_store, invited=())
    contacts = {c.name: c for c in organisations.list_contacts(demo_store)}
    sanne = contacts["Sanne Bakker"]  # Jeugdbescherming Noord
    with pytest.raises(ValidationError) as caught:
        meeting_invitees.add_invitee(demo_store, meeting.id,
                                     InviteeInput(org_ids(demo_store)["Hoorn"], sanne.id))
    assert caught.value.field == "contact_id"
    invitee = meeting_invitees.add_invitee(demo_store, meeting.id,
                                           InviteeInput(sanne.organisation_id, sanne.id))
    assert invitee.label == "Jeugdbescherming Noord — Sanne Bakker"
    assert not invitee.late_addition


def test_late_addition_during_meeting_is_present_and_removable(demo_store: Store) -> None:
    meeting, _items = start_with_agenda(demo_store)
    regular = meeting.invitees[0]
    late = meeting_invitees.add_invitee(demo_store, meeting.id,
                                        InviteeInput(org_ids(demo_store)["Sociaal Team Hoorn"]))
    assert late.late_addition
    assert late.attendance is Attendance.PRESENT
    with pytest.raises(StateError, match="afwezig"):
        meeting_invitees.remove_invitee(demo_store, regular.id)
    meeting_invitees.remove_invitee(demo_store, late.id)
    names = [i.organisation_name for i in meetings.get_meeting(demo_store, meeting.id).invitees]
    assert "Sociaal Team Hoorn" not in names


def test_attendance_planned_and_in_progress(demo_store: Store) -> None:
    meeting = plan(demo_store)
    excused = meeting_invitees.set_attendance(demo_store, meeting.invitees[1].id,
                                              Attendance.EXCUSED)
    assert excused.attendance is Attendance.EXCUSED
    meetings.start_meeting(demo_store, meeting.id)
    meeting_invitees.set_attendance(demo_store, meeting.invitees[0].id, Attendance.PRESENT)
    info = meetings.get_meeting(demo_store, meeting.id)
    assert [i.attendance for i in info.invitees[:2]] == [Attendance.PRESENT, Attendance.EXCUSED]
    assert [i.organisation_name for i in info.present] == ["Hoorn"]


def test_status_runs_planned_in_progress_closed(demo_store: Store) -> None:
    meeting = plan(demo_store)
    with pytest.raises(StateError, match="Start het overleg"):
        meetings.close_meeting(demo_store, meeting.id)
    started = meetings.start_meeting(demo_store, meeting.id)
    assert started.status is MeetingStatus.IN_PROGRESS
    assert started.started_at is not None
    with pytest.raises(StateError, match="al gestart"):
        meetings.start_meeting(demo_store, meeting.id)
    closed = meetings.close_meeting(demo_store, meeting.id).meeting
    assert closed.status is MeetingStatus.CLOSED
    assert closed.closed_at is not None
    with pytest.raises(LockedError):
        meetings.close_meeting(demo_store, meeting.id)
    with pytest.raises(LockedError):
        meetings.start_meeting(demo_store, meeting.id)
    with pytest.raises(NotFoundError):
        meetings.get_meeting(demo_store, 9999)


def test_suggest_invitees_from_the_agenda_cases(demo_store: Store) -> None:
    meeting = plan(demo_store, invited=("Hoorn",))
    agenda.fill_agenda(demo_store, meeting.id)
    suggested = {s.organisation_name: s.reason for s in
                 meeting_invitees.suggest_invitees(demo_store, meeting.id)}
    assert "Hoorn" not in suggested  # already invited
    assert suggested["Jeugdbescherming Noord"] == "GI van een casus op de agenda"
    assert suggested["Enkhuizen"] == "gemeente van een casus op de agenda"
    assert suggested["JeugdzorgPlus De Dijk"] == "genoemd bij een knelpunt"


# --------------------------------------------------------------------------- agenda proposal

def test_first_demo_proposal_new_referrals_then_evaluation(demo_store: Store) -> None:
    meeting = plan(demo_store)
    proposal = agenda_proposal.propose_agenda(demo_store, meeting.id)
    kinds = [p.kind for p in proposal]
    assert kinds == sorted(kinds, key=agenda_proposal.GROUP_ORDER.index)  # grouped in order
    new = [p for p in proposal if p.kind is AgendaItemKind.NEW_REFERRAL]
    assert {p.child_name for p in new} == {"Zoë Bos", "Mila Hendriks", "Jesse Kok"}
    assert all(p.reasons[0].startswith("Aangemeld op") for p in new)
    evaluation = {p.child_name: p for p in proposal if p.kind is AgendaItemKind.EVALUATION}
    assert "Status monitoring" in evaluation["Sem Mulder"].reasons
    assert "Noël de Vries" in evaluation  # active, never discussed for 20 weeks
    names = {p.child_name for p in proposal}
    assert "Thijs Peters" not in names
    assert "Lotte Willems" not in names
    assert len(proposal) == 13
    assert not any(p.on_agenda for p in proposal)
    assert all("·" in p.pseudonym and p.case_number in p.pseudonym for p in proposal)


def test_fill_agenda_is_idempotent_and_respects_dropped_items(demo_store: Store) -> None:
    meeting = plan(demo_store)
    items = agenda.fill_agenda(demo_store, meeting.id).agenda
    assert [i.position for i in items] == list(range(1, 14))
    dropped = agenda.set_dropped(demo_store, items[0].id, True)
    assert dropped.dropped
    again = agenda.fill_agenda(demo_store, meeting.id).agenda
    assert [i.id for i in again] == [i.id for i in items]
    assert again[0].dropped
    assert all(p.on_agenda for p in agenda_proposal.propose_agenda(demo_store, meeting.id))
    restored = agenda.add_agenda_item(demo_store, meeting.id, case_id=items[0].case_id)
    assert restored.id == items[0].id
    assert not restored.dropped
    with pytest.raises(ValidationError, match="al op de agenda"):
        agenda.add_agenda_item(demo_store, meeting.id, case_id=items[0].case_id)


def test_reorder_add_general_item_and_drop(demo_store: Store) -> None:
    meeting = plan(demo_store)
    items = agenda.fill_agenda(demo_store, meeting.id).agenda
    general = agenda.add_agenda_item(demo_store, meeting.id, title="Jaarplan 2027")
    assert general.case_id is None
    assert general.position == 14
    assert general.heading() == "Jaarplan 2027"
    with pytest.raises(ValidationError) as caught:
        agenda.add_agenda_item(demo_store, meeting.id, title="  ")
    assert caught.value.field == "title"
    order = [general.id] + [i.id for i in reversed(items)]
    reordered = agenda.reorder_agenda(demo_store, meeting.id, order)
    assert [i.id for i in reordered] == order
    assert [i.position for i in reordered] == list(range(1, 15))
    with pytest.raises(ValidationError, match="intussen gewijzigd"):
        agenda.reorder_agenda(demo_store, meeting.id, order[:-1])
    closed_case = next(r.id for r in case_register.list_register(demo_store)
                       if r.status is CaseStatus.CLOSED)
    with pytest.raises(StateError, match="afgesloten"):
        agenda.add_agenda_item(demo_store, meeting.id, case_id=closed_case)


def test_drop_is_refused_once_something_is_recorded(demo_store: Store) -> None:
    _meeting, items = start_with_agenda(demo_store)
    decisions.add_decision(demo_store, items[0].id, "Casus in behandeling genomen.")
    with pytest.raises(StateError, match="besluiten of acties"):
        agenda.set_dropped(demo_store, items[0].id, True)


def test_evaluation_weeks_setting_and_all_actions_done(demo_store: Store) -> None:
    meeting, items = start_with_agenda(demo_store)
    noel = next(i for i in items if i.child_name == "Noël de Vries")
    ids = org_ids(demo_store)
    action = actions.create_action(demo_store, ActionInput(
        noel.case_id or 0, "Intake plannen", ids["GGZ Jong Westfriesland"],
        agenda_item_id=noel.id))
    for item in items:
        agenda.set_discussed(demo_store, item.id, True)
    meetings.close_meeting(demo_store, meeting.id)
    actions.change_action_status(demo_store, action.id, ActionStatus.DONE, "Intake was 1 dec")
    settings.set_value(demo_store, agenda_proposal.EVALUATION_WEEKS_KEY, 1)
    following = plan(demo_store, LATER)
    proposal = {p.child_name: p for p in agenda_proposal.propose_agenda(demo_store, following.id)}
    assert proposal["Noël de Vries"].kind is AgendaItemKind.EVALUATION
    assert "Alle acties afgerond" in proposal["Noël de Vries"].reasons
    assert "2 weken niet besproken" in proposal["Noël de Vries"].reasons
    settings.set_value(demo_store, agenda_proposal.EVALUATION_WEEKS_KEY, 6)
    proposal = {p.child_name: p for p in agenda_proposal.propose_agenda(demo_store, following.id)}
    assert proposal["Noël de Vries"].reasons == ("Alle acties afgerond",)
    assert "Chloë Jansen" not in proposal  # discussed two weeks ago, nothing open
    assert proposal["Sem Mulder"].reasons == ("Status monitoring",)


# --------------------------------------------------------------------------- carry-over

def test_carry_over_of_undiscussed_items_and_open_actions(demo_store: Store) -> None:
    meeting, items = start_with_agenda(demo_store)
    ids = org_ids(demo_store)
    first, second, third = items[0], items[1], items[2]
    decisions.add_decision(demo_store, first.id, "Casus in behandeling genomen.")
    action = actions.create_action(demo_store, ActionInput(
        second.case_id or 0, "Vaste jeugdbeschermer toewijzen", ids["Jeugdbescherming Noord"],
        agenda_item_id=second.id))
    for item in items[3:]:
        agenda.set_discussed(demo_store, item.id, True)
    dropped = agenda.add_agenda_item(demo_store, meeting.id, title="Rondvraag")
    agenda.set_dropped(demo_store, dropped.id, True)
    general = agenda.add_agenda_item(demo_store, meeting.id, title="Jaarplan 2027")
    summary = meetings.close_meeting(demo_store, meeting.id)
    assert summary.undiscussed_items == 2  # the third case and the general item
    assert summary.open_actions == 1
    assert summary.next_meeting_id is None

    following = plan(demo_store, LATER)
    proposal = agenda_proposal.propose_agenda(demo_store, following.id)
    by_case = {p.case_id: p for p in proposal}
    assert proposal[0].kind is AgendaItemKind.ACTION_REVIEW  # the meeting opens with it
    assert proposal[0].case_id == second.case_id
    assert proposal[0].reasons[0] == "1 open actie uit eerder overleg"
    assert by_case[third.case_id].carried_over_from_id == third.id
    assert by_case[third.case_id].reasons[0] == "Niet besproken op 23-11-2026"
    assert first.case_id not in by_case  # discussed, nothing open
    general_items = [p for p in proposal if p.case_id is None]
    assert [(p.title, p.carried_over_from_id) for p in general_items] == [
        ("Jaarplan 2027", general.id)]
    filled = agenda.fill_agenda(demo_store, following.id).agenda
    assert next(i.kind for i in filled) is AgendaItemKind.ACTION_REVIEW
    assert {i.carried_over_from_id for i in filled} >= {third.id, general.id}
    assert action.number == 1


def test_closing_fills_the_next_planned_meeting(demo_store: Store) -> None:
    following = plan(demo_store, LATER)
    prepared = agenda.fill_agenda(demo_store, following.id).agenda
    meeting, items = start_with_agenda(demo_store)
    ids = org_ids(demo_store)
    target = items[0]
    actions.create_action(demo_store, ActionInput(
        target.case_id or 0, "Plek zoeken", ids["Hoorn"], agenda_item_id=target.id))
    summary = meetings.close_meeting(demo_store, meeting.id)
    assert summary.next_meeting_id == following.id
    after = agenda.list_agenda(demo_store, following.id)
    case_item = next(i for i in after if i.case_id == items[1].case_id)
    assert case_item.carried_over_from_id == items[1].id  # set on the existing item
    assert {i.case_id for i in after} == {i.case_id for i in prepared}
    assert summary.added_to_next_meeting == 0


# --------------------------------------------------------------------------- locking

def _locked_calls(store: Store, meeting_id: int) -> dict[str, Callable[[], object]]:
    info = meetings.get_meeting(store, meeting_id)
    items = agenda.list_agenda(store, meeting_id)
    with store.transaction() as session:
        decision_id = session.scalars(select(Decision.id).join(AgendaItem).where(
            AgendaItem.meeting_id == meeting_id)).first()
    assert decision_id is not None
    ids = org_ids(store)
    return {
        "attendance": lambda: meeting_invitees.set_attendance(store, info.invitees[0].id,
                                                              Attendance.ABSENT),
        "invitee": lambda: meeting_invitees.add_invitee(store, meeting_id,
                                                        InviteeInput(ids["CJG Medemblik"])),
        "remove invitee": lambda: meeting_invitees.remove_invitee(store, info.invitees[0].id),
        "header": lambda: meetings.update_meeting(store, meeting_id, MeetingInput(TODAY)),
        "decision": lambda: decisions.add_decision(store, items[0].id, "Nog een besluit"),
        "change decision": lambda: decisions.change_decision(store, decision_id, "Anders"),
        "withdraw decision": lambda: decisions.set_decision_withdrawn(store, decision_id, True),
        "summary": lambda: agenda.set_summary(store, items[0].id, "Toch nog iets"),
        "discussed": lambda: agenda.set_discussed(store, items[1].id, True),
        "drop": lambda: agenda.set_dropped(store, items[1].id, True),
        "add item": lambda: agenda.add_agenda_item(store, meeting_id, title="Extra"),
        "reorder": lambda: agenda.reorder_agenda(store, meeting_id,
                                                 [i.id for i in reversed(items)]),
        "fill": lambda: agenda.fill_agenda(store, meeting_id),
        "action": lambda: actions.create_action(store, ActionInput(
            items[0].case_id or 0, "Te laat", ids["Hoorn"], agenda_item_id=items[0].id)),
    }


def test_closed_meeting_is_locked_with_a_dutch_message(demo_store: Store) -> None:
    meeting, items = start_with_agenda(demo_store)
    decisions.add_decision(demo_store, items[0].id, "Casus in behandeling genomen.")
    agenda.set_summary(demo_store, items[0].id, "Besproken met de GI.")
    meetings.close_meeting(demo_store, meeting.id)
    with demo_store.transaction() as session:
        before = session.get(Meeting, meeting.id)
        assert before is not None
        stamp = before.updated_at
    for name, call in _locked_calls(demo_store, meeting.id).items():
        with pytest.raises(LockedError) as caught:
            call()
        assert "gesloten" in caught.value.message, name
        assert "addendum" in caught.value.message, name
    record = meeting_record.meeting_record(demo_store, meeting.id)
    assert [d.text for d in record.decisions] == ["Casus in behandeling genomen."]
    assert record.items[0].summary == "Besproken met de GI."
    with demo_store.transaction() as session:
        after = session.get(Meeting, meeting.id)
        assert after is not None
        assert after.updated_at == stamp


def test_decisions_need_a_started_meeting(demo_store: Store) -> None:
    meeting = plan(demo_store)
    items = agenda.fill_agenda(demo_store, meeting.id).agenda
    with pytest.raises(StateError, match="nog niet gestart"):
        decisions.add_decision(demo_store, items[0].id, "Te vroeg")
    meetings.start_meeting(demo_store, meeting.id)
    with pytest.raises(ValidationError) as caught:
        decisions.add_decision(demo_store, items[0].id, "   ")
    assert caught.value.field == "text"


# --------------------------------------------------------------------------- addenda

def test_addendum_raises_version_and_keeps_the_earlier_version(demo_store: Store) -> None:
    meeting, items = start_with_agenda(demo_store)
    decisions.add_decision(demo_store, items[0].id, "Casus in behandeling genomen.")
    with pytest.raises(StateError, match="gesloten overleg"):
        meetings.add_addendum(demo_store, meeting.id, "Te vroeg")
    meetings.close_meeting(demo_store, meeting.id)
    with pytest.raises(ValidationError) as caught:
        meetings.add_addendum(demo_store, meeting.id, "")
    assert caught.value.field == "text"
    addendum = meetings.add_addendum(
        demo_store, meeting.id, "Besluit 1: bedoeld is de voorlopige OTS, niet de OTS.")
    assert addendum.version == 2
    second = meetings.add_addendum(demo_store, meeting.id, "Aanwezig was ook Veilig Thuis.")
    assert second.version == 3
    assert meetings.get_meeting(demo_store, meeting.id).version == 3
    original = meeting_record.meeting_record(demo_store, meeting.id, version=1)
    assert original.addenda == ()
    assert original.version == 1
    assert original.latest_version == 3
    assert [d.text for d in original.decisions] == ["Casus in behandeling genomen."]
    middle = meeting_record.meeting_record(demo_store, meeting.id, version=2)
    assert [a.version for a in middle.addenda] == [2]
    latest = meeting_record.meeting_record(demo_store, meeting.id)
    assert [a.text for a in latest.addenda] == [
        "Besluit 1: bedoeld is de voorlopige OTS, niet de OTS.", "Aanwezig was ook Veilig Thuis."]
    assert latest.decisions == original.decisions  # the closed record itself never changed
    with pytest.raises(ValidationError) as caught:
        meeting_record.meeting_record(demo_store, meeting.id, version=4)
    assert caught.value.field == "version"


# --------------------------------------------------------------------------- record

def test_meeting_record_for_the_minutes(demo_store: Store) -> None:
    meeting, items = start_with_agenda(demo_store)
    ids = org_ids(demo_store)
    meeting_invitees.set_attendance(demo_store, meeting.invitees[1].id, Attendance.EXCUSED)
    first, second = items[0], items[1]
    decisions.add_decision(demo_store, first.id, "Casus in behandeling genomen.")
    withdrawn = decisions.add_decision(demo_store, first.id, "Per abuis")
    decisions.set_decision_withdrawn(demo_store, withdrawn.id, True)
    decisions.add_decision(demo_store, second.id, "Opschalen naar het expertisenetwerk.")
    agenda.set_summary(demo_store, second.id, "De GI heeft geen capaciteit.")
    action = actions.create_action(demo_store, ActionInput(
        second.case_id or 0, "Expertisenetwerk benaderen", ids["Hoorn"],
        agenda_item_id=second.id, due_on=TODAY + timedelta(days=7)))
    record = meeting_record.meeting_record(demo_store, meeting.id)
    assert record.team_name == "Expertteam Westfriesland"
    assert record.place == "Gemeentehuis Hoorn"
    assert record.chair_name == "Marleen de Boer"
    assert record.status is MeetingStatus.IN_PROGRESS
    assert not record.locked
    assert len(record.attendance) == 6
    assert {a.organisation_name for a in record.present} >= {"Hoorn", "Jeugdbescherming Noord"}
    assert [(d.number, d.item_position, d.text) for d in record.decisions] == [
        (1, 1, "Casus in behandeling genomen."), (2, 2, "Opschalen naar het expertisenetwerk.")]
    assert record.decisions[0].pseudonym == first.pseudonym
    assert record.decisions[0].child_name == first.child_name
    assert record.items[1].summary == "De GI heeft geen capaciteit."
    assert [a.number for a in record.items[1].new_actions] == [action.number]
    line = record.actions[0]
    assert (line.description, line.owner_label, line.due_on, line.status, line.times_postponed,
            line.new_in_meeting) == ("Expertisenetwerk benaderen", "Hoorn",
                                     TODAY + timedelta(days=7), ActionStatus.OPEN, 0, True)
    assert len(record.undiscussed_items) == len(items) - 2


def test_record_of_a_closed_meeting_shows_actions_as_they_stood(demo_store: Store) -> None:
    meeting, items = start_with_agenda(demo_store)
    ids = org_ids(demo_store)
    action = actions.create_action(demo_store, ActionInput(
        items[0].case_id or 0, "Plek zoeken", ids["Hoorn"], agenda_item_id=items[0].id))
    meetings.close_meeting(demo_store, meeting.id)
    actions.change_due_date(demo_store, action.id, action.due_on + timedelta(days=7))
    actions.change_action_status(demo_store, action.id, ActionStatus.DONE, "Plek gevonden")
    line = meeting_record.meeting_record(demo_store, meeting.id).actions[0]
    assert (line.status, line.due_on, line.times_postponed) == (ActionStatus.OPEN,
                                                                action.due_on, 0)
    assert action_rows.get_action(demo_store, action.id).status is ActionStatus.DONE


def test_record_uses_the_same_clock_as_the_action_history(demo_store: Store) -> None:
    """On a pinned day far from the real one (a back-dated demo, a test), what was recorded in
    the meeting is in its record, and what came after closing is not."""
    day = date(2099, 6, 1)
    pin_day(day)
    meeting, items = start_with_agenda(demo_store, day)
    action = actions.create_action(demo_store, ActionInput(
        items[0].case_id or 0, "Plek zoeken", org_ids(demo_store)["Hoorn"],
        agenda_item_id=items[0].id))
    actions.change_action_status(demo_store, action.id, ActionStatus.DONE, "Gelukt",
                                 meeting_id=meeting.id)
    closed = meetings.close_meeting(demo_store, meeting.id).meeting
    assert closed.closed_at is not None
    assert closed.closed_at.date() == day
    pin_day(day + timedelta(days=1))
    actions.change_action_status(demo_store, action.id, ActionStatus.OPEN, "Plek viel af")
    line = meeting_record.meeting_record(demo_store, meeting.id).actions[0]
    assert (line.status, line.new_in_meeting) == (ActionStatus.DONE, True)


def test_audit_holds_ids_only_and_the_chain_stays_intact(demo_store: Store) -> None:
    meeting, items = start_with_agenda(demo_store)
    decisions.add_decision(demo_store, items[0].id, "Casus in behandeling genomen.")
    meetings.close_meeting(demo_store, meeting.id)
    meeting_record.meeting_record(demo_store, meeting.id)
    entries = audit.list_entries(demo_store, limit=5000)
    assert any(e.object_type == "decision" and e.action is AuditAction.CREATE for e in entries)
    assert any(e.detail == "close" for e in entries)
    names = ("Noël", "Zoë", "Mila", "Jesse", "Vries", "Gemeentehuis")
    assert not any(name in f"{e.object_id} {e.detail}" for e in entries for name in names)
    assert audit_verify.verify_chain(demo_store) == []


def test_every_error_is_one_of_ours(demo_store: Store) -> None:
    for call in (lambda: agenda.list_agenda(demo_store, 404),
                 lambda: agenda.set_summary(demo_store, 404, "x"),
                 lambda: meeting_invitees.set_attendance(demo_store, 404, Attendance.PRESENT),
                 lambda: meetings.add_addendum(demo_store, 404, "x")):
        with pytest.raises(ExpertteamError):
            call()


def test_the_live_position_is_kept_while_the_meeting_runs(demo_store: Store) -> None:
    """Issue 17, stumble 10: live mode reopens at the case it was on after a crash."""
    from expertteam.services import live_meeting

    meeting, items = start_with_agenda(demo_store)
    assert meetings.get_meeting(demo_store, meeting.id).live_item_id is None
    live_meeting.remember_position(demo_store, meeting.id, items[2].id)
    assert meetings.get_meeting(demo_store, meeting.id).live_item_id == items[2].id
    meetings.close_meeting(demo_store, meeting.id)
    live_meeting.remember_position(demo_store, meeting.id, items[0].id)  # closed: kept as was
    assert meetings.get_meeting(demo_store, meeting.id).live_item_id == items[2].id


def test_the_chair_of_a_new_meeting(demo_store: Store) -> None:
    """The signed-in chair leads what they plan; a coordinator plans for the last chair."""
    from expertteam.domain.enums import UserRole
    from expertteam.services import users

    assert meetings.default_chair_name(demo_store) == ""
    start_with_agenda(demo_store)  # chaired by Marleen de Boer
    assert meetings.default_chair_name(demo_store) == "Marleen de Boer"
    demo_store.actor_id = users.create_user(demo_store, "Anna Visser", UserRole.CHAIR).id
    assert meetings.default_chair_name(demo_store) == "Anna Visser"
    demo_store.actor_id = users.create_user(demo_store, "Kees Blom", UserRole.COORDINATOR).id
    assert meetings.default_chair_name(demo_store) == "Marleen de Boer"
