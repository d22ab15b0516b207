from datetime import date, timedelta

import pytest

from expertteam.domain.enums import ActionStatus, CaseStatus, UserRole
from expertteam.domain.errors import LockedError, NotFoundError, StateError, ValidationError
from expertteam.services import (
    action_events,
    action_rows,
    actions,
    agenda,
    case_register,
    live_meeting,
    meeting_record,
    meetings,
    organisations,
)
from expertteam.services.action_rows import ActionFilter
from expertteam.services.actions import ActionInput
from expertteam.services.store import Store
from expertteam.storage.models.system import UserProfile
from tests.conftest import TODAY, pin_day
from tests.meeting_helpers import org_ids, plan, start_with_agenda


def _case(store: Store, name: str) -> int:
    return next(r.id for r in case_register.list_register(store) if r.child_name == name)


def _user(store: Store, name: str = "Marleen de Boer") -> int:
    with store.transaction() as session:
        user = UserProfile(name=name, role=UserRole.CHAIR)
        session.add(user)
        session.flush()
        return user.id


def test_create_action_numbers_globally_with_default_due(demo_store: Store) -> None:
    ids = org_ids(demo_store)
    first = actions.create_action(demo_store, ActionInput(
        _case(demo_store, "Noël de Vries"), "  Intake plannen  ", ids["GGZ Jong Westfriesland"]))
    second = actions.create_action(demo_store, ActionInput(
        _case(demo_store, "Chloë Jansen"), "Gezinshuis zoeken", ids["Hoorn"],
        due_on=date(2026, 12, 1)))
    assert (first.number, second.number) == (1, 2)
    assert first.description == "Intake plannen"
    assert first.due_on == date(2026, 12, 7)  # ten working days after Monday 23 November
    assert first.status is ActionStatus.OPEN
    assert first.is_open
    assert first.meeting_id is None
    assert first.agenda_item_id is None
    assert first.pseudonym.startswith(first.case_number)
    assert second.owner_label == "Hoorn"


def test_create_action_in_a_meeting_records_meeting_and_actor(demo_store: Store) -> None:
    meeting, items = start_with_agenda(demo_store)
    demo_store.actor_id = _user(demo_store)
    contacts = {c.name: c for c in organisations.list_contacts(demo_store)}
    sanne = contacts["Sanne Bakker"]
    item = items[0]
    action = actions.create_action(demo_store, ActionInput(
        item.case_id or 0, "Vaste jeugdbeschermer toewijzen", sanne.organisation_id, sanne.id,
        agenda_item_id=item.id))
    assert action.meeting_id == meeting.id
    assert action.owner_label == "Jeugdbescherming Noord (Sanne Bakker)"
    history = action_events.action_history(demo_store, action.id)
    assert len(history) == 1
    event = history[0]
    assert (event.kind, event.new_status, event.new_due_on) == ("created", ActionStatus.OPEN,
                                                                action.due_on)
    assert event.meeting_id == meeting.id
    assert event.meeting_held_on == TODAY
    assert event.recorded_by_id == demo_store.actor_id
    assert event.recorded_by_name == "Marleen de Boer"
    assert event.description == "Afgesproken, termijn 07-12-2026"
    assert agenda.list_agenda(demo_store, meeting.id)[0].discussed


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"description": " "}, "description"),
        ({"owner_organisation_id": None}, "owner_organisation_id"),
        ({"owner_organisation_id": 99999}, "owner_organisation_id"),
        ({"due_on": TODAY - timedelta(days=1)}, "due_on"),
        ({"owner_contact_id": -1}, "owner_contact_id"),
    ],
)
def test_create_action_validation(demo_store: Store, changes: dict[str, object],
                                  field: str) -> None:
    data = {"case_id": _case(demo_store, "Noël de Vries"), "description": "Bellen",
            "owner_organisation_id": org_ids(demo_store)["Hoorn"]}
    data.update(changes)
    with pytest.raises(ValidationError) as caught:
        actions.create_action(demo_store, ActionInput(**data))  # type: ignore[arg-type]
    assert caught.value.field == field
    assert caught.value.message
    assert action_rows.action_overview(demo_store) == []


