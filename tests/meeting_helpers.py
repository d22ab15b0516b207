"""Helpers for meeting tests on the demo region (names from ``services.demo``)."""

from __future__ import annotations

from datetime import date

from expertteam.domain.enums import Attendance
from expertteam.services import agenda, meeting_invitees, meetings, organisations
from expertteam.services.agenda import AgendaItemInfo
from expertteam.services.meeting_data import InviteeInput, MeetingInfo, MeetingInput
from expertteam.services.store import Store
from tests.conftest import TODAY

INVITED = ("Hoorn", "Enkhuizen", "Jeugdbescherming Noord", "William Schrikker Jeugdbescherming",
           "GGZ Jong Westfriesland", "Ondersteuningsteam Zorg voor de Jeugd (OZJ)")


def org_ids(store: Store) -> dict[str, int]:
    return {o.name: o.id for o in organisations.list_organisations(store)}


def plan(store: Store, held_on: date = TODAY, invited: tuple[str, ...] = INVITED,
         place: str = "Gemeentehuis Hoorn") -> MeetingInfo:
    ids = org_ids(store)
    return meetings.plan_meeting(
        store, MeetingInput(held_on, place=place, chair_name="Marleen de Boer",
                            minute_taker_name="Rik Jansen"),
        [InviteeInput(ids[name]) for name in invited])


def start_with_agenda(store: Store, held_on: date = TODAY) -> tuple[MeetingInfo,
                                                                    list[AgendaItemInfo]]:
    """A planned, filled and started meeting with everyone invited present."""
    meeting = plan(store, held_on)
    items = agenda.fill_agenda(store, meeting.id).agenda
    for invitee in meeting.invitees:
        meeting_invitees.set_attendance(store, invitee.id, Attendance.PRESENT)
    return meetings.start_meeting(store, meeting.id), items