def test_create_action_state_rules(demo_store: Store) -> None:
    ids = org_ids(demo_store)
    closed = next(r.id for r in case_register.list_register(demo_store)
                  if r.status is CaseStatus.CLOSED)
    with pytest.raises(StateError, match="afgesloten"):
        actions.create_action(demo_store, ActionInput(closed, "Bellen", ids["Hoorn"]))
    meeting = plan(demo_store)
    items = agenda.fill_agenda(demo_store, meeting.id).agenda
    with pytest.raises(StateError, match="nog niet gestart"):
        actions.create_action(demo_store, ActionInput(items[0].case_id or 0, "Bellen",
                                                      ids["Hoorn"], agenda_item_id=items[0].id))
    meetings.start_meeting(demo_store, meeting.id)
    with pytest.raises(StateError, match="andere casus"):
        actions.create_action(demo_store, ActionInput(items[1].case_id or 0, "Bellen",
                                                      ids["Hoorn"], agenda_item_id=items[0].id))
    with pytest.raises(NotFoundError):
        actions.create_action(demo_store, ActionInput(424242, "Bellen", ids["Hoorn"]))


def test_status_changes_need_notes_and_follow_the_rules(demo_store: Store) -> None:
    ids = org_ids(demo_store)
    action = actions.create_action(demo_store, ActionInput(
        _case(demo_store, "Daan Visser"), "Plek JeugdzorgPlus regelen", ids["Hoorn"]))
    with pytest.raises(ValidationError) as caught:
        actions.change_action_status(demo_store, action.id, ActionStatus.NOT_DONE)
    assert caught.value.field == "note"
    with pytest.raises(StateError, match="al"):
        actions.change_action_status(demo_store, action.id, ActionStatus.OPEN)
    done = actions.change_action_status(demo_store, action.id, ActionStatus.DONE)
    assert done.status is ActionStatus.DONE
    assert done.status_changed_on == TODAY
    with pytest.raises(StateError, match="heropen"):
        actions.change_action_status(demo_store, action.id, ActionStatus.NOT_DONE, "Toch niet")
    actions.change_action_status(demo_store, action.id, ActionStatus.OPEN, "Plek viel af")
    not_done = actions.change_action_status(demo_store, action.id, ActionStatus.NOT_DONE,
                                            "Aanbieder weigert opname")
    assert not_done.status is ActionStatus.NOT_DONE
    history = action_events.action_history(demo_store, action.id)
    assert [(e.kind, e.old_status, e.new_status, e.note) for e in history] == [
        ("created", None, ActionStatus.OPEN, ""),
        ("status", ActionStatus.OPEN, ActionStatus.DONE, ""),
        ("status", ActionStatus.DONE, ActionStatus.OPEN, "Plek viel af"),
        ("status", ActionStatus.OPEN, ActionStatus.NOT_DONE, "Aanbieder weigert opname"),
    ]
    assert history[-1].description == "status Open → Niet gedaan — Aanbieder weigert opname"
    assert all(e.at is not None for e in history)


def test_due_date_changes_count_postponements(demo_store: Store) -> None:
    ids = org_ids(demo_store)
    action = actions.create_action(demo_store, ActionInput(
        _case(demo_store, "Eva van Dijk"), "Behandelgroep benaderen", ids["Hoorn"]))
    later = actions.change_due_date(demo_store, action.id, action.due_on + timedelta(days=7),
                                    "Aanbieder met vakantie")
    assert later.times_postponed == 1
    earlier = actions.change_due_date(demo_store, action.id, action.due_on - timedelta(days=2))
    assert earlier.times_postponed == 1
    again = actions.change_due_date(demo_store, action.id, action.due_on + timedelta(days=21))
    assert again.times_postponed == 2
    with pytest.raises(StateError, match="deze termijn al"):
        actions.change_due_date(demo_store, action.id, again.due_on)
    with pytest.raises(ValidationError) as caught:
        actions.change_due_date(demo_store, action.id, TODAY - timedelta(days=1))
    assert caught.value.field == "due_on"
    actions.change_action_status(demo_store, action.id, ActionStatus.CANCELLED,
                                 "Kind verhuisd")
    with pytest.raises(StateError, match="open actie"):
        actions.change_due_date(demo_store, action.id, again.due_on + timedelta(days=1))
    history = action_events.action_history(demo_store, action.id)
    assert [e.kind for e in history] == ["created", "due", "due", "due", "status"]
    assert history[1].old_due_on == action.due_on
    assert history[1].description.startswith("termijn 07-12-2026 → 14-12-2026")


def test_undo_and_redo_work_as_a_stack_over_the_history(demo_store: Store) -> None:
    ids = org_ids(demo_store)
    action = actions.create_action(demo_store, ActionInput(
        _case(demo_store, "Liam Smit"), "Verslavingszorg moeder starten", ids["Hoorn"]))
    postponed = actions.change_due_date(demo_store, action.id, action.due_on + timedelta(days=7))
    due_event = action_events.last_event_id(demo_store, action.id)
    done = actions.change_action_status(demo_store, action.id, ActionStatus.DONE, "Gestart")
    status_event = action_events.last_event_id(demo_store, action.id)
    assert (done.status, done.times_postponed) == (ActionStatus.DONE, 1)
    with pytest.raises(StateError, match="intussen gewijzigd"):
        action_events.undo_event(demo_store, action.id, due_event)  # not the latest in effect
    reopened = action_events.undo_event(demo_store, action.id, status_event)
    assert reopened.status is ActionStatus.OPEN
    undone = action_events.undo_event(demo_store, action.id, due_event)  # next on the stack
    assert (undone.due_on, undone.times_postponed) == (action.due_on, 0)
    with pytest.raises(StateError, match="opnieuw"):
        action_events.redo_event(demo_store, action.id, status_event)  # the due change comes first
    redone = action_events.redo_event(demo_store, action.id, due_event)
    assert (redone.due_on, redone.times_postponed) == (postponed.due_on, 1)
    again = action_events.redo_event(demo_store, action.id, status_event)
    assert again.status is ActionStatus.DONE
    history = action_events.action_history(demo_store, action.id)
    assert [e.kind for e in history] == ["created", "due", "status", "reverted", "reverted",
                                         "reapplied", "reapplied"]
    assert history[3].description == "Ongedaan gemaakt: status Gedaan → Open — Ongedaan gemaakt"
    # A new change ends the redo chain.
    action_events.undo_event(demo_store, action.id, status_event)
    actions.change_due_date(demo_store, action.id, postponed.due_on + timedelta(days=7))
    with pytest.raises(StateError):
        action_events.redo_event(demo_store, action.id, status_event)
    assert action_rows.get_action(demo_store, action.id).times_postponed == 2


def test_undoing_a_creation_withdraws_and_redo_restores_the_same_number(
        demo_store: Store) -> None:
    meeting, items = start_with_agenda(demo_store)
    ids = org_ids(demo_store)
    item = items[0]
    action = actions.create_action(demo_store, ActionInput(
        item.case_id or 0, "Per abuis", ids["Hoorn"], agenda_item_id=item.id))
    created = action_events.last_event_id(demo_store, action.id)
    withdrawn = action_events.undo_event(demo_store, action.id, created, meeting_id=meeting.id)
    assert withdrawn.status is ActionStatus.CANCELLED
    assert meeting_record.meeting_record(demo_store, meeting.id).actions == ()
    assert action_rows.action_overview(demo_store) == []
    live = live_meeting.live_item(demo_store, item.id)
    assert live.actions == ()
    restored = action_events.redo_event(demo_store, action.id, created, meeting_id=meeting.id)
    assert (restored.status, restored.number) == (ActionStatus.OPEN, action.number)
    assert [a.number for a in meeting_record.meeting_record(demo_store, meeting.id).actions] == [
        action.number]
    kinds = [e.kind for e in action_events.action_history(demo_store, action.id)]
    assert kinds == ["created", "withdrawn", "restored"]


def test_meeting_changes_are_locked_after_closing(demo_store: Store) -> None:
    meeting, items = start_with_agenda(demo_store)
    ids = org_ids(demo_store)
    action = actions.create_action(demo_store, ActionInput(
        items[0].case_id or 0, "Plek zoeken", ids["Hoorn"], agenda_item_id=items[0].id))
    meetings.close_meeting(demo_store, meeting.id)
    with pytest.raises(LockedError, match="gesloten"):
        action_events.undo_event(demo_store, action.id,
                                 action_events.last_event_id(demo_store, action.id))
    with pytest.raises(LockedError, match="gesloten"):
        actions.change_action_status(demo_store, action.id, ActionStatus.DONE,
                                     meeting_id=meeting.id)
    # Between meetings the action itself lives on.
    done = actions.change_action_status(demo_store, action.id, ActionStatus.DONE, "Gelukt")
    assert done.status is ActionStatus.DONE


def test_marking_an_earlier_action_done_in_the_next_meeting(demo_store: Store) -> None:
    meeting, items = start_with_agenda(demo_store)
    ids = org_ids(demo_store)
    action = actions.create_action(demo_store, ActionInput(
        items[0].case_id or 0, "Plek zoeken", ids["Hoorn"], agenda_item_id=items[0].id))
    meetings.close_meeting(demo_store, meeting.id)
    following, next_items = start_with_agenda(demo_store, TODAY + timedelta(days=14))
    review = next_items[0]
    assert review.case_id == items[0].case_id
    assert not review.discussed
    done = actions.change_action_status(demo_store, action.id, ActionStatus.DONE, "Plek gevonden",
                                        meeting_id=following.id)
    assert done.status is ActionStatus.DONE
    assert agenda.list_agenda(demo_store, following.id)[0].discussed
    history = action_events.action_history(demo_store, action.id)
    assert [(e.kind, e.meeting_id) for e in history] == [("created", meeting.id),
                                                         ("status", following.id)]
    record = meeting_record.meeting_record(demo_store, following.id)
    reviewed = record.items[0].reviewed_actions
    assert [(a.number, a.status, a.changed_in_meeting, a.note) for a in reviewed] == [
        (action.number, ActionStatus.DONE, True, "Plek gevonden")]
    live = live_meeting.live_item(demo_store, review.id)
    assert [a.status for a in live.actions] == [ActionStatus.DONE]  # stays visible


def test_action_overview_per_owner_with_overdue_flag_and_filters(demo_store: Store) -> None:
    ids = org_ids(demo_store)
    pin_day(TODAY - timedelta(days=21))
    early = actions.create_action(demo_store, ActionInput(
        _case(demo_store, "Finn Dekker"), "JeugdzorgPlus aanvragen", ids["Hoorn"],
        due_on=TODAY - timedelta(days=7)))
    pin_day(TODAY)
    on_time = actions.create_action(demo_store, ActionInput(
        _case(demo_store, "Sára Koç"), "Traumabehandeling starten", ids["Enkhuizen"]))
    gi = actions.create_action(demo_store, ActionInput(
        _case(demo_store, "Sára Koç"), "Plan van aanpak sturen",
        ids["Jeugdbescherming West"], due_on=TODAY))
    finished = actions.create_action(demo_store, ActionInput(
        _case(demo_store, "Eva van Dijk"), "Overdracht", ids["Hoorn"]))
    actions.change_action_status(demo_store, finished.id, ActionStatus.DONE)
    rows = action_rows.action_overview(demo_store)
    assert [r.number for r in rows] == [on_time.number, early.number, gi.number]  # by owner
    overdue = rows[1]
    assert overdue.overdue
    assert overdue.working_days_overdue == 5
    assert not rows[0].overdue
    assert not rows[2].overdue
    only_late = action_rows.action_overview(demo_store, ActionFilter(overdue_only=True))
    assert [r.number for r in only_late] == [early.number]
    hoorn = action_rows.action_overview(demo_store,
                                        ActionFilter(owner_organisation_id=ids["Hoorn"]))
    assert [r.number for r in hoorn] == [early.number]
    everything = action_rows.action_overview(
        demo_store, ActionFilter(statuses=(), owner_organisation_id=ids["Hoorn"]))
    assert [r.number for r in everything] == [early.number, finished.number]
    text = action_rows.action_overview(demo_store, ActionFilter(text="trauma"))
    assert [r.number for r in text] == [on_time.number]
    by_case = action_rows.case_actions(demo_store, _case(demo_store, "Sára Koç"))
    assert [a.number for a in by_case] == [on_time.number, gi.number]


def test_owner_choices_put_present_organisations_first(demo_store: Store) -> None:
    meeting, _items = start_with_agenda(demo_store)
    choices = live_meeting.owner_choices(demo_store, meeting.id)
    present = [c for c in choices if c.present]
    assert present[0].label == "Hoorn"
    assert "Hoorn — Petra Zwart" in {c.label for c in present}
    assert all(c.present for c in choices[:len(present)])
    assert {c.label for c in choices[len(present):]} >= {"Opmeer", "Jeugdautoriteit"}
